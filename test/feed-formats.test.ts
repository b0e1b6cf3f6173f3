/**
 * Every feed (site-wide and per section, tag, author and language) in every format, fetched
 * over HTTP with all fixtures stored: parsed strictly and compared as trees, read back by
 * python3-feedparser, @rowanmanning/feed-parser and rss-parser, and the JSON Feed validated
 * against the 1.1 schema.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import RssParser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredArticle } from '../src/core/article.js';
import { feedUrl, type FeedFormat, type FeedScope } from '../src/core/links.js';
import { articleKeys } from '../src/core/stored-article.js';
import { feedparser, parseXml, startFeedServer, textOf, unescapeHtml, type FeedTestServer } from './feed-helpers.js';
import { repoRoot } from './helpers.js';

let server: FeedTestServer;
let stored: StoredArticle[]; // published, newest first, as the store returns them
const PUBLIC = 'https://share.example.com';

beforeAll(async () => {
  server = await startFeedServer();
  stored = (await (await fetch(`${server.base}/api/articles?limit=100`)).json()).items;
});
afterAll(() => server.stop());

/** Every feed URL path with the articles it must list. */
function feedCases(): { label: string; path: (f: FeedFormat) => string; articles: StoredArticle[] }[] {
  const cases = [{ label: 'site-wide', path: (f: FeedFormat) => new URL(feedUrl(PUBLIC, f)).pathname, articles: stored }];
  const scopes = new Map<string, { scope: FeedScope; value: string }>();
  for (const a of stored) {
    const k = articleKeys(a);
    if (k.section) scopes.set(`sections/${k.section}`, { scope: 'sections', value: k.section });
    for (const t of k.tags) scopes.set(`tags/${t}`, { scope: 'tags', value: t });
    for (const w of k.authors) scopes.set(`authors/${w}`, { scope: 'authors', value: w });
    scopes.set(`languages/${k.lang}`, { scope: 'languages', value: k.lang });
  }
  for (const [label, s] of scopes) {
    const has = (a: StoredArticle) => {
      const k = articleKeys(a);
      if (s.scope === 'sections') return k.section === s.value;
      if (s.scope === 'tags') return k.tags.includes(s.value);
      if (s.scope === 'authors') return k.authors.includes(s.value);
      return k.lang === s.value || k.lang.startsWith(`${s.value}-`);
    };
    cases.push({ label, path: (f) => new URL(feedUrl(PUBLIC, f, s)).pathname, articles: stored.filter(has) });
  }
  return cases;
}

async function get(p: string): Promise<{ res: Response; body: string }> {
  const res = await fetch(server.base + p);
  return { res, body: await res.text() };
}

const rfc822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('RSS 2.0', () => {
  it('lists the published articles of every scope, newest first, with every element checked', async () => {
    const cases = feedCases();
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const { res, body } = await get(c.path('rss'));
      expect(res.status, c.label).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const rss = parseXml(body).rss;
      expect(rss['@version']).toBe('2.0');
      expect(rss['@xmlns:media']).toBe('http://search.yahoo.com/mrss/');
      const ch = rss.channel;
      expect(ch['atom:link'].find((l: any) => l['@rel'] === 'self')['@href']).toBe(PUBLIC + c.path('rss'));
      expect(ch.lastBuildDate).toMatch(rfc822);
      const items = ch.item ?? [];
      expect(items.map((i: any) => i.link), c.label).toEqual(c.articles.map((a) => a.url));
      items.forEach((item: any, i: number) => {
        const a = c.articles[i];
        expect(textOf(item.title)).toBe(a.title);
        expect(item.guid['@isPermaLink']).toBe('false');
        expect(textOf(item.guid)).toBe(`tag:news.example.com,${a.publishedAt!.slice(0, 10)}:${a.slug}`);
        expect(item.pubDate).toMatch(rfc822);
        expect(Date.parse(item.pubDate)).toBe(Date.parse(a.publishedAt!));
        expect(item['dc:creator'] ?? []).toEqual(a.authors.map((w) => w.name));
        expect((item.category ?? []).map(textOf)).toEqual([...(a.section ? [a.section] : []), ...a.tags]);
        if (a.description) expect(unescapeHtml(textOf(item.description))).toBe(a.description);
        const media = item['media:content'];
        const card = media[0];
        expect(card['@url']).toBe(`${PUBLIC}/og/${a.slug}${a.image ? '/og.jpg' : '.png'}?v=${a.revision}`);
        expect(card['@type']).toBe(a.image ? 'image/jpeg' : 'image/png');
        expect([card['@width'], card['@height'], card['@medium'], card['@isDefault']]).toEqual(['1200', '630', 'image', 'true']);
        expect(item['media:thumbnail']['@url']).toBe(card['@url']);
        if (a.image) {
          expect(media[1]['@url']).toBe(a.image.url);
          expect(media[1]['@type']).toBe('image/jpeg');
          expect(textOf(media[1]['media:credit'])).toBe(a.image.credit);
        } else expect(media).toHaveLength(1);
      });
    }
  });

  it('never lists drafts anywhere', async () => {
    for (const c of feedCases()) for (const f of ['rss', 'atom', 'json'] as const) expect((await get(c.path(f))).body).not.toContain('draft-not-public');
    expect((await get('/feeds/sections/world/rss.xml')).body).not.toContain('Embargoed');
  });

  it('keeps control characters out and ]]>, & and < as text', async () => {
    const ch = parseXml((await get('/feeds/rss.xml')).body).rss.channel;
    const titles = ch.item.map((i: any) => textOf(i.title));
    expect(titles).toContain('Control characters must never reach XML output ]]> end');
    expect(titles).toContain(`Trump: "If we can work it out, that would be great" — & <if not> 'bad things will happen'`);
    const trump = ch.item.find((i: any) => i.link.endsWith('trump-bad-things-quote'));
    expect(unescapeHtml(textOf(trump.description))).toBe('The president <b>confirmed</b> the talks & kept a tough stance: "biggest and best ships" remain en route.');
    expect(trump['dc:creator']).toEqual([`O'Brien & "Sons" <desk@example.com>`]);
    expect(trump.category.map(textOf)).toContain('C# & .NET <test>');
  });

  it('reads back in python3-feedparser with no bozo error, and in rss-parser and @rowanmanning/feed-parser', async () => {
    const rssParser = new RssParser({ customFields: { item: [['dc:creator', 'creator']] } });
    for (const c of feedCases()) {
      const { body } = await get(c.path('rss'));
      const fp = feedparser(body);
      expect(fp.bozo, `${c.label}: ${fp.bozo_exception}`).toBe(false);
      expect(fp.version).toBe('rss20');
      expect(fp.entries.map((e) => e.title)).toEqual(c.articles.map((a) => a.title));
      expect(fp.entries.map((e) => e.link)).toEqual(c.articles.map((a) => a.url));
      expect(fp.entries.map((e) => e.published! * 1000)).toEqual(c.articles.map((a) => Date.parse(a.publishedAt!)));
      expect(fp.entries.map((e) => e.author ?? null)).toEqual(c.articles.map((a) => a.authors[0]?.name ?? null));
      expect(fp.entries.every((e, i) => e.media[0]?.startsWith(`${PUBLIC}/og/${c.articles[i].slug}`))).toBe(true);

      const rp = await rssParser.parseString(body);
      expect(rp.items.map((i) => [i.title, i.link, i.isoDate, i.creator ?? null])).toEqual(
        c.articles.map((a) => [a.title, a.url, new Date(a.publishedAt!).toISOString(), a.authors[0]?.name ?? null]),
      );

      // This reader splits "Name <address>" in dc:creator into a name and an e-mail address.
      const rm = parseFeed(body);
      expect(rm.items.map((i) => [i.title, i.url, i.published?.toISOString(), i.authors[0]?.name ?? null])).toEqual(
        c.articles.map((a) => [a.title, a.url, new Date(a.publishedAt!).toISOString(), a.authors[0]?.name.replace(/ <[^>]+>$/, '') ?? null]),
      );
    }
  });
});

describe('Atom 1.0', () => {
  it('has self and alternate links, stable ids, updated, authors and categories', async () => {
    for (const c of feedCases()) {
      const { res, body } = await get(c.path('atom'));
      expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const feed = parseXml(body).feed;
      expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(feed.id).toBe(PUBLIC + c.path('atom'));
      expect(feed.link.find((l: any) => l['@rel'] === 'self')['@href']).toBe(PUBLIC + c.path('atom'));
      expect(feed.link.find((l: any) => l['@rel'] === 'alternate')['@href']).toBe('https://news.example.com/');
      expect(feed.author[0].name).toBe('Example News');
      const entries = feed.entry ?? [];
      expect(entries.map((e: any) => e.link[0]['@href'])).toEqual(c.articles.map((a) => a.url));
      entries.forEach((e: any, i: number) => {
        const a = c.articles[i];
        expect(unescapeHtml(textOf(e.title))).toBe(a.title);
        expect(e.title['@type']).toBe('html');
        expect(e.id).toBe(`tag:news.example.com,${a.publishedAt!.slice(0, 10)}:${a.slug}`);
        expect(e.updated).toBe(new Date(a.updatedAt ?? a.publishedAt!).toISOString());
        expect(e.published).toBe(new Date(a.publishedAt!).toISOString());
        expect((e.author ?? []).map((w: any) => w.name)).toEqual(a.authors.map((w) => w.name));
        // xml:lang is inherited (XML 1.0 §2.12): each entry's text is in its article's language.
        expect(String(e['@xml:lang'] ?? feed['@xml:lang']).toLowerCase(), a.slug).toBe(a.lang.toLowerCase());
        const cats = (e.category ?? []).map((x: any) => x['@label']);
        expect(cats).toEqual([...(a.section ? [a.section] : []), ...a.tags]);
      });
    }
  });

  it('reads back in python3-feedparser and @rowanmanning/feed-parser', async () => {
    for (const c of feedCases()) {
      const { body } = await get(c.path('atom'));
      const fp = feedparser(body);
      expect(fp.bozo, `${c.label}: ${fp.bozo_exception}`).toBe(false);
      expect(fp.version).toBe('atom10');
      expect(fp.entries.map((e) => [e.title, e.link, e.published! * 1000, e.authors[0] ?? 'Example News'])).toEqual(
        c.articles.map((a) => [a.title, a.url, Date.parse(a.publishedAt!), a.authors[0]?.name ?? 'Example News']),
      );
      const rm = parseFeed(body);
      expect(rm.items.map((i) => [i.title, i.url, i.published?.toISOString()])).toEqual(
        c.articles.map((a) => [a.title, a.url, new Date(a.publishedAt!).toISOString()]),
      );
      expect(rm.items.map((i) => i.categories.map((x) => x.label))).toEqual(c.articles.map((a) => [...(a.section ? [a.section] : []), ...a.tags]));
    }
  });
});

describe('JSON Feed 1.1', () => {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/jsonfeed-1.1.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  // ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module.
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default(ajv);
  const validate = ajv.compile(schema);

  it('validates against the 1.1 schema with authors, language, image and date_modified', async () => {
    for (const c of feedCases()) {
      const { res, body } = await get(c.path('json'));
      expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
      const feed = JSON.parse(body);
      expect(validate(feed), `${c.label}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(feed.feed_url).toBe(PUBLIC + c.path('json'));
      expect(feed.authors).toEqual([{ name: 'Example News', url: 'https://news.example.com/' }]);
      expect(feed.language).toMatch(/^[a-z]/);
      expect(feed.items.map((i: any) => i.url)).toEqual(c.articles.map((a) => a.url));
      feed.items.forEach((item: any, i: number) => {
        const a = c.articles[i];
        expect(item.title).toBe(a.title);
        expect(item.language).toBe(a.lang);
        expect(item.image).toMatch(new RegExp(`^${PUBLIC}/og/${a.slug}`));
        expect(item.date_published).toBe(a.publishedAt);
        expect(item.date_modified).toBe(a.updatedAt ?? a.publishedAt);
        expect(item.authors?.map((w: any) => w.name) ?? []).toEqual(a.authors.map((w) => w.name));
        expect(item.content_html).toBeUndefined(); // no fixture has contentHtml; plain text goes in content_text
        expect(item.content_text).toBe(a.description ?? a.title);
      });
    }
  });
});
