/**
 * Property tests for the pure feed builders: any text in titles, descriptions, names, tags
 * and config (control characters, lone surrogates, "]]>", "&amp;", "<", RTL, emoji) gives
 * well-formed RSS and Atom and valid JSON that carry exactly the cleaned text; the same input
 * always gives the same bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../src/core/article.js';
import { buildFeedModel, renderFeed, type FeedBuildInput } from '../src/core/feeds/index.js';
import { cleanLine, cleanText } from '../src/core/text.js';
import { parseXml, textOf, unescapeHtml } from './feed-helpers.js';

const nasty = fc.constantFrom(']]>', ']]>]]>', '&amp;', '&', '<', '<b>x</b>', '"', "'", '\u0000', '\u000b', '\u001f', '\u007f', '\u0085', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '\r\n', '\t', 'مذاکرات', 'שלום', '\u202E', '🚢', '👩🏽‍💻', '\u3000', 'e\u0301');
/** Any UTF-16 code unit (lone surrogates included), mixed with the hard cases above. */
const anyText = fc
  .array(fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), nasty), { maxLength: 8 })
  .map((parts) => parts.join(''));

function article(i: number, t: { title: string; description: string; author: string; tag: string; html: string }): StoredArticle {
  return {
    slug: `story-${i}`,
    url: `https://news.example.com/story-${i}?a=1&b=2`,
    title: t.title,
    description: t.description,
    section: t.tag,
    tags: [t.tag, 'Plain'],
    authors: [{ name: t.author }],
    image: { url: 'https://news.example.com/media/dune.jpg', width: 1600, height: 900, alt: t.description },
    lang: 'en',
    status: 'published',
    contentHtml: t.html,
    publishedAt: `2026-02-0${1 + (i % 9)}T08:00:00.000Z`,
    dir: 'ltr',
    revision: `rev${i}`.padEnd(16, 'x'),
    createdAt: '2026-02-01T00:00:00.000Z',
    modifiedAt: '2026-02-03T00:00:00.000Z',
  };
}

function input(feedTitle: string, feedDescription: string, articles: StoredArticle[]): FeedBuildInput {
  return {
    site: { name: 'Example News', url: 'https://news.example.com', lang: 'en', logo: null },
    feeds: { title: feedTitle, description: feedDescription, hub: null },
    publicUrl: 'https://share.example.com',
    page: 1,
    pageCount: 1,
    paging: 'query',
    articles,
    emptyUpdated: '1970-01-01T00:00:00.000Z',
  };
}

const fields = fc.record({ title: anyText, description: anyText, author: anyText, tag: anyText, html: anyText });

describe('feeds carry any text safely', () => {
  it('RSS, Atom and JSON Feed are well-formed and round-trip the cleaned text', () => {
    fc.assert(
      fc.property(anyText, anyText, fields, (feedTitle, feedDescription, t) => {
        const a = article(1, t);
        const model = buildFeedModel(input(feedTitle, feedDescription, [a]));
        const title = cleanLine(t.title) || a.url;
        const description = cleanLine(t.description);
        const author = cleanLine(t.author);
        const tag = cleanLine(t.tag);
        const channelTitle = cleanLine(feedTitle) || 'Example News';

        const rss = parseXml(renderFeed('rss', model).body).rss.channel;
        expect(textOf(rss.title)).toBe(channelTitle);
        const item = rss.item[0];
        expect(textOf(item.title)).toBe(title);
        expect(unescapeHtml(textOf(item.description))).toBe(description);
        expect(item['dc:creator'] ?? []).toEqual(author ? [author] : []);
        expect((item.category ?? []).map(textOf)).toContain('Plain');
        if (tag && cleanLine(tag) !== '') expect((item.category ?? []).map(textOf)).toContain(tag);

        const atom = parseXml(renderFeed('atom', model).body).feed;
        expect(textOf(atom.title)).toBe(channelTitle);
        const entry = atom.entry[0];
        expect(unescapeHtml(textOf(entry.title))).toBe(title);
        expect(unescapeHtml(textOf(entry.summary))).toBe(description);
        expect((entry.author ?? []).map((w: any) => textOf(w.name))).toEqual(author ? [author] : []);

        // contentHtml is HTML: "]]>" is carried as the equivalent "]]&gt;" so the CDATA section holds.
        const html = cleanText(t.html);
        expect(textOf(item['content:encoded']).replaceAll(']]&gt;', ']]>')).toBe(html);
        expect(textOf(entry.content).replaceAll(']]&gt;', ']]>')).toBe(html);

        const json = JSON.parse(renderFeed('json', model).body);
        expect(json.items[0].content_html ?? '').toBe(html);
        expect(json.title).toBe(channelTitle);
        expect(json.items[0].title).toBe(title);
        expect(json.items[0].summary ?? '').toBe(json.items[0].content_html ? description : '');
      }),
      { numRuns: 300 },
    );
  });

  it('labels an Atom entry in another language with its own xml:lang, whatever its content spells', () => {
    // Content HTML may spell the entry start tag; the label still lands on the real <entry>.
    const fields = { description: 'd', author: 'A', tag: 'Iran', html: '\n    <entry>\n    <entry> ]]> <b>x</b>' };
    const articles = [
      { ...article(1, { ...fields, title: 'مذاکرات' }), lang: 'fa' },
      { ...article(2, { ...fields, title: 'Talks' }), lang: 'en' },
      { ...article(3, { ...fields, title: '協議' }), lang: 'ja' },
    ];
    const body = renderFeed('atom', buildFeedModel(input('T', 'D', articles))).body;
    const feed = parseXml(body).feed;
    expect(feed['@xml:lang']).toBe('en');
    expect(feed.entry.map((e: any) => [textOf(e.title), e['@xml:lang'] ?? feed['@xml:lang']])).toEqual([
      ['مذاکرات', 'fa'],
      ['Talks', 'en'],
      ['協議', 'ja'],
    ]);
    expect(feed.entry.map((e: any) => textOf(e.content).replaceAll(']]&gt;', ']]>'))).toEqual(articles.map((a) => cleanText(a.contentHtml!)));
  });

  it('is byte-stable: the same data always gives the same documents', () => {
    fc.assert(
      fc.property(anyText, fc.array(fields, { minLength: 0, maxLength: 4 }), (feedTitle, list) => {
        const articles = list.map((t, i) => article(i, t));
        const once = buildFeedModel(input(feedTitle, '', articles));
        const again = buildFeedModel(input(feedTitle, '', structuredClone(articles)));
        for (const f of ['rss', 'atom', 'json'] as const) expect(renderFeed(f, again).body).toBe(renderFeed(f, once).body);
      }),
      { numRuns: 100 },
    );
  });

  it('dates the document by its newest article, never by the clock', () => {
    const a = { ...article(1, { title: 'A', description: '', author: 'X', tag: 'T', html: '' }), modifiedAt: '2026-02-05T10:00:00.000Z' };
    const model = buildFeedModel(input('', '', [a]));
    expect(model.updated).toBe('2026-02-05T10:00:00.000Z');
    expect(parseXml(renderFeed('rss', model).body).rss.channel.lastBuildDate).toBe('Thu, 05 Feb 2026 10:00:00 GMT');
    expect(buildFeedModel(input('', '', [])).updated).toBe('1970-01-01T00:00:00.000Z');
  });
});
