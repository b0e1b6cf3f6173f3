/**
 * `render.heap` decides each render worker's heap limits through the Worker `resourceLimits`
 * option, under plain `node` (no flags, no NODE_OPTIONS): `compact` caps the young generation at
 * 24 MB (8 MB semi-spaces) and the old at 512 MB, `fast` keeps V8's defaults (16 MB semi-spaces
 * on 64-bit, a limit sized from the machine's memory). The main thread and the process's V8
 * flags are left as node started them. Run in a child started
 * as `node bin/sharecard.js serve` starts, so the test runner's own flags cannot interfere.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';

const tmp = tempDir('sharecard-heap-');
afterAll(() => tmp.cleanup());

describe('render worker heaps', () => {
  it('gives the workers the heap limits of render.heap through resourceLimits, and leaves the main thread alone', () => {
    const script = path.join(tmp.dir, 'heaps.mts');
    const url = (p: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, p)).href);
    writeFileSync(
      script,
      `import { createWorkerPool } from ${url('src/render/pool.ts')};
import worker from ${url('test/render-heap-worker.ts')};
const file = ${JSON.stringify(path.join(repoRoot, 'test', 'render-heap-worker.ts'))};
const out = {};
for (const heap of ['compact', 'fast']) {
  const pool = createWorkerPool({ threads: 1, maxQueue: 1, timeoutMs: 60_000, workerFile: file, heap });
  out[heap] = await pool.run(null);
  await pool.close();
}
// Measured after the pools: a flag set at run time for the workers would show here too.
out.main = worker();
console.log(JSON.stringify(out));
`,
    );
    const { NODE_OPTIONS: _omit, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const mb = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<'main' | 'compact' | 'fast', { youngMb: number; limitMb: number }>;
    // New space = two semi-spaces: 8 MB each for compact, V8's 16 MB for fast and the main thread.
    expect([mb.main.youngMb, mb.compact.youngMb, mb.fast.youngMb]).toEqual([32, 16, 32]);
    // The whole limit: 512 MB of old generation and the young generation for compact; V8's
    // default, the same as the main thread's, for fast.
    expect(mb.compact.limitMb).toBeGreaterThanOrEqual(512 + 16);
    expect(mb.compact.limitMb).toBeLessThanOrEqual(512 + 48);
    expect(mb.fast.limitMb).toBe(mb.main.limitMb);
    expect(mb.main.limitMb).toBeGreaterThan(mb.compact.limitMb);
  }, 60_000);
});
