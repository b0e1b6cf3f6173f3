/**
 * The editors' story search (src/preview/search.ts) over a real SQLite store: matches are
 * collected across the store's batches in date order, a full page hands back a cursor that
 * continues after its last story, and a search that scans SEARCH_SCAN_LIMIT stories without
 * filling the page stops and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { findStories, LIST_PAGE_SIZE, SEARCH_SCAN_LIMIT } from '../src/preview/search.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { ArticleStore } from '../src/store/types.js';

let store: ArticleStore;
const TOTAL = SEARCH_SCAN_LIMIT + 300;
/** Every 50th story (from the newest) is about Istanbul: 47 of them, the last one very old. */
const isMatch = (i: number) => i % 50 === 0;

beforeAll(async () => {
  store = openSqliteStore({ filename: ':memory:' });
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < TOTAL; i++) {
    // i = 0 is the newest.
    const publishedAt = new Date(base - i * 60_000).toISOString();
    const title = isMatch(i) ? `Talks in Istanbul, part ${i}` : `Other news ${i}`;
    await store.put(`story-${i}`, parseArticle({ url: `https://news.example.com/${i}`, title, publishedAt }));
  }
}, 120_000);
afterAll(() => store.close());

const query = { q: 'istanbul', status: 'all' as const, section: '', lang: '' };

describe('findStories', () => {
  it('without a search, lists a page newest first with a cursor to the next', async () => {
    const page = await findStories(store, { ...query, q: '' });
    expect(page.items.map((a) => a.slug)).toEqual(Array.from({ length: LIST_PAGE_SIZE }, (_, i) => `story-${i}`));
    expect(page.nextCursor).toBeTruthy();
    expect(page.scanLimited).toBe(false);
  });

  it('collects matches across batches, and the cursor continues after the last one', async () => {
    const first = await findStories(store, query);
    const expected = Array.from({ length: TOTAL }, (_, i) => i).filter(isMatch);
    expect(first.items.map((a) => a.slug)).toEqual(expected.slice(0, LIST_PAGE_SIZE).map((i) => `story-${i}`));
    expect(first.scanLimited).toBe(false);
    const second = await findStories(store, { ...query, cursor: first.nextCursor! });
    // The scan stops at SEARCH_SCAN_LIMIT stories after the cursor: the matches within them.
    const start = expected[LIST_PAGE_SIZE - 1]! + 1;
    const within = expected.filter((i) => i >= start && i < start + SEARCH_SCAN_LIMIT);
    expect(second.items.map((a) => a.slug)).toEqual(within.map((i) => `story-${i}`));
  });

  it('stops after SEARCH_SCAN_LIMIT stories without filling the page, and says so', async () => {
    const page = await findStories(store, { ...query, q: 'no such headline' });
    expect(page.items).toEqual([]);
    expect(page.scanLimited).toBe(true);
    expect(page.nextCursor).toBeTruthy();
    // Continuing from there scans the rest and ends.
    const rest = await findStories(store, { ...query, q: 'no such headline', cursor: page.nextCursor! });
    expect(rest).toEqual({ items: [], nextCursor: null, scanLimited: false });
  });
});
