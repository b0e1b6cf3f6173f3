/**
 * `render.heap` decides the render workers' young generation, whatever the command line gave
 * the main thread: `npm start` starts node with small semi-spaces (the main thread only serves
 * HTTP), and V8 applies `--max-semi-space-size` to every heap it creates afterwards, a Worker's
 * resourceLimits notwithstanding. src/render/pool.ts sets the flag for each mode before the
 * workers start. Run in a child started as `npm start` starts the server.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startCommand } from '../bench/lib.js';
import { repoRoot, tempDir } from './helpers.js';

const tmp = tempDir('sharecard-heap-');
afterAll(() => tmp.cleanup());

describe('render worker heaps', () => {
  it('gives the main thread small semi-spaces under npm start, and the workers those of render.heap', () => {
    expect(startCommand.env.NODE_OPTIONS).toMatch(/--max-semi-space-size=\d+/);
    const script = path.join(tmp.dir, 'heaps.mts');
    const url = (p: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, p)).href);
    writeFileSync(
      script,
      `import { createWorkerPool } from ${url('src/render/pool.ts')};
import worker from ${url('test/render-heap-worker.ts')};
const file = ${JSON.stringify(path.join(repoRoot, 'test', 'render-heap-worker.ts'))};
const out = { main: worker() };
for (const heap of ['compact', 'fast']) {
  const pool = createWorkerPool({ threads: 1, maxQueue: 1, timeoutMs: 60_000, workerFile: file, heap });
  out[heap] = await pool.run(null);
  await pool.close();
}
console.log(JSON.stringify(out));
`,
    );
    const run = spawnSync(process.execPath, [...startCommand.nodeArgs, '--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...startCommand.env }, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const mb = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<'main' | 'compact' | 'fast', number>;
    // New space = two semi-spaces: 2 MB each under npm start, 4 MB for compact, V8's 16 MB for fast.
    expect(mb).toEqual({ main: 4, compact: 8, fast: 32 });
  }, 60_000);
});
