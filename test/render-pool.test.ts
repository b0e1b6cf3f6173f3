/**
 * The worker pool enforces its limits: `render.renderTimeoutMs` (a slow render fails with
 * `timeout`) and `render.maxQueue` (a full queue fails fast with `overloaded`).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../src/render/pool.js';
import { buildCardText } from '../src/render/card-model.js';
import { brand } from './render-helpers.js';
import type { RenderJob } from '../src/render/pipeline.js';

/** Answers each job with its title after 20 ms: the order the pool handed jobs out is visible. */
const echoWorker = fileURLToPath(new URL('./render-echo-worker.ts', import.meta.url));
const job: RenderJob = { template: 'standard', preset: 'og', format: 'png', card: buildCardText({ title: 'Pool limits', authors: [], lang: 'en' }), brand };

describe('render pool limits', () => {
  it('fails a render that exceeds renderTimeoutMs with timeout', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 4, timeoutMs: 1 });
    try {
      await expect(pool.run(job)).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      await pool.close();
    }
  });

  it('refuses work beyond maxQueue with overloaded and a Retry-After', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 1, timeoutMs: 20_000 });
    try {
      await pool.run(job); // the worker is up
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => pool.run(job)));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      expect(rejected.length).toBeGreaterThan(0);
      for (const r of rejected) expect(r.reason).toMatchObject({ kind: 'overloaded', retryAfterSeconds: 1 });
    } finally {
      await pool.close();
    }
  });

  it('draws cards first come, first served under a steady stream, each within the deadline', { timeout: 30_000 }, async () => {
    // piscina's own queue sent a task it could not place to the back: some cards waited until
    // the deadline while later ones drew. 16 callers keep the pool busy, as crawlers would.
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 10_000, workerFile: echoWorker });
    try {
      const started: number[] = [];
      const finished: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < 120) {
            const i = next++;
            started.push(i);
            const title = (await pool.run({ ...job, card: { ...job.card, title: String(i) } })) as unknown as string;
            finished.push(Number(title));
          }
        }),
      );
      expect(finished).toEqual(started);
    } finally {
      await pool.close();
    }
  });

  it('refuses the cards still waiting when it closes, and every card after', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 16, timeoutMs: 10_000, workerFile: echoWorker });
    await pool.run(job); // the worker is up
    const cards = Array.from({ length: 5 }, (_, i) => pool.run({ ...job, card: { ...job.card, title: String(i) } }));
    const settled = Promise.allSettled(cards);
    await pool.close();
    const results = await settled;
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // The first may have been drawing already (then it ends with the worker); the rest waited.
    expect(refused.filter((r) => r.reason.kind === 'overloaded').length).toBeGreaterThanOrEqual(4);
    await expect(pool.run(job)).rejects.toMatchObject({ kind: 'overloaded' });
  });

  it('checks its options by name', () => {
    expect(() => createWorkerPool({ threads: 0, maxQueue: 1, timeoutMs: 1 })).toThrow(/threads/);
    expect(() => createWorkerPool({ threads: 1, maxQueue: 0, timeoutMs: 1 })).toThrow(/maxQueue/);
  });
});
