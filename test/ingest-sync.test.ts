/**
 * `sharecard sync` end to end against a site this test serves on 127.0.0.1: every kind of
 * source, every field of the stored articles, a second run that changes nothing, an edited
 * page, a page gone, a slug collision, dry runs, limits and hostile pages.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { ArticleStore } from '../src/store/types.js';
import type { Config } from '../src/config/schema.js';
import { syncSource } from '../src/ingest/service.js';
import type { SyncReport } from '../src/ingest/sync.js';
import { SHARECARD_VERSION } from '../src/version.js';
import { tempDir, testConfig } from './helpers.js';
import { buildSite, jsonLdPage, PERSIAN_PATH, PERSIAN_TITLE, QUIET, startSite, type Site } from './ingest-site.js';

let site: Site;
let dir: ReturnType<typeof tempDir>;
let config: Config;
let store: ArticleStore;

beforeAll(async () => {
  site = await startSite(buildSite);
});
afterAll(async () => {
  await site.close();
});
beforeEach(() => {
  dir = tempDir();
  config = testConfig(dir.dir, { ingest: { hostDelayMs: 0, fetchTimeoutMs: 1000, concurrency: 4 } });
  store = openSqliteStore({ dataDir: dir.dir });
  site.docs.clear();
  for (const [k, v] of buildSite(site.origin)) site.docs.set(k, v);
  site.log.length = 0;
});
afterEach(async () => {
  await store.close();
  dir.cleanup();
});

const sync = (path: string, options: { dryRun?: boolean; limit?: number } = {}) => syncSource({ config, store }, { url: `${site.origin}${path}`, ...options });
const itemFor = (r: SyncReport, path: string) => r.items.find((i) => decodeURI(new URL(i.url).pathname) === path);

describe('RSS feed over every kind of page', () => {
  it('stores each story with every field from the most trusted source', async () => {
    const report = await sync('/feed.xml');
    expect(report.kind).toBe('rss');
    expect(report.found).toBe(12);

    const a = await store.get('us-iran-talks-istanbul');
    expect(a).toMatchObject({
      url: `${site.origin}/news/us-iran-talks-istanbul/`,
      title: 'US and Iran resume talks in Istanbul & agree on next round',
      description: 'Negotiators met for six hours.',
      section: 'World',
      tags: ['Iran', 'United States', 'diplomacy'],
      authors: [{ name: 'Sara Ahmadi', url: `${site.origin}/authors/sara` }],
      image: { url: `${site.origin}/media/talks.jpg`, alt: 'Delegates arrive in Istanbul', width: 1600, height: 900 },
      publishedAt: '2026-02-03T05:00:00.000Z',
      updatedAt: '2026-02-03T10:00:00.000Z',
      lang: 'en-US',
      status: 'published',
      dir: 'ltr',
    });

    const b = await store.get('markets-rally');
    expect(b).toMatchObject({
      url: `${site.origin}/business/markets-rally.html`,
      title: 'Markets rally as inflation cools',
      description: 'Stocks rose on Tuesday & bonds fell.',
      section: 'Business',
      tags: ['Markets', 'Inflation'],
      authors: [{ name: 'Li Wei' }],
      // og:image was "../media/markets.jpg" on /business/markets-rally.html
      image: { url: `${site.origin}/media/markets.jpg`, alt: 'Traders on the floor', width: 1200, height: 630 },
      publishedAt: '2026-02-04T09:00:00.000Z',
      updatedAt: '2026-02-04T11:30:00.000Z',
      lang: 'en-GB',
    });

    const fa = itemFor(report, PERSIAN_PATH)!;
    expect(fa.action).toBe('created');
    expect(fa.slug).toMatch(/^p-[0-9a-f]{12}$/);
    const c = await store.get(fa.slug!);
    expect(c).toMatchObject({
      url: `${site.origin}${encodeURI(PERSIAN_PATH)}`,
      title: PERSIAN_TITLE,
      description: 'مذاکره‌کنندگان شش ساعت گفت‌وگو کردند.',
      authors: [{ name: 'سارا احمدی' }],
      publishedAt: '2026-02-03T08:30:00.000Z',
      lang: 'fa',
      dir: 'rtl',
    });
    expect(c!.image).toBeUndefined();

    const d = await store.get('tokyo-olympics-legacy');
    expect(d).toMatchObject({
      title: '東京五輪のレガシー、10年後の評価',
      description: '競技場の多くは今も使われている。',
      image: { url: `${site.origin}/media/tokyo.jpg`, alt: '国立競技場' },
      // Only the feed has these.
      publishedAt: '2026-02-03T16:00:00.000Z',
      authors: [{ name: '田中 花子' }],
      tags: ['Sports'],
      lang: 'ja',
    });

    const q = await store.get('quiet-story');
    expect(q).toMatchObject({
      title: QUIET.rss.title,
      description: QUIET.rss.description,
      publishedAt: QUIET.rss.publishedAt,
      authors: [{ name: QUIET.rss.author }],
      tags: QUIET.rss.tags,
      lang: QUIET.rss.lang,
      image: { url: `${site.origin}${QUIET.rss.image}`, alt: QUIET.rss.alt },
    });

    // Script and markup in a headline are dropped, not stored.
    const s = await store.get('script-title');
    expect(s!.title).toBe('Dam holds after storm');

    const failures = Object.fromEntries(report.items.filter((i) => i.action === 'failed').map((i) => [new URL(i.url).pathname, i.reason]));
    expect(Object.keys(failures).sort()).toEqual(['/hostile/endless', '/hostile/huge', '/hostile/loop', '/hostile/offsite', '/hostile/untitled', '/other-site'].sort());
    expect(failures['/hostile/huge']).toMatch(/larger than ingest\.maxDocumentBytes/);
    expect(failures['/hostile/loop']).toMatch(/more than ingest\.maxRedirects \(5\)/);
    expect(failures['/hostile/endless']).toMatch(/timed out after ingest\.fetchTimeoutMs \(1000 ms\)/);
    expect(failures['/hostile/offsite']).toMatch(/redirect to http:\/\/localhost:9, which is not the source's origin/);
    expect(failures['/other-site']).toMatch(/http:\/\/localhost:9 is not the source's origin/);
    expect(failures['/hostile/untitled']).toMatch(/title: must not be empty/);
    for (const path of Object.keys(failures)) expect(await store.get(path.split('/').pop()!)).toBeNull();
    expect(report.counts).toEqual({ created: 6, updated: 0, unchanged: 0, unpublished: 0, collision: 0, failed: 6 });

    // Photos are left to the guarded image loader; the report says when it will refuse them.
    expect(report.warnings).toEqual([`photos on ${site.origin} are not in images.allowedOrigins: cards will be drawn without them until it is added`]);

    // Polite: every request names sharecard and its version.
    expect(new Set(site.log.map((l) => l.userAgent))).toEqual(new Set([`sharecard/${SHARECARD_VERSION} (feed and page sync)`]));
  });

  it('a second run changes nothing and revalidates with If-None-Match; an edited page updates exactly that story', async () => {
    const first = await sync('/feed.xml');
    const before = await Promise.all(['us-iran-talks-istanbul', 'markets-rally', 'quiet-story'].map((s) => store.get(s)));
    site.log.length = 0;
    const second = await sync('/feed.xml');
    expect(second.counts.unchanged).toBe(first.counts.created);
    expect(second.counts.created + second.counts.updated + second.counts.unpublished).toBe(0);
    const revalidated = site.log.filter((l) => l.status === 304).map((l) => l.path);
    expect(revalidated).toContain('/feed.xml');
    expect(revalidated).toContain('/news/us-iran-talks-istanbul/');
    expect(revalidated).toContain(PERSIAN_PATH);
    const after = await Promise.all(['us-iran-talks-istanbul', 'markets-rally', 'quiet-story'].map((s) => store.get(s)));
    expect(after.map((a) => a!.modifiedAt)).toEqual(before.map((a) => a!.modifiedAt));

    site.docs.set('/news/us-iran-talks-istanbul/', { type: 'text/html', body: jsonLdPage(site.origin, 'Talks end with a deal') });
    const third = await sync('/feed.xml');
    const changed = third.items.filter((i) => i.action !== 'unchanged' && i.action !== 'failed');
    expect(changed).toEqual([{ url: `${site.origin}/news/us-iran-talks-istanbul/`, action: 'updated', slug: 'us-iran-talks-istanbul', fields: ['title'] }]);
    expect((await store.get('us-iran-talks-istanbul'))!.title).toBe('Talks end with a deal');
  });

  it('a page that disappears (404 or 410) is unpublished (draft), not deleted', async () => {
    await sync('/feed.xml');
    site.docs.set('/business/markets-rally.html', { type: 'text/html', body: 'gone', status: 410 });
    site.docs.delete('/ja/tokyo-olympics-legacy');
    const report = await sync('/feed.xml');
    expect(itemFor(report, '/business/markets-rally.html')).toMatchObject({ action: 'unpublished', slug: 'markets-rally', reason: 'HTTP 410' });
    expect(itemFor(report, '/ja/tokyo-olympics-legacy')).toMatchObject({ action: 'unpublished', reason: 'HTTP 404' });
    const b = await store.get('markets-rally');
    expect(b).toMatchObject({ status: 'draft', title: 'Markets rally as inflation cools' });
    // A third run: already a draft, nothing to do.
    expect(itemFor(await sync('/feed.xml'), '/business/markets-rally.html')!.action).toBe('unchanged');
  });

  it('a slug held by a different canonical URL is reported, not overwritten', async () => {
    await store.put('markets-rally', { url: 'https://elsewhere.example/markets-rally', title: 'Someone else', status: 'published', lang: 'en', tags: [], authors: [] });
    const report = await sync('/feed.xml');
    expect(itemFor(report, '/business/markets-rally.html')).toMatchObject({
      action: 'collision',
      slug: 'markets-rally',
      reason: 'slug "markets-rally" already holds https://elsewhere.example/markets-rally',
    });
    expect((await store.get('markets-rally'))!.title).toBe('Someone else');
  });

  it('--dry-run reports what would change and writes nothing; --limit reads only the first stories', async () => {
    const dry = await sync('/feed.xml', { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.counts.created).toBe(6);
    expect((await store.list({ limit: 100, status: 'all' })).items).toEqual([]);

    await sync('/feed.xml');
    site.docs.set('/news/us-iran-talks-istanbul/', { type: 'text/html', body: jsonLdPage(site.origin, 'A dry headline') });
    const dry2 = await sync('/feed.xml', { dryRun: true });
    expect(dry2.items.filter((i) => i.action === 'updated')).toEqual([{ url: `${site.origin}/news/us-iran-talks-istanbul/`, action: 'updated', slug: 'us-iran-talks-istanbul', fields: ['title'] }]);
    expect((await store.get('us-iran-talks-istanbul'))!.title).not.toBe('A dry headline');

    const limited = await sync('/feed.xml', { limit: 2 });
    expect(limited.found).toBe(12);
    expect(limited.items.map((i) => new URL(i.url).pathname)).toEqual(['/news/us-iran-talks-istanbul/', '/business/markets-rally.html']);
  });
});

describe('other sources: the fields only the source gives', () => {
  it('Atom', async () => {
    const report = await sync('/atom.xml');
    expect(report).toMatchObject({ kind: 'atom', found: 2, counts: { created: 2, failed: 0 } });
    expect(await store.get('quiet-story')).toMatchObject({
      title: QUIET.atom.title,
      description: QUIET.atom.description,
      publishedAt: QUIET.atom.publishedAt,
      updatedAt: QUIET.atom.updatedAt,
      authors: [{ name: QUIET.atom.author, url: `${site.origin}/authors/ben` }],
      tags: QUIET.atom.tags,
      lang: QUIET.atom.lang,
    });
  });

  it('JSON Feed', async () => {
    const report = await sync('/feed.json');
    expect(report).toMatchObject({ kind: 'json-feed', found: 2, counts: { created: 2, failed: 0 } });
    expect(await store.get('quiet-story')).toMatchObject({
      title: QUIET.json.title,
      description: QUIET.json.description,
      publishedAt: QUIET.json.publishedAt,
      updatedAt: QUIET.json.updatedAt,
      authors: [{ name: QUIET.json.author, url: `${site.origin}/authors/chen` }],
      tags: QUIET.json.tags,
      lang: QUIET.json.lang,
      image: { url: `${site.origin}${QUIET.json.image}` },
    });
  });

  it('Google News sitemap', async () => {
    const report = await sync('/news-sitemap.xml');
    expect(report).toMatchObject({ kind: 'news-sitemap', found: 2, counts: { created: 2, failed: 0 } });
    expect(await store.get('quiet-story')).toMatchObject({
      title: QUIET.news.title,
      publishedAt: QUIET.news.publishedAt,
      updatedAt: QUIET.news.updatedAt,
      tags: QUIET.news.tags,
      lang: QUIET.news.lang,
      image: { url: `${site.origin}${QUIET.news.image}`, alt: QUIET.news.alt },
    });
    // The page's own og:title beats the sitemap's news:title.
    expect((await store.get('tokyo-olympics-legacy'))!.title).toBe('東京五輪のレガシー、10年後の評価');
  });

  it('a sitemap index: its sitemaps on the same origin are read, others refused with a warning', async () => {
    const report = await sync('/sitemap-index.xml');
    expect(report).toMatchObject({ kind: 'sitemap-index', found: 1, counts: { created: 1 } });
    expect(report.warnings).toEqual([
      expect.stringMatching(/^sitemap http:\/\/localhost:9\/foreign-sitemap\.xml: http:\/\/localhost:9 is not the source's origin/),
      `photos on ${site.origin} are not in images.allowedOrigins: cards will be drawn without them until it is added`,
    ]);
    expect(await store.get('markets-rally')).toMatchObject({ title: 'Markets rally as inflation cools' });
  });

  it('WordPress REST API without Yoast', async () => {
    const report = await sync('/wp-json/wp/v2/posts');
    expect(report).toMatchObject({ kind: 'wordpress', found: 1, counts: { created: 1 } });
    const q = await store.get('quiet-story');
    expect(q).toMatchObject({
      title: 'Quiet story’s WordPress title',
      description: 'WordPress excerpt & more […]',
      publishedAt: '2026-01-17T08:00:00.000Z',
      updatedAt: '2026-01-18T08:00:00.000Z',
      lang: 'en',
    });
    expect(q!.image).toBeUndefined();
  });

  it("WordPress REST API with Yoast's yoast_head_json", async () => {
    await sync('/yoast/wp-json/wp/v2/posts');
    expect(await store.get('quiet-story')).toMatchObject({
      title: 'Quiet story (Yoast)',
      description: 'Yoast OG description',
      section: 'Yoast section',
      tags: ['Yoast tag'],
      authors: [{ name: 'Dana Levi' }],
      image: { url: `${site.origin}/media/quiet-yoast.jpg`, alt: 'Yoast caption', width: 1200, height: 675 },
      publishedAt: '2026-01-19T08:00:00.000Z',
      updatedAt: '2026-01-20T08:00:00.000Z',
      lang: 'en-IE',
    });
  });

  it('one article page', async () => {
    const report = await sync('/business/markets-rally.html');
    expect(report).toMatchObject({ kind: 'page', found: 1, counts: { created: 1 } });
    expect(await store.get('markets-rally')).toMatchObject({ title: 'Markets rally as inflation cools' });
    expect((await sync('/business/markets-rally.html')).counts.unchanged).toBe(1);
  });

  it('a source that moved within its host is followed, and its pages read where it now is', async () => {
    site.docs.set('/old/feed', (_req, res) => void res.writeHead(301, { location: `${site.origin}/feed.json` }).end());
    const report = await sync('/old/feed');
    expect(report).toMatchObject({ kind: 'json-feed', counts: { created: 2, failed: 0 } });
    site.docs.set('/old/elsewhere', (_req, res) => void res.writeHead(301, { location: 'http://localhost:9/feed.json' }).end());
    await expect(sync('/old/elsewhere')).rejects.toThrow(/redirect to http:\/\/localhost:9, which is not the source's origin/);
  });

  it("a site's home page: its WordPress API (every page of posts) or its feed is read", async () => {
    const home = await sync('/');
    expect(home).toMatchObject({ kind: 'atom', found: 2, counts: { created: 2 } });
    expect(home.warnings[0]).toBe(`${site.origin}/ is not an article: read ${site.origin}/atom.xml, which it links to`);

    const wp = await sync('/wp/');
    expect(wp).toMatchObject({ kind: 'wordpress', found: 2 });
    expect(wp.warnings[0]).toBe(`${site.origin}/wp/ is not an article: read ${site.origin}/wp/wp-json/wp/v2/posts, which it links to`);
    expect(wp.items.map((i) => i.slug)).toEqual(['quiet-story', 'markets-rally']);
    expect(site.log.filter((l) => l.path === '/wp/wp-json/wp/v2/posts')).toHaveLength(2);

    await expect(sync('/bare/')).rejects.toThrow(/is a site's page, not an article, and links no feed or WordPress API/);
  });

  it('reads a page in the charset its Content-Type names', async () => {
    site.docs.set('/latin1/cafe-story', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
      res.end(Buffer.from('<html lang="fr"><head><meta property="og:title" content="Caf\xe9 cr\xe8me \x96 \x93quoted\x94"></head></html>', 'latin1'));
    });
    await sync('/latin1/cafe-story');
    expect((await store.get('cafe-story'))!.title).toBe('Café crème – “quoted”');
  });

  it('a source that cannot be read is one clear error', async () => {
    await expect(sync('/missing.xml')).rejects.toThrow(/Cannot read the source .*\/missing\.xml: HTTP 404/);
    await expect(sync('/hostile/endless-feed.xml')).rejects.toThrow(/Cannot read the source .*: larger than ingest\.maxDocumentBytes \(5242880 bytes\)/);
    site.docs.set('/broken.json', { type: 'application/json', body: '{"version": ' });
    await expect(sync('/broken.json')).rejects.toThrow(/not valid JSON/);
  });
});
