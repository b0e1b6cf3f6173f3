/**
 * The ArticleStore contract: one suite that every store passes unchanged (SQLite in
 * test/store-sqlite.test.ts, PostgreSQL in test/store-postgres.test.ts). What differs between
 * engines is only how a store is opened and how a write failure is injected.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleDirection, parseArticle, type Article, type StoredArticle } from '../src/core/article.js';
import { isSharecardError } from '../src/core/errors.js';
import { computeRevision } from '../src/core/revision.js';
import type { ArticleStore, ListQuery } from '../src/store/types.js';
import { fixtureBody, loadFixtures } from './helpers.js';

export interface StoreUnderTest {
  store: ArticleStore;
  /** Opens another store on the same database (after close, or alongside as a second replica). */
  reopen?: () => Promise<ArticleStore>;
  /**
   * Makes every later write that stores the tag key `tag` fail inside the store's transaction,
   * after the article row itself was written (a trigger on the tag table), so the test sees
   * whether the whole write rolls back.
   */
  injectWriteFailure?: (tag: string) => Promise<void>;
  /** Removes the database; the suite closes the stores it was given first. */
  cleanup: () => Promise<void>;
}

const NOW = '2026-02-03T12:00:00.000Z';

function article(title: string, extra: Record<string, unknown> = {}): Article {
  return parseArticle({ url: `https://news.example.com/${encodeURIComponent(title)}`, title, publishedAt: NOW, ...extra });
}

/** What a store must return for `slug` given the parsed article (store-filled fields aside). */
function expected(slug: string, a: Article, stored: StoredArticle): StoredArticle {
  const withDate = { ...a, publishedAt: a.publishedAt ?? stored.publishedAt };
  return {
    ...withDate,
    slug,
    dir: articleDirection(withDate),
    revision: computeRevision(slug, withDate),
    createdAt: stored.createdAt,
    modifiedAt: stored.modifiedAt,
  };
}

async function listAll(store: ArticleStore, query: Omit<ListQuery, 'limit' | 'cursor'>, limit: number): Promise<{ slugs: string[]; pages: number }> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list({ ...query, limit, ...(cursor ? { cursor } : {}) });
    pages++;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    slugs.push(...page.items.map((i) => i.slug));
    cursor = page.nextCursor ?? undefined;
    if (pages > 100) throw new Error('pagination did not end');
  } while (cursor);
  return { slugs, pages };
}

/** Byte-order comparison, the order both stores promise (a locale collation would differ). */
const byNewest = (a: { publishedAt: string; slug: string }, b: { publishedAt: string; slug: string }) =>
  a.publishedAt !== b.publishedAt ? (a.publishedAt < b.publishedAt ? 1 : -1) : a.slug < b.slug ? 1 : a.slug > b.slug ? -1 : 0;

export function runStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name}: ArticleStore contract`, () => {
    let h: StoreUnderTest;
    let store: ArticleStore;
    const extra: ArticleStore[] = [];

    beforeEach(async () => {
      h = await open();
      store = h.store;
    });
    afterEach(async () => {
      for (const s of [store, h.store, ...extra.splice(0)]) await s.close();
      await h.cleanup();
    });

    it('round-trips every fixture through put and get', async () => {
      for (const f of loadFixtures()) {
        const a = parseArticle(fixtureBody(f));
        const put = await store.put(f.slug, a);
        expect(put.created, f.slug).toBe(true);
        expect(put.changed, f.slug).toBe(true);
        const got = await store.get(f.slug);
        expect(got, f.slug).toEqual(put.article);
        expect(got, f.slug).toEqual(expected(f.slug, a, got!));
        expect(got!.revision).toMatch(/^[A-Za-z0-9_-]{16}$/);
      }
      expect(await store.get('no-such-article')).toBeNull();
    });

    it('reports created, replaced and unchanged, keeping the revision stable until the content changes', async () => {
      const a = article('First headline', { section: 'World', tags: ['Iran'] });
      const first = await store.put('story', a);
      expect(first).toMatchObject({ created: true, changed: true });

      const again = await store.put('story', a);
      expect(again).toMatchObject({ created: false, changed: false });
      expect(again.article.revision).toBe(first.article.revision);
      expect(again.article.modifiedAt).toBe(first.article.modifiedAt);

      // Key order in the input never changes the revision.
      const reordered = parseArticle(Object.fromEntries(Object.entries({ ...a }).reverse()));
      expect((await store.put('story', reordered)).changed).toBe(false);

      const edited = await store.put('story', { ...a, title: 'Second headline' });
      expect(edited).toMatchObject({ created: false, changed: true });
      expect(edited.article.revision).not.toBe(first.article.revision);
      expect(edited.article.createdAt).toBe(first.article.createdAt);
      expect((await store.get('story'))!.title).toBe('Second headline');

      // The same content under another slug is another revision (the slug is in the URL).
      expect((await store.put('other-story', a)).article.revision).not.toBe(first.article.revision);
    });

    it('keeps the first publication date of an article that has none, so re-putting it changes nothing', async () => {
      const a = parseArticle({ url: 'https://news.example.com/undated', title: 'Undated' });
      const first = await store.put('undated', a);
      expect(first.article.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      await new Promise((r) => setTimeout(r, 5));
      const again = await store.put('undated', a);
      expect(again.changed).toBe(false);
      expect(again.article.publishedAt).toBe(first.article.publishedAt);
    });

    it('dates an undated draft when it is published, not when it was first saved', async () => {
      const body = { url: 'https://news.example.com/drafted', title: 'Drafted' };
      const draft = await store.put('drafted', parseArticle({ ...body, status: 'draft' }));
      await new Promise((r) => setTimeout(r, 5));
      const resaved = await store.put('drafted', parseArticle({ ...body, title: 'Drafted, edited', status: 'draft' }));
      expect(resaved.article.publishedAt).toBe(draft.article.publishedAt);
      await new Promise((r) => setTimeout(r, 5));
      const published = await store.put('drafted', parseArticle({ ...body, title: 'Drafted, edited' }));
      expect(Date.parse(published.article.publishedAt!)).toBeGreaterThan(Date.parse(draft.article.publishedAt!));
      // From then on it keeps that date, and a date the editor gives always wins.
      const again = await store.put('drafted', parseArticle({ ...body, title: 'Drafted, edited' }));
      expect(again.changed).toBe(false);
      const dated = await store.put('dated-draft', parseArticle({ ...body, publishedAt: '2026-01-05T08:00:00Z', status: 'draft' }));
      expect((await store.put('dated-draft', parseArticle({ ...body, publishedAt: '2026-01-05T08:00:00Z' }))).article.publishedAt).toBe(dated.article.publishedAt);
    });

    it('pages newest first with keyset cursors, ties broken by slug in byte order', async () => {
      const rows = [
        { slug: 'a-1', publishedAt: '2026-01-01T00:00:00.000Z' },
        { slug: 'b-2', publishedAt: '2026-01-02T00:00:00.000Z' },
        // Same instant: a locale collation would order these three differently (it ignores '-').
        { slug: 'tie-a-b', publishedAt: '2026-01-03T00:00:00.000Z' },
        { slug: 'tie-a-c', publishedAt: '2026-01-03T00:00:00.000Z' },
        { slug: 'tie-ab', publishedAt: '2026-01-03T00:00:00.000Z' },
        { slug: 'c-3', publishedAt: '2026-01-04T00:00:00.000Z' },
        { slug: 'd-4', publishedAt: '2026-01-05T08:00:00.000Z' },
        { slug: 'e-5', publishedAt: '2026-01-05T09:00:00.000Z' },
        { slug: 'f-6', publishedAt: '2025-12-31T23:59:59.999Z' },
      ];
      for (const r of [...rows].reverse()) await store.put(r.slug, article(r.slug, { publishedAt: r.publishedAt }));
      await store.put('newest-draft', article('draft', { publishedAt: '2026-02-01T00:00:00Z', status: 'draft' }));
      const want = [...rows].sort(byNewest).map((r) => r.slug);

      for (const limit of [1, 2, 4, 9, 50]) {
        const { slugs, pages } = await listAll(store, {}, limit);
        expect(slugs, `limit ${limit}`).toEqual(want);
        expect(pages, `limit ${limit}`).toBe(Math.max(1, Math.ceil(want.length / limit)));
      }
      const last = await store.list({ limit: 9 });
      expect(last.nextCursor).toBeNull();

      // Offset paging (feeds' ?page=N) walks the same order.
      expect((await store.list({ limit: 3, offset: 3 })).items.map((i) => i.slug)).toEqual(want.slice(3, 6));

      // A page boundary survives an insert above it: keyset cursors neither skip nor repeat.
      const page1 = await store.list({ limit: 3 });
      await store.put('brand-new', article('brand new', { publishedAt: '2026-01-31T00:00:00Z' }));
      const page2 = await store.list({ limit: 3, cursor: page1.nextCursor! });
      expect(page2.items.map((i) => i.slug)).toEqual(want.slice(3, 6));
    });

    it('rejects a cursor it did not issue with invalid_input naming the cursor', async () => {
      const err = await store.list({ limit: 5, cursor: 'not-a-cursor' }).catch((e: unknown) => e);
      expect(isSharecardError(err)).toBe(true);
      expect((err as { kind: string }).kind).toBe('invalid_input');
    });

    it('filters by section, tag, author, language (a prefix matches regional variants) and status, and counts the same', async () => {
      const put = (slug: string, extra: Record<string, unknown>) => store.put(slug, article(slug, extra));
      await put('world-en', { section: 'World', tags: ['Iran', 'C# & .NET <test>'], authors: [{ name: 'Jane Doe' }], lang: 'en' });
      await put('world-pt', { section: 'world', tags: ['Iran'], authors: [{ name: 'João Silva' }], lang: 'pt' });
      await put('world-pt-br', { section: 'World', tags: ['Brasil'], authors: [{ name: 'JANE DOE' }, { name: 'João Silva' }], lang: 'pt-BR' });
      await put('politics-ptx', { section: 'Politics', tags: ['iran'], lang: 'ptx' });
      await put('world-draft', { section: 'World', tags: ['Iran'], authors: [{ name: 'Jane Doe' }], lang: 'en', status: 'draft' });

      const cases: [Omit<ListQuery, 'limit'>, string[]][] = [
        [{}, ['world-pt-br', 'world-pt', 'world-en', 'politics-ptx']],
        [{ section: 'World' }, ['world-pt-br', 'world-pt', 'world-en']],
        [{ section: 'WORLD' }, ['world-pt-br', 'world-pt', 'world-en']],
        [{ section: 'Sport' }, []],
        [{ tag: 'Iran' }, ['world-pt', 'world-en', 'politics-ptx']],
        [{ tag: 'c# & .net <test>' }, ['world-en']],
        [{ author: 'jane doe' }, ['world-pt-br', 'world-en']],
        [{ author: 'João Silva' }, ['world-pt-br', 'world-pt']],
        [{ lang: 'pt' }, ['world-pt-br', 'world-pt']],
        [{ lang: 'pt-BR' }, ['world-pt-br']],
        [{ lang: 'PT-br' }, ['world-pt-br']],
        [{ lang: 'en' }, ['world-en']],
        [{ lang: 'p' }, []],
        [{ status: 'draft' }, ['world-draft']],
        [{ status: 'all', tag: 'iran' }, ['world-pt', 'world-en', 'world-draft', 'politics-ptx']],
        [{ status: 'published', section: 'world', tag: 'iran', author: 'Jane Doe', lang: 'en' }, ['world-en']],
        [{ section: 'world', lang: 'pt', author: 'jane doe' }, ['world-pt-br']],
      ];
      // Every article shares one publishedAt, so the order is by slug, descending.
      const sorted = (s: string[]) => [...s].sort((a, b) => (a < b ? 1 : -1));
      for (const [query, want] of cases) {
        const label = JSON.stringify(query);
        expect((await store.list({ ...query, limit: 50 })).items.map((i) => i.slug), label).toEqual(sorted(want));
        expect(await store.count(query), label).toBe(want.length);
        expect((await listAll(store, query, 1)).slugs, `${label} paged`).toEqual(sorted(want));
      }
    });

    it('re-indexes tags, authors, section and status when an article is replaced', async () => {
      await store.put('moving', article('moving', { section: 'World', tags: ['Iran'], authors: [{ name: 'Jane Doe' }] }));
      await store.put('moving', article('moving', { section: 'Politics', tags: ['Turkey'], authors: [{ name: 'Ali' }], status: 'draft' }));
      expect(await store.count({ tag: 'Iran', status: 'all' })).toBe(0);
      expect(await store.count({ author: 'Jane Doe', status: 'all' })).toBe(0);
      expect(await store.count({ section: 'World', status: 'all' })).toBe(0);
      expect(await store.count({ tag: 'Turkey', section: 'Politics', author: 'ali', status: 'draft' })).toBe(1);
      expect(await store.count({})).toBe(0);
    });

    it('deletes an article and everything indexed under it', async () => {
      await store.put('gone', article('gone', { section: 'World', tags: ['Iran'], authors: [{ name: 'Jane Doe' }] }));
      await store.put('kept', article('kept', { section: 'World', tags: ['Iran'] }));
      expect(await store.delete('gone')).toBe(true);
      expect(await store.delete('gone')).toBe(false);
      expect(await store.get('gone')).toBeNull();
      expect((await store.list({ limit: 10, tag: 'Iran' })).items.map((i) => i.slug)).toEqual(['kept']);
      expect(await store.count({ author: 'Jane Doe' })).toBe(0);
      expect(await store.count({})).toBe(1);
      // Putting it again is a creation, with a new creation time.
      expect((await store.put('gone', article('gone'))).created).toBe(true);
      expect(await store.delete('never-existed')).toBe(false);
    });

    it('bumps the change stamp on every committed change and only then, visible to every instance at once', async () => {
      const start = await store.changeStamp();
      expect(start.value).toBe(0);
      expect(start.changedAt).toBe('1970-01-01T00:00:00.000Z');
      const stamp = async () => (await store.changeStamp()).value;

      const first = await store.put('stamped', article('one'));
      expect(await stamp()).toBe(1);
      const after = await store.changeStamp();
      expect(after.changedAt).toBe(first.article.modifiedAt);
      await store.put('stamped', article('one'));
      expect(await stamp(), 'an unchanged put is not a change').toBe(1);
      await store.put('stamped', article('two'));
      expect(await stamp()).toBe(2);
      expect(await store.delete('never-there')).toBe(false);
      expect(await stamp(), 'deleting nothing is not a change').toBe(2);
      expect(await store.delete('stamped')).toBe(true);
      expect(await stamp()).toBe(3);
      expect((await store.changeStamp()).changedAt >= after.changedAt).toBe(true);

      if (h.injectWriteFailure) {
        await h.injectWriteFailure('boom');
        await expect(store.put('stamped', article('three', { tags: ['boom'] }))).rejects.toThrow();
        expect(await stamp(), 'a rolled-back write is not a change').toBe(3);
      }
      if (h.reopen) {
        // Another replica's write shows in this instance's very next read: nothing is cached.
        const second = await h.reopen();
        extra.push(second);
        await second.put('from-elsewhere', article('elsewhere'));
        expect(await stamp()).toBe(4);
      }
    });

    it('revokes editor sessions for every instance, drops them once expired, and leaves the change stamp alone', async () => {
      const nowSeconds = Math.floor(Date.now() / 1000);
      expect(await store.isSessionRevoked('session-a')).toBe(false);
      await store.revokeSession('session-a', nowSeconds + 3600);
      await store.revokeSession('session-a', nowSeconds + 3600); // twice is fine
      expect(await store.isSessionRevoked('session-a')).toBe(true);
      expect(await store.isSessionRevoked('session-b')).toBe(false);
      // An entry whose cookie has expired is pruned by the next revocation.
      await store.revokeSession('session-old', nowSeconds - 1);
      await store.revokeSession('session-c', nowSeconds + 60);
      expect(await store.isSessionRevoked('session-old')).toBe(false);
      expect(await store.isSessionRevoked('session-c')).toBe(true);
      expect((await store.changeStamp()).value, 'a logout is not a change to any feed').toBe(0);
      if (h.reopen) {
        const second = await h.reopen();
        extra.push(second);
        expect(await second.isSessionRevoked('session-a')).toBe(true);
      }
    });

    it('answers ping while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps its data across close and reopen', async (ctx) => {
      if (!h.reopen) ctx.skip();
      const f = loadFixtures()[0]!;
      const put = await store.put(f.slug, parseArticle(fixtureBody(f)));
      await store.close();
      await store.close(); // closing twice is harmless (shutdown paths overlap)
      store = await h.reopen!();
      expect(await store.get(f.slug)).toEqual(put.article);
      expect((await store.list({ limit: 5 })).items.map((i) => i.slug)).toEqual([f.slug]);
      expect((await store.put(f.slug, parseArticle(fixtureBody(f)))).changed).toBe(false);
    });

    it('leaves the previous article intact when a write fails inside its transaction', async (ctx) => {
      if (!h.injectWriteFailure) ctx.skip();
      const before = await store.put('fragile', article('Original headline', { section: 'World', tags: ['Iran'] }));
      await h.injectWriteFailure!('boom');
      await expect(store.put('fragile', article('Half-written headline', { section: 'Politics', tags: ['Iran', 'boom'] }))).rejects.toThrow();
      expect(await store.get('fragile')).toEqual(before.article);
      expect(await store.count({ section: 'World', tag: 'Iran' })).toBe(1);
      expect(await store.count({ section: 'Politics', status: 'all' })).toBe(0);
      expect(await store.count({ tag: 'boom', status: 'all' })).toBe(0);
      // A failed new article leaves nothing behind either.
      await expect(store.put('fragile-new', article('New', { tags: ['boom'] }))).rejects.toThrow();
      expect(await store.get('fragile-new')).toBeNull();
      expect(await store.count({ status: 'all' })).toBe(1);
      // And the store is still usable afterwards (its connection went back clean).
      for (let i = 0; i < 3; i++) expect((await store.put('fragile', article(`Edit ${i}`, { tags: ['Iran'] }))).changed).toBe(true);
    });

    it('ends consistent after concurrent puts of the same slug, from one store and from two', async () => {
      const bodies = ['alpha', 'beta', 'gamma'].map((t) => article(`Headline ${t}`, { tags: [t], section: t }));
      const check = async (slug: string, results: { created: boolean; changed: boolean; article: StoredArticle }[], reader: ArticleStore) => {
        expect(results.filter((r) => r.created).length, 'exactly one creation').toBe(1);
        const final = (await reader.get(slug))!;
        const body = bodies.find((b) => b.title === final.title)!;
        expect(final).toEqual(expected(slug, body, final));
        // The index agrees with the stored article: only its own tag and section list it.
        const listed = async (q: Omit<ListQuery, 'limit'>) => (await reader.list({ ...q, limit: 50 })).items.some((i) => i.slug === slug);
        for (const b of bodies) {
          expect(await listed({ tag: b.tags[0]! }), `tag ${b.tags[0]}`).toBe(b === body);
          expect(await listed({ section: b.section! }), `section ${b.section}`).toBe(b === body);
        }
      };
      const writes = Array.from({ length: 12 }, (_, i) => bodies[i % bodies.length]!);
      const before = (await store.changeStamp()).value;
      const results = await Promise.all(writes.map((b) => store.put('contended', b)));
      await check('contended', results, store);
      // One stamp step per write that reported a change: none lost, none invented.
      expect((await store.changeStamp()).value - before).toBe(results.filter((r) => r.changed).length);

      if (h.reopen) {
        const second = await h.reopen();
        extra.push(second);
        const results = await Promise.all(writes.map((b, i) => (i % 2 ? second : store).put('contended-2', b)));
        await check('contended-2', results, second);
        expect(await store.get('contended-2')).toEqual(await second.get('contended-2'));
      }
    });
  });
}
