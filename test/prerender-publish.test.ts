/**
 * Draw on publish (docs/prerender.md), through the real app and a real worker: the cards of a
 * story published over the API are drawn before any request, so the first fetch is a cache
 * hit; an edited story is drawn again; an identical write, a draft and a deletion draw
 * nothing; a card a client asks for while it is still queued is drawn once, not twice.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { createServices } from '../src/services.js';
import { cardsToDraw } from '../src/render/prerender-queue.js';
import { createWorkerPool } from '../src/render/pool.js';
import type { Services } from '../src/services.js';
import { auth, fixtureBody, loadFixtures, silentLog, startTestServer, tempDir, testConfig } from './helpers.js';
import { countingPool } from './render-helpers.js';

let services: Services;
let base: string;
let stop: () => Promise<void>;
let runs: () => number;

beforeAll(async () => {
  const counting = countingPool(createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 60_000 }), { owns: true });
  runs = counting.runs;
  const server = await startTestServer({ overrides: { render: { drawOnPublish: true }, cache: { memoryMb: 32, diskMb: 64 } }, renderPool: counting.pool });
  ({ services, stop } = server);
  base = server.url;
}, 120_000);
afterAll(() => stop());

const fixture = (slug: string) => {
  const f = loadFixtures().find((x) => x.slug === slug);
  if (!f) throw new Error(`no fixture ${slug}`);
  return fixtureBody(f);
};
const put = async (slug: string, body: Record<string, unknown>) => {
  const res = await fetch(`${base}/api/articles/${slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
  return res.json() as Promise<{ revision: string; status: string }>;
};
interface CardState {
  preset: string;
  format: string;
  url: string;
  state: 'drawn' | 'queued' | 'not_drawn';
}
const cardStates = async (slug: string) => ((await (await fetch(`${base}/api/articles/${slug}`)).json()) as { cards: CardState[] }).cards;
/** The metric's value for one label set, parsed from the Prometheus text. */
const metric = async (name: string, labels: string) => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('draw on publish', () => {
  it('draws every card of a published story before any request; the first fetch is a cache hit', { timeout: 120_000 }, async () => {
    const slugs = ['us-iran-talks-istanbul', 'arabic-mediators'];
    for (const slug of slugs) await put(slug, fixture(slug));
    await services.prerender.idle();
    for (const slug of slugs) {
      const cards = await cardStates(slug);
      // The photo story advertises JPEG (og:image) and serves PNG by default: six cards; the other three.
      expect(cards.length).toBe(slug === 'us-iran-talks-istanbul' ? 6 : 3);
      expect(cards.map((c) => c.state)).toEqual(cards.map(() => 'drawn'));
      for (const c of cards) {
        const res = await fetch(new URL(new URL(c.url).pathname + new URL(c.url).search, base));
        expect(res.status).toBe(200);
        expect(res.headers.get('x-sharecard-cache')).toBe('hit');
        const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
        expect(meta.format).toBe(c.format === 'jpg' ? 'jpeg' : 'png');
      }
    }
    expect(await metric('sharecard_cards_drawn_total', 'trigger="publish"')).toBe(9);
    expect(await metric('sharecard_cards_drawn_total', 'trigger="demand"')).toBe(0);
  });

  it('draws an edited story again before its next fetch, and nothing for an identical write', { timeout: 120_000 }, async () => {
    const slug = 'arabic-mediators';
    const before = await (await fetch(`${base}/og/${slug}.png`)).arrayBuffer();
    const drawn = runs();
    await put(slug, fixture(slug)); // identical: the store reports no change
    await services.prerender.idle();
    expect(runs()).toBe(drawn);
    const edited = await put(slug, { ...fixture(slug), title: 'Mediators say talks will resume on Monday' });
    await services.prerender.idle();
    expect(runs()).toBe(drawn + 3);
    const res = await fetch(`${base}/og/${slug}.png?v=${edited.revision}`);
    expect(res.headers.get('x-sharecard-cache')).toBe('hit');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(before))).toBe(false);
  });

  it('draws nothing for a draft, and drops the queued cards of a story deleted before its turn', { timeout: 120_000 }, async () => {
    const drawn = runs();
    await put('draft-not-public', fixture('draft-not-public'));
    await services.prerender.idle();
    expect(runs()).toBe(drawn);

    // Busy the worker with one story, then publish and delete another before its turn.
    const first = put('japanese-summary', fixture('japanese-summary'));
    await first;
    await put('very-long-headline', fixture('very-long-headline'));
    const del = await fetch(`${base}/api/articles/very-long-headline`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    await services.prerender.idle();
    // japanese-summary's three cards at most, and fewer than all six of the two stories.
    expect(runs() - drawn).toBeLessThan(6);
    expect((await cardStates('japanese-summary')).every((c) => c.state === 'drawn')).toBe(true);
  });

  it('coalesces a story changed again before its cards are drawn: only the newest revision is drawn', { timeout: 120_000 }, async () => {
    const slug = 'mixed-direction-quote';
    const drawn = runs();
    await put('no-image-no-description', fixture('no-image-no-description')); // keeps the worker busy
    await put(slug, { ...fixture(slug), title: 'First headline' });
    const last = await put(slug, { ...fixture(slug), title: 'Second headline' });
    await services.prerender.idle();
    // Three cards for the first story, three for the newest revision; the first revision's
    // cards that were still queued were dropped (those already drawing may have finished).
    expect(runs() - drawn).toBeLessThan(9);
    const res = await fetch(`${base}/og/${slug}.png?v=${last.revision}`);
    expect(res.headers.get('x-sharecard-cache')).toBe('hit');
    await res.arrayBuffer();
  });

  it('draws a card a client asks for while it is still queued once, at once, not twice', { timeout: 120_000 }, async () => {
    const slug = 'trump-bad-things-quote';
    const drawn = runs();
    await put('control-characters', fixture('control-characters')); // three cards ahead of it
    await put(slug, fixture(slug));
    const res = await fetch(`${base}/og/${slug}/square.png`);
    expect(res.status).toBe(200);
    expect(['miss', 'joined', 'hit']).toContain(res.headers.get('x-sharecard-cache'));
    await res.arrayBuffer();
    await services.prerender.idle();
    expect(runs() - drawn).toBe(6);
  });

  it('reports the background queue in /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^sharecard_prerender_queue_depth\{state="queued"\} 0$/m);
    expect(text).toMatch(/^sharecard_prerender_oldest_age_seconds 0$/m);
  });
});

describe('sharecard import', () => {
  it('draws the cards of the articles it writes before it ends, through the same write hook', { timeout: 120_000 }, async () => {
    const tmp = tempDir('sharecard-import-cards-');
    const file = path.join(tmp.dir, 'two.ndjson');
    const slugs = ['japanese-summary', 'no-image-no-description'];
    writeFileSync(file, slugs.map((slug) => JSON.stringify({ slug, ...fixture(slug) })).join('\n'));
    vi.stubEnv('SHARECARD_DATA_DIR', tmp.dir);
    vi.stubEnv('SHARECARD_RENDER_WORKERS', '1');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['import', file])).toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
      vi.unstubAllEnvs();
    }
    // Another process over the same data directory (a server) finds every card drawn.
    const later = await createServices(testConfig(tmp.dir, { security: { apiToken: null } }), { log: silentLog });
    try {
      for (const slug of slugs) {
        const a = await later.store.get(slug);
        expect(a).not.toBeNull();
        for (const c of cardsToDraw(a!)) expect(await later.renderer.isDrawn({ article: a!, ...c })).toBe(true);
      }
    } finally {
      await later.close();
      tmp.cleanup();
    }
  });
});

describe('cardsToDraw', () => {
  it('lists every preset in the advertised format, then in PNG', () => {
    expect(cardsToDraw({ image: undefined })).toEqual([
      { preset: 'og', format: 'png' },
      { preset: 'x', format: 'png' },
      { preset: 'square', format: 'png' },
    ]);
    expect(cardsToDraw({ image: { url: 'https://news.example.com/a.jpg', alt: 'A' } as never }).map((c) => `${c.preset}.${c.format}`)).toEqual([
      'og.jpg',
      'x.jpg',
      'square.jpg',
      'og.png',
      'x.png',
      'square.png',
    ]);
  });
});
