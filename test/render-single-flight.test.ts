/**
 * Single-flight in the renderer (src/render/renderer.ts), with a pool and a cache the test
 * holds: a request for a card being drawn joins the drawing; one that arrives after the worker
 * has drawn it, while the cache tiers are still being written, waits for no render and is
 * answered as a cache hit (X-Sharecard-Cache: hit).
 */
import { describe, expect, it } from 'vitest';
import type { CachedCard, RenderCache } from '../src/cache/types.js';
import type { RenderJob, RenderResult } from '../src/render/pipeline.js';
import type { RenderPool } from '../src/render/pool.js';
import { createRenderer } from '../src/render/renderer.js';
import { fixtureArticles } from './render-helpers.js';

/** A promise and the function that settles it. */
function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('renderer single-flight', () => {
  it('joins a card being drawn; after the worker drew it, a request is a hit while the cache is still written', async () => {
    const drawing = gate<RenderResult>();
    const storing = gate();
    let runs = 0;
    let sets = 0;
    const pool: RenderPool = {
      kind: 'inline',
      threads: 1,
      run: (_job: RenderJob) => (runs++, drawing.promise),
      load: () => ({ threads: 1, running: 0, waiting: { demand: 0, background: 0 }, renderMs: 50 }),
      close: async () => undefined,
    };
    const stored = new Map<string, CachedCard>();
    const cache: RenderCache = {
      name: 'held',
      get: async (key) => stored.get(key) ?? null,
      set: async (key, value) => {
        sets++;
        await storing.promise;
        stored.set(key, value);
      },
      delete: async (key) => void stored.delete(key),
      close: async () => undefined,
    };
    const renderer = createRenderer({ site: { name: 'Example News', themeColor: '#0b1020', accentColor: '#e4002b', logo: null }, baseDir: process.cwd(), pool, cache });
    const request = { article: fixtureArticles().find((a) => !a.image)!, preset: 'og' as const, format: 'png' as const };

    const first = renderer.render(request);
    await tick();
    const during = renderer.render(request);
    await tick();
    expect(runs).toBe(1);
    drawing.open({ body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mime: 'image/png', width: 1200, height: 630, encoding: 'png', timingsMs: { fit: 0, satori: 0, resvg: 0, encode: 0 } });
    for (let i = 0; i < 5 && sets === 0; i++) await tick();
    expect(sets).toBe(1);
    // Drawn, not yet stored: this request waits for the cache write only.
    const after = renderer.render(request);
    await tick();
    storing.open();
    const [a, b, c] = await Promise.all([first, during, after]);
    expect([a.source, b.source, c.source]).toEqual(['rendered', 'joined', 'cache']);
    expect(new Set([a.etag, b.etag, c.etag]).size).toBe(1);
    expect(runs).toBe(1);
    expect((await renderer.render(request)).source).toBe('cache');
  });
});
