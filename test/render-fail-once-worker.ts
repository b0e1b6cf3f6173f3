/**
 * A render worker for test/render-pool-failures.test.ts that fails once, outside any card, the
 * way a worker can die under a fresh pool: the first worker to start either throws while
 * loading (FAIL_ONCE_MODE=start) or ends its thread under its first card (FAIL_ONCE_MODE=exit).
 * Later workers answer each job with its title. FAIL_ONCE_MODE=always-exit dies under every card. A marker file (FAIL_ONCE_MARKER) makes "once"
 * hold across worker threads.
 */
import { writeFileSync } from 'node:fs';
import type { RenderJob } from '../src/render/pipeline.js';

const marker = process.env.FAIL_ONCE_MARKER ?? '';
const mode = process.env.FAIL_ONCE_MODE;

/** True for the one worker that wins the marker file. */
function first(): boolean {
  try {
    writeFileSync(marker, 'failed', { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

if (mode === 'start' && first()) throw new Error('this worker failed to start (test)');

export default async function failOnce(job: RenderJob): Promise<string> {
  if ((mode === 'exit' && first()) || mode === 'always-exit') process.exit(1);
  return job.card.title;
}
