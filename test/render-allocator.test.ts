/**
 * resvg's allocator (mimalloc) must see the purge delay that src/render/native-memory.ts sets,
 * in the worker threads that draw cards: a worker's process.env is a copy, so the setting only
 * reaches native code when the main thread makes it before the first worker loads resvg.
 * mimalloc prints its options at start-up with MIMALLOC_VERBOSE=1; that is what is read here.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';

const tmp = tempDir('sharecard-alloc-');
afterAll(() => tmp.cleanup());

function purgeDelaySeenByResvg(env: Record<string, string>): string | undefined {
  const script = path.join(tmp.dir, 'draw-one.mts');
  const url = (p: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, p)).href);
  writeFileSync(
    script,
    `import { createWorkerPool } from ${url('src/render/pool.ts')};
import { referenceJob } from ${url('bench/lib.ts')};
const pool = createWorkerPool({ threads: 1, maxQueue: 4, timeoutMs: 60_000 });
await pool.run(referenceJob());
await pool.close();
`,
  );
  const { MIMALLOC_PURGE_DELAY: _, ...rest } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...rest, MIMALLOC_VERBOSE: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return /mimalloc: option 'purge_delay': (-?\d+)/.exec(run.stderr)?.[1];
}

describe('resvg allocator settings', () => {
  it('keeps freed memory for a second in the render workers', () => {
    expect(purgeDelaySeenByResvg({})).toBe('1000');
  }, 60_000);

  it("leaves an operator's own MIMALLOC_PURGE_DELAY alone", () => {
    expect(purgeDelaySeenByResvg({ MIMALLOC_PURGE_DELAY: '10' })).toBe('10');
  }, 60_000);
});
