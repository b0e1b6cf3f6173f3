/**
 * The worker pool enforces its limits: `render.renderTimeoutMs` (a slow render fails with
 * `timeout`), `render.queueDeadlineMs` (a card that cannot start in time is refused with
 * `overloaded`, early when the queue says so) and `render.maxQueue` (a memory bound); and it
 * keeps its lanes: background cards (drawn on publish) wait behind every requested card, are
 * never refused, and move up when a client asks for one.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../src/render/pool.js';
import { buildCardText } from '../src/render/card-model.js';
import { brand } from './render-helpers.js';
import type { RenderJob } from '../src/render/pipeline.js';

/** Answers each job with its title after 20 ms: the order the pool handed jobs out is visible. */
const echoWorker = fileURLToPath(new URL('./render-echo-worker.ts', import.meta.url));
const hangWorker = fileURLToPath(new URL('./render-hang-worker.ts', import.meta.url));
const slowStartWorker = fileURLToPath(new URL('./render-slow-start-worker.ts', import.meta.url));
const titled = (title: string): RenderJob => ({ ...job, card: { ...job.card, title } });
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
      for (const r of rejected) expect(r.reason).toMatchObject({ kind: 'overloaded' });
      // Retry-After: the expected wait, in whole seconds, at least one.
      for (const r of rejected) expect(r.reason.retryAfterSeconds).toBeGreaterThanOrEqual(1);
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
    expect(() => createWorkerPool({ threads: 1, maxQueue: 1, timeoutMs: 1, queueDeadlineMs: 0 })).toThrow(/queueDeadlineMs/);
  });
});

describe('render pool lanes', () => {
  it('draws background cards only when no requested card waits', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 10_000, workerFile: echoWorker });
    try {
      await pool.run(titled('warm'));
      const order: string[] = [];
      const run = (title: string, lane: 'demand' | 'background') => pool.run(titled(title), { lane }).then((t) => order.push(t as unknown as string));
      // b1 takes the idle worker; the rest queue while it draws.
      await Promise.all([run('b1', 'background'), run('b2', 'background'), run('b3', 'background'), run('d1', 'demand'), run('d2', 'demand')]);
      expect(order).toEqual(['b1', 'd1', 'd2', 'b2', 'b3']);
    } finally {
      await pool.close();
    }
  });

  it('leaves one worker of several to requested cards: a request never waits for a background card', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 2, maxQueue: 64, timeoutMs: 10_000, workerFile: echoWorker });
    try {
      await Promise.all([pool.run(titled('warm')), pool.run(titled('warm'))]);
      const background = ['b1', 'b2', 'b3'].map((t) => pool.run(titled(t), { lane: 'background' }));
      expect(pool.load()).toMatchObject({ running: 1, waiting: { background: 2 } });
      const demand = pool.run(titled('d1'));
      expect(pool.load()).toMatchObject({ running: 2, waiting: { demand: 0, background: 2 } });
      expect(await demand).toBe('d1');
      await Promise.all(background);
    } finally {
      await pool.close();
    }
  });

  it('moves a background card to the demand lane when a client asks for it', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 10_000, workerFile: echoWorker });
    try {
      await pool.run(titled('warm'));
      const order: string[] = [];
      let promote = () => {};
      const promoted = new Promise<void>((resolve) => (promote = resolve));
      const cards = ['b1', 'b2', 'b3', 'b4'].map((t) => pool.run(titled(t), { lane: 'background', ...(t === 'b4' ? { promoted } : {}) }).then((x) => order.push(x as unknown as string)));
      promote();
      await Promise.all(cards);
      expect(order).toEqual(['b1', 'b4', 'b2', 'b3']);
    } finally {
      await pool.close();
    }
  });

  it('refuses a requested card at once when the queue cannot start it within queueDeadlineMs, never a background card', { timeout: 30_000 }, async () => {
    // 20 ms a card (more on a busy machine), one worker, a 300 ms deadline: a few cards can wait, not 40.
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 10_000, queueDeadlineMs: 300, workerFile: echoWorker });
    try {
      for (let i = 0; i < 10; i++) await pool.run(titled('warm')); // the render-time estimate settles near 20 ms
      const background = Array.from({ length: 20 }, (_, i) => pool.run(titled(`b${i}`), { lane: 'background' }));
      const demand = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => pool.run(titled(`d${i}`))));
      const refused = demand.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(demand.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.reason).toMatchObject({ kind: 'overloaded' });
      for (const r of refused) expect(r.reason.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((await Promise.allSettled(background)).every((r) => r.status === 'fulfilled')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('does not count a fresh pool starting its workers as render time (16 callers on a fresh pool)', { timeout: 30_000 }, async () => {
    // Regression: the first card's second of worker start-up entered the estimate, and the next
    // requests of the first burst were refused although the queue would drain in time.
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 10_000, queueDeadlineMs: 2_000, workerFile: slowStartWorker });
    try {
      let next = 0;
      const outcomes: string[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < 48) {
            const i = next++;
            outcomes.push(await pool.run(titled(String(i))).then(() => 'ok', (e: { kind?: string }) => e.kind ?? 'error'));
          }
        }),
      );
      expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('refuses a requested card still waiting at queueDeadlineMs with overloaded, not timeout', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 3_000, queueDeadlineMs: 300, workerFile: hangWorker });
    try {
      const stuck = pool.run(titled('Hang forever'));
      const waiting = pool.run(titled('behind it'));
      await expect(waiting).rejects.toMatchObject({ kind: 'overloaded' });
      await expect(stuck).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      await pool.close();
    }
  });

  it('reports its load by lane', { timeout: 30_000 }, async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 10_000, workerFile: echoWorker });
    try {
      const cards = [pool.run(titled('a')), pool.run(titled('b')), pool.run(titled('c'), { lane: 'background' })];
      expect(pool.load()).toMatchObject({ threads: 1, running: 1, waiting: { demand: 1, background: 1 } });
      await Promise.all(cards);
      expect(pool.load()).toMatchObject({ running: 0, waiting: { demand: 0, background: 0 } });
    } finally {
      await pool.close();
    }
  });
});
