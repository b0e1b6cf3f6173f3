/**
 * Feeds over HTTP: headers, conditional GET (RFC 9110 §13), RFC 5005 paging with the page
 * cap, status codes, rebuild-only-on-change, and a write through one replica showing up at
 * once in another replica's feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/services.js';
import { feedparser, parseXml, publishedFixtures, startFeedServer, type FeedTestServer } from './feed-helpers.js';
import { auth, fixtureBody, listen, loadFixtures, silentLog, testConfig } from './helpers.js';

let server: FeedTestServer;
beforeAll(async () => {
  server = await startFeedServer({ feeds: { pageSize: 2, maxPages: 3, hub: 'https://hub.example.com/' } });
});
afterAll(() => server.stop());

const get = (p: string, headers: Record<string, string> = {}) => fetch(server.base + p, { headers });
/** Waits into the next whole second, so an HTTP-date (1 s resolution) can tell two writes apart. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1010 - (Date.now() % 1000)));

describe('feed responses', () => {
  it('sends content type, strong ETag, Last-Modified, Cache-Control and CORS headers', async () => {
    for (const [p, type] of [
      ['/feeds/rss.xml', 'application/rss+xml; charset=utf-8'],
      ['/feeds/atom.xml', 'application/atom+xml; charset=utf-8'],
      ['/feeds/feed.json', 'application/feed+json; charset=utf-8'],
    ]) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      expect(new Date(res.headers.get('last-modified')!).toUTCString()).toBe(res.headers.get('last-modified'));
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const head = await fetch(server.base + p, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toBe(res.headers.get('etag'));
    }
  });

  it('answers 404 for unknown scopes, values and files, and 301 for non-canonical values', async () => {
    expect((await get('/feeds/colours/red/rss.xml')).status).toBe(404);
    expect((await get('/feeds/tags/no-such-tag/rss.xml')).status).toBe(404);
    expect((await get('/feeds/tags/iran/index.html')).status).toBe(404);
    expect((await get('/feeds/feed.xml')).status).toBe(404);
    const moved = await fetch(server.base + '/feeds/tags/United%20States/atom.xml?page=2', { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('https://share.example.com/feeds/tags/united-states/atom.xml?page=2');
    const lang = await fetch(server.base + '/feeds/languages/FA/rss.xml', { redirect: 'manual' });
    expect(lang.headers.get('location')).toBe('https://share.example.com/feeds/languages/fa/rss.xml');
    // The tag "C# & .NET <test>" is reachable through its encoded key (keyOf folds "#").
    expect((await get('/feeds/tags/c-%26-.net-%3Ctest%3E/rss.xml')).status).toBe(200);
  });
});

describe('RFC 5005 paging', () => {
  it('links first/previous/next/last, caps pages at feeds.maxPages and rejects bad page numbers', async () => {
    const published = publishedFixtures();
    expect(published.length).toBeGreaterThan(6); // 5 pages of 2, capped at 3
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await get(`/feeds/rss.xml${page > 1 ? `?page=${page}` : ''}`);
      expect(res.status).toBe(200);
      const ch = parseXml(await res.text()).rss.channel;
      const links = Object.fromEntries(ch['atom:link'].map((l: any) => [l['@rel'], l['@href']]));
      const url = (n: number) => `https://share.example.com/feeds/rss.xml${n > 1 ? `?page=${n}` : ''}`;
      expect(links.self).toBe(url(page));
      expect(links.first).toBe(url(1));
      expect(links.last).toBe(url(3));
      expect(links.previous).toBe(page > 1 ? url(page - 1) : undefined);
      expect(links.next).toBe(page < 3 ? url(page + 1) : undefined);
      expect(links.hub).toBe('https://hub.example.com/');
      seen.push(...ch.item.map((i: any) => i.link));
    }
    expect(seen).toEqual(published.slice(0, 6).map((f) => f.url));
    expect((await get('/feeds/rss.xml?page=4')).status).toBe(404);
    expect((await get('/feeds/rss.xml?page=99999')).status).toBe(404);
    for (const bad of ['0', 'abc', '-1', '1.5', '', '01']) {
      const res = await get(`/feeds/rss.xml?page=${bad}`);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.problems[0].path).toBe('page');
    }
    expect((await get('/feeds/rss.xml?page=1&page=2')).status).toBe(400);
    expect(await (await get('/feeds/rss.xml?page=1')).text()).toBe(await (await get('/feeds/rss.xml')).text());
  });

  it('pages Atom and JSON Feed too, and feedparser reads every page', async () => {
    const atom = parseXml(await (await get('/feeds/atom.xml?page=2')).text()).feed;
    const rels = Object.fromEntries(atom.link.map((l: any) => [l['@rel'], l['@href']]));
    expect(rels).toMatchObject({
      self: 'https://share.example.com/feeds/atom.xml?page=2',
      first: 'https://share.example.com/feeds/atom.xml',
      previous: 'https://share.example.com/feeds/atom.xml',
      next: 'https://share.example.com/feeds/atom.xml?page=3',
      last: 'https://share.example.com/feeds/atom.xml?page=3',
      hub: 'https://hub.example.com/',
    });
    const fp = feedparser(await (await get('/feeds/atom.xml?page=2')).text());
    expect(fp.bozo).toBe(false);
    expect(fp.links.find((l) => l.rel === 'next')?.href).toBe('https://share.example.com/feeds/atom.xml?page=3');
    const json = await (await get('/feeds/feed.json?page=2')).json();
    expect(json.feed_url).toBe('https://share.example.com/feeds/feed.json');
    expect(json.next_url).toBe('https://share.example.com/feeds/feed.json?page=3');
    expect(json.hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example.com/' }]);
    expect((await (await get('/feeds/feed.json?page=3')).json()).next_url).toBeUndefined();
  });
});

describe('conditional GET', () => {
  it('answers 304 to If-None-Match and If-Modified-Since; If-None-Match wins', async () => {
    const first = await get('/feeds/atom.xml');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;

    const inm = await get('/feeds/atom.xml', { 'if-none-match': etag });
    expect(inm.status).toBe(304);
    expect(await inm.text()).toBe('');
    expect(inm.headers.get('etag')).toBe(etag);
    expect(inm.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get('/feeds/atom.xml', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get('/feeds/atom.xml', { 'if-none-match': '*' })).status).toBe(304);

    expect((await get('/feeds/atom.xml', { 'if-modified-since': lastModified })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get('/feeds/atom.xml', { 'if-modified-since': earlier })).status).toBe(200);
    expect((await get('/feeds/atom.xml', { 'if-modified-since': 'not a date' })).status).toBe(200);
    // RFC 9110 §13.2.2: with If-None-Match present, If-Modified-Since is ignored.
    expect((await get('/feeds/atom.xml', { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
  });

  it('gives a new ETag and Last-Modified after an article changes or is deleted', async () => {
    const before = await get('/feeds/tags/iran/rss.xml');
    const etag = before.headers.get('etag')!;
    const lastModified = before.headers.get('last-modified')!;
    // A change outside page 1 (pageSize 2) leaves its bytes, and so its ETag, as they were.
    const older = loadFixtures().find((x) => x.slug === 'japanese-summary')!;
    await server.put(older.slug, { ...fixtureBody(older), kicker: 'Only on page 2' });
    expect((await get('/feeds/tags/iran/rss.xml', { 'if-none-match': etag })).status).toBe(304);
    await server.put(older.slug, fixtureBody(older));
    await nextSecond();
    const f = loadFixtures().find((x) => x.slug === 'iran-us-talks-istanbul-fa')!;
    expect((await server.put(f.slug, { ...fixtureBody(f), title: 'A corrected headline' })).status).toBe(200);
    const after = await get('/feeds/tags/iran/rss.xml', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('A corrected headline');
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await get('/feeds/tags/iran/rss.xml', { 'if-modified-since': lastModified })).status).toBe(200);

    // A deletion makes no remaining item newer; the validators must move anyway.
    await nextSecond();
    const current = await get('/feeds/tags/iran/rss.xml');
    const del = await fetch(`${server.base}/api/articles/${f.slug}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    const gone = await get('/feeds/tags/iran/rss.xml', { 'if-modified-since': current.headers.get('last-modified')! });
    expect(gone.status).toBe(200);
    expect(await gone.text()).not.toContain(f.url);
    expect((await server.put(f.slug, fixtureBody(f))).status).toBe(201);
  });
});

describe('caching', () => {
  it('rebuilds a feed only when the store changed', async () => {
    const store = server.services.store;
    const list = store.list.bind(store);
    let builds = 0;
    store.list = async (q) => {
      builds++;
      return list(q);
    };
    try {
      await get('/feeds/sections/world/feed.json');
      builds = 0;
      for (let i = 0; i < 5; i++) expect((await get('/feeds/sections/world/feed.json')).status).toBe(200);
      expect(builds).toBe(0);
      const f = loadFixtures()[0];
      await server.put(f.slug, fixtureBody(f)); // identical: no change, no rebuild
      await get('/feeds/sections/world/feed.json');
      expect(builds).toBe(0);
      await server.put(f.slug, { ...fixtureBody(f), kicker: 'New kicker' });
      await get('/feeds/sections/world/feed.json');
      await get('/feeds/sections/world/feed.json');
      expect(builds).toBe(1);
      await server.put(f.slug, fixtureBody(f));
    } finally {
      store.list = list;
    }
  });

  it('shows a write through one replica at once in another replica sharing the database', async () => {
    const dataDir = server.services.config.storage.dataDir;
    const other: Services = await createServices(testConfig(dataDir, { feeds: { pageSize: 2, maxPages: 3 } }), { log: silentLog });
    const replica = await listen(other);
    try {
      const before = await (await fetch(`${replica.url}/feeds/authors/defense-desk/atom.xml`)).text();
      expect(before).not.toContain('Cross-replica headline');
      const f = loadFixtures().find((x) => x.slug === 'warships-near-iranian-waters')!;
      expect((await server.put(f.slug, { ...fixtureBody(f), title: 'Cross-replica headline' })).status).toBe(200);
      expect(await (await fetch(`${replica.url}/feeds/authors/defense-desk/atom.xml`)).text()).toContain('Cross-replica headline');
      await server.put(f.slug, fixtureBody(f));
      expect(await (await fetch(`${replica.url}/feeds/authors/defense-desk/atom.xml`)).text()).not.toContain('Cross-replica headline');
    } finally {
      await replica.close();
      await other.close();
    }
  });
});
