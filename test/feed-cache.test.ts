/**
 * The feed cache and the store's change stamp it relies on: the stamp moves with every
 * change and only then; `feeds.changeCheckMs` bounds how long a replica reuses a stamp read;
 * `feeds.cacheMb: 0` turns the cache off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { createFeedService } from '../src/feed-service/service.js';
import type { ArticleStore } from '../src/store/types.js';
import { createTestServices, fixtureBody, loadFixtures } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(feeds: Record<string, unknown> = {}) {
  const t = await createTestServices({ feeds });
  cleanups.push(t.cleanup);
  const store = t.services.store;
  for (const f of loadFixtures().slice(0, 3)) await store.put(f.slug, parseArticle(fixtureBody(f)));
  return { store, config: t.services.config };
}

/** Counts the store reads a feed request makes. */
function counting(store: ArticleStore) {
  const counts = { stamp: 0, list: 0 };
  const wrapped: ArticleStore = Object.create(store);
  wrapped.changeStamp = () => (counts.stamp++, store.changeStamp());
  wrapped.list = (q) => (counts.list++, store.list(q));
  return { wrapped, counts };
}

describe('change stamp (SQLite store)', () => {
  it('moves with every change and only then; its time never goes backwards', async () => {
    const { store } = await setup();
    const f = loadFixtures()[0];
    const s0 = await store.changeStamp();
    await store.put(f.slug, parseArticle(fixtureBody(f))); // identical
    expect(await store.changeStamp()).toEqual(s0);
    await store.put(f.slug, parseArticle({ ...fixtureBody(f), title: 'Changed' }));
    const s1 = await store.changeStamp();
    expect(s1.value).toBe(s0.value + 1);
    expect(s1.changedAt >= s0.changedAt).toBe(true);
    expect(await store.delete('no-such-slug')).toBe(false);
    expect((await store.changeStamp()).value).toBe(s1.value);
    expect(await store.delete(f.slug)).toBe(true);
    expect((await store.changeStamp()).value).toBe(s1.value + 1);
  });
});

describe('feed cache', () => {
  it('reads the stamp on every request by default and builds once per change', async () => {
    const { store, config } = await setup();
    const { wrapped, counts } = counting(store);
    const feeds = createFeedService({ store: wrapped, config });
    for (let i = 0; i < 3; i++) await feeds.get({ format: 'rss' });
    expect(counts).toEqual({ stamp: 3, list: 1 });
    const concurrent = await Promise.all([1, 2, 3].map(() => feeds.get({ format: 'atom' })));
    expect(counts.list).toBe(2); // one shared build for three concurrent requests
    expect(new Set(concurrent.map((d) => d.etag)).size).toBe(1);
  });

  it('keeps Last-Modified while a feed’s bytes stay the same, so saving a draft does not show', async () => {
    const { store, config } = await setup();
    // Each change a minute apart, so HTTP dates (whole seconds) can tell them apart.
    let minutes = 0;
    const shifted: ArticleStore = Object.create(store);
    shifted.changeStamp = async () => {
      const s = await store.changeStamp();
      return { ...s, changedAt: new Date(Date.parse(s.changedAt) + minutes * 60_000).toISOString() };
    };
    const feeds = createFeedService({ store: shifted, config });
    const first = await feeds.get({ format: 'rss' });
    minutes = 1;
    await store.put('a-draft', parseArticle({ url: 'https://news.example.com/d', title: 'Embargoed', status: 'draft' }));
    const afterDraft = await feeds.get({ format: 'rss' });
    expect(afterDraft.stamp).toBeGreaterThan(first.stamp); // rebuilt…
    expect(afterDraft.etag).toBe(first.etag); // …to the same bytes
    expect(afterDraft.lastModified).toBe(first.lastModified);
    minutes = 2;
    await store.put('a-story', parseArticle({ url: 'https://news.example.com/s', title: 'Published now' }));
    const afterStory = await feeds.get({ format: 'rss' });
    expect(afterStory.etag).not.toBe(first.etag);
    expect(Date.parse(afterStory.lastModified)).toBeGreaterThan(Date.parse(first.lastModified));
  });

  it('reuses a stamp read for feeds.changeCheckMs', async () => {
    const { store, config } = await setup({ changeCheckMs: 1000 });
    const { wrapped, counts } = counting(store);
    let now = 0;
    const feeds = createFeedService({ store: wrapped, config, clock: () => now });
    await feeds.get({ format: 'rss' });
    now = 999;
    const f = loadFixtures()[1];
    await store.put(f.slug, parseArticle({ ...fixtureBody(f), title: 'Within the second' }));
    expect((await feeds.get({ format: 'rss' })).body.toString()).not.toContain('Within the second');
    expect(counts.stamp).toBe(1);
    now = 1000;
    expect((await feeds.get({ format: 'rss' })).body.toString()).toContain('Within the second');
    expect(counts.stamp).toBe(2);
  });

  it('builds every time with feeds.cacheMb 0', async () => {
    const { store, config } = await setup({ cacheMb: 0 });
    const { wrapped, counts } = counting(store);
    const feeds = createFeedService({ store: wrapped, config });
    await feeds.get({ format: 'json' });
    await feeds.get({ format: 'json' });
    expect(counts.list).toBe(2);
  });
});
