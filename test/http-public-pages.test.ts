/**
 * Issue 31, item 2: the share page and the public article list are built once per revision
 * (per store change for the list) and normalized query, answered with a strong ETag and 304,
 * and `?anything` does not bypass that; public dynamic routes shed load with 503 +
 * Retry-After while /healthz and /readyz keep answering.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLoadShedder } from '../src/http/load-shed.js';
import type { Services } from '../src/services.js';
import { auth, createTestServices, fixtureBody, listen, loadFixtures } from './helpers.js';

let services: Services;
let base: string;
let stop: () => Promise<void>;
let clock = 0;

const published = loadFixtures().filter((f) => f.status === 'published');
const story = published[0];

beforeAll(async () => {
  const t = await createTestServices();
  services = t.services;
  // A load shedder whose clock the tests move, with a sampling timer that does not fire during
  // the test: moving the clock past its due time is "the event loop is saturated".
  services.loadShedder.close();
  services.loadShedder = createLoadShedder({
    maxEventLoopDelayMs: 75,
    maxInFlight: 0,
    retryAfterSeconds: 2,
    sampleEveryMs: 600_000,
    now: () => clock,
    onShed: () => services.metrics.errors.inc({ code: 'overloaded' }),
  });
  const server = await listen(services);
  base = server.url;
  stop = async () => {
    await server.close();
    await t.cleanup();
  };
  for (const f of loadFixtures()) {
    const res = await fetch(`${base}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(f)) });
    expect(res.status).toBe(201);
  }
});
afterAll(() => stop());
afterEach(() => vi.restoreAllMocks());

/** Counts share pages built (the route keeps each with pages.put). */
const putSpy = () => vi.spyOn(services.pages, 'put');
/** Counts list pages built (each build reads one page of the store). */
const listSpy = () => vi.spyOn(services.store, 'list');

describe('GET /a/:slug from the page cache', () => {
  it('builds the page once per revision, whatever the query string', async () => {
    const builds = putSpy();
    const urls = [`/a/${story.slug}`, `/a/${story.slug}`, `/a/${story.slug}?utm_source=x`, `/a/${story.slug}?${Math.random()}`, `/a/${story.slug}?v=junk&v=more`];
    const etags = new Set<string>();
    for (const u of urls) {
      const res = await fetch(`${base}${u}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<html');
      etags.add(res.headers.get('etag')!);
    }
    expect(etags.size).toBe(1);
    expect(builds.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('answers 304 to If-None-Match, and a new ETag after the article changes', async () => {
    const first = await fetch(`${base}/a/${story.slug}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await fetch(`${base}/a/${story.slug}?cachebust=1`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    const builds = putSpy();
    const changed = { ...fixtureBody(story), title: 'A changed headline for the cache test' };
    expect((await fetch(`${base}/api/articles/${story.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(changed) })).status).toBe(200);
    const after = await fetch(`${base}/a/${story.slug}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).toContain('A changed headline for the cache test');
    expect(builds).toHaveBeenCalledTimes(1);
  });

  it('never keeps a draft page, which only the token sees', async () => {
    const draft = loadFixtures().find((f) => f.status === 'draft')!;
    const builds = putSpy();
    expect((await fetch(`${base}/a/${draft.slug}`)).status).toBe(404);
    const res = await fetch(`${base}/a/${draft.slug}`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(builds).not.toHaveBeenCalled();
  });
});

describe('GET /api/articles from the page cache', () => {
  it('builds a page once per store change and normalized query; spellings of one query share it', async () => {
    const builds = listSpy();
    const spellings = ['limit=100', 'limit=100', 'limit=100&status=published', 'status=published&limit=100'];
    const bodies = new Set<string>();
    for (const q of spellings) {
      const res = await fetch(`${base}/api/articles?${q}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=30');
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0]).items.length).toBe(published.length);
    expect(builds.mock.calls.length).toBeLessThanOrEqual(1);
    // A parameter the list does not take is refused, not a new entry.
    expect((await fetch(`${base}/api/articles?limit=100&cachebust=${Math.random()}`)).status).toBe(400);
    expect(builds.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('answers 304 to If-None-Match until a write changes the list', async () => {
    const first = await fetch(`${base}/api/articles?limit=5`);
    const etag = first.headers.get('etag')!;
    expect((await fetch(`${base}/api/articles?limit=5`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await fetch(`${base}/api/articles/cache-list-new`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ url: 'https://news.example.com/new', title: 'Newest story', publishedAt: '2030-01-01T00:00:00Z' }),
    });
    const after = await fetch(`${base}/api/articles?limit=5`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect((await after.json()).items[0].slug).toBe('cache-list-new');
  });

  it('builds `next` from the normalized query', async () => {
    const a = await (await fetch(`${base}/api/articles?limit=2&status=published`)).json();
    const b = await (await fetch(`${base}/api/articles?status=published&limit=2`)).json();
    expect(a.next).toBe(b.next);
    expect(new URL(a.next).search).toBe(`?limit=2&cursor=${encodeURIComponent(a.nextCursor)}`);
  });

  it('does not keep a drafts listing', async () => {
    const builds = listSpy();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/api/articles?status=all`, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(builds).toHaveBeenCalledTimes(2);
  });

  it('builds a page once for a burst of concurrent misses', async () => {
    await fetch(`${base}/api/articles/cache-burst`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ url: 'https://news.example.com/burst', title: 'Burst story' }),
    });
    const builds = listSpy();
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/api/articles?limit=7`).then(async (r) => [r.status, await r.text()] as const)));
    expect(new Set(answers.map(([status]) => status))).toEqual(new Set([200]));
    expect(new Set(answers.map(([, body]) => body)).size).toBe(1);
    expect(builds).toHaveBeenCalledTimes(1);
  });
});

describe('load shedding', () => {
  it('sheds public dynamic pages with 503 + Retry-After while the event loop is overdue; health checks answer', async () => {
    // The loop saturated: the sampling timer's tick came 1 s late, and it is 1 s overdue again.
    clock += 601_000;
    services.loadShedder.sample();
    clock += 601_000;
    try {
      for (const path of [`/a/${story.slug}`, '/api/articles?limit=100', `/api/articles/${story.slug}`, `/api/meta/${story.slug}`, `/api/share/${story.slug}`]) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBe(503);
        expect(res.headers.get('retry-after')).toBe('2');
        expect((await res.json()).error.code).toBe('overloaded');
      }
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect(services.loadShedder.shed).toBeGreaterThanOrEqual(5);
      // Cards are not shed here: a cached card is the cheapest answer there is.
      expect((await fetch(`${base}/og/${story.slug}.png`)).status).not.toBe(503);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/sharecard_errors_total\{code="overloaded"\} ([5-9]|\d\d)/);
    } finally {
      // The next tick sets the timer due again: nothing is overdue, nothing is shed.
      services.loadShedder.sample();
    }
    expect((await fetch(`${base}/a/${story.slug}`)).status).toBe(200);
  });
});
