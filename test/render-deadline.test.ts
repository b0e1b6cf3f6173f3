/**
 * `render.renderTimeoutMs` is a deadline, not a wish: a render that never returns answers 504
 * `timeout`, its worker thread is terminated and replaced, and the pool (here one thread, so
 * nothing else could serve) goes on drawing cards.
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from '../src/render/pool.js';
import { auth, startTestServer } from './helpers.js';

const workerFile = fileURLToPath(new URL('./render-hang-worker.ts', import.meta.url));
let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  const pool = createWorkerPool({ threads: 1, maxQueue: 8, timeoutMs: 4_000, workerFile });
  const server = await startTestServer({ renderPool: pool });
  stop = server.stop;
  base = server.url;
  for (const [slug, title] of [['hangs', 'Hang forever'], ['draws', 'Talks resume in Istanbul']]) {
    const res = await fetch(`${base}/api/articles/${slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ url: `https://news.example.com/${slug}`, title }) });
    expect(res.status).toBe(201);
  }
}, 60_000);
afterAll(() => stop());

describe('render deadline', () => {
  it('answers 504 for a render that never returns, then draws the next card on a fresh worker', { timeout: 60_000 }, async () => {
    // Warm the only worker first, so the deadline below is spent in the hung render alone.
    const warm = await fetch(`${base}/og/draws/x.png`);
    expect(warm.status).toBe(200);
    await warm.arrayBuffer();

    const hung = await fetch(`${base}/og/hangs.png`);
    expect(hung.status).toBe(504);
    expect((await hung.json()).error.code).toBe('timeout');

    // The spinning thread was terminated: with one thread, this card could not be drawn otherwise.
    const next = await fetch(`${base}/og/draws.png`);
    expect(next.status).toBe(200);
    const meta = await sharp(Buffer.from(await next.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
  });
});
