/**
 * Cards drawn back to back must give their native memory back. resvg's trees and pixmaps
 * (~6 MB a card) are freed by finalizers that only run when the event loop turns, and a
 * truecolour card is drawn without ever leaving the thread; when nothing turned the loop,
 * every pixmap stayed until the process ran out of memory (+6.5 MB per card, inline and in
 * piscina's workers, which wait for their next task without turning it).
 *
 * Measured as the process's resident memory (the worker threads are in it) across 80 distinct
 * cards after a warm-up. The worker's young generation is capped through its resourceLimits
 * (render.heap compact), so scavenges come often enough to free each card's pixmaps.
 * Measured with the leak: +518 MB inline, +175 MB in a worker; without it: +23 to +29 MB.
 */
import { describe, expect, it } from 'vitest';
import { buildCardText } from '../src/render/card-model.js';
import type { RenderJob } from '../src/render/pipeline.js';
import { createInlinePool, createWorkerPool, type RenderPool } from '../src/render/pool.js';
import { brand } from './render-helpers.js';

const CARDS = 80;
const ALLOWED_GROWTH_MB = 100;

let serial = 0;
const job = (): RenderJob => ({
  template: 'standard',
  preset: 'og',
  format: 'png',
  card: buildCardText({ title: `Talks resume in Istanbul as envoys trade proposals, round ${++serial}`, description: 'Negotiators met for six hours.', authors: [], lang: 'en' }),
  brand,
});

/** RSS growth over CARDS cards, with `callers` requests in flight as a busy server has. */
async function growthMb(pool: RenderPool, callers: number): Promise<number> {
  const draw = async (n: number) => {
    let left = n;
    await Promise.all(Array.from({ length: callers }, async () => {
      while (left-- > 0) await pool.run(job());
    }));
  };
  try {
    await draw(10);
    const before = process.memoryUsage().rss;
    await draw(CARDS);
    return (process.memoryUsage().rss - before) / 1024 / 1024;
  } finally {
    await pool.close();
  }
}

describe('native memory of drawn cards', () => {
  it(`is given back when cards are drawn inline, one after another (${CARDS} cards)`, { timeout: 120_000 }, async () => {
    expect(await growthMb(createInlinePool(), 1)).toBeLessThan(ALLOWED_GROWTH_MB);
  });

  it(`is given back in a worker drawing cards back to back (${CARDS} cards)`, { timeout: 120_000 }, async () => {
    expect(await growthMb(createWorkerPool({ threads: 1, maxQueue: 8, timeoutMs: 60_000 }), 4)).toBeLessThan(ALLOWED_GROWTH_MB);
  });
});
