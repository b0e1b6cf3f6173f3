/**
 * The pure half of ingest: text and dates, slugs (with properties), the trust order of the
 * merge, limits applied by clipping, and XML that tries to reach outside the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidSlug, parseArticle } from '../src/core/article.js';
import { defaultArticleLimits } from '../src/core/limits.js';
import { buildArticle, mergeFacts, toArticleInput } from '../src/ingest/build-article.js';
import { parsePage } from '../src/ingest/parse-page.js';
import { parseSource } from '../src/ingest/parse-source.js';
import { htmlToText, toIsoDate } from '../src/ingest/parse-text.js';
import { slugFromUrl } from '../src/ingest/slug.js';

const last = { from: 'last-segment' as const, maxChars: 120 };

describe('text and dates', () => {
  it.each([
    ['Q&amp;A: <b>bold</b> <script>alert(1)</script>end', 'Q&A: bold end'],
    ['Encoded in the text: &#8217; &amp; &eacute;', 'Encoded in the text: ’ & é'],
    ['<p>One</p><p>Two</p>', 'One Two'],
    ['a\u3000b\u00a0c', 'a\u3000b\u00a0c'],
    ['x < y and y > z', 'x < y and y > z'],
  ])('htmlToText(%j)', (input, expected) => {
    expect(htmlToText(input)).toBe(expected);
  });

  it.each([
    ['2026-02-03T08:30:00+03:30', '2026-02-03T05:00:00.000Z'],
    ['2026-02-03', '2026-02-03T00:00:00.000Z'],
    ['2026-02-03T08:30:00', '2026-02-03T08:30:00.000Z'],
    ['Tue, 03 Feb 2026 08:30:00 GMT', '2026-02-03T08:30:00.000Z'],
    ['Tue, 03 Feb 2026 08:30:00 +0100', '2026-02-03T07:30:00.000Z'],
    ['not a date', undefined],
    ['0001-01-01T00:00:00Z', undefined],
  ])('toIsoDate(%j)', (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });
});

describe('slugs from canonical URLs', () => {
  it.each([
    ['https://n.example/2026/02/03/us-iran-talks-istanbul/', 'us-iran-talks-istanbul'],
    ['https://n.example/news/12345.html', '12345'],
    ['https://n.example/world/Café_Society?utm=x', 'cafe-society'],
    ['https://n.example/render', null],
    ['https://n.example/', null],
    ['https://n.example/fa/%DA%AF%D9%81%D8%AA%DA%AF%D9%88', null],
  ])('last segment of %s', (url, expected) => {
    const slug = slugFromUrl(url, last);
    if (expected) expect(slug).toBe(expected);
    else expect(slug).toMatch(/^p-[0-9a-f]{12}$/);
  });

  it('path mode joins the segments', () => {
    expect(slugFromUrl('https://n.example/World/2026/Talks/', { from: 'path', maxChars: 120 })).toBe('world-2026-talks');
  });

  it('is always a valid slug, within the limit, and the same for the same URL', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.integer({ min: 15, max: 120 }), fc.constantFrom('last-segment' as const, 'path' as const), (url, maxChars, from) => {
        const slug = slugFromUrl(url, { from, maxChars });
        expect(isValidSlug(slug, maxChars)).toBe(true);
        expect(slug).not.toBe('render');
        expect(slugFromUrl(url, { from, maxChars })).toBe(slug);
      }),
    );
  });
});

describe('merging by trust', () => {
  it('takes each field from the most trusted layer that has it, and an alt for the same image from below', () => {
    const merged = mergeFacts([
      { title: 'From JSON-LD', image: { url: 'https://n.example/a.jpg' } },
      { title: 'From meta', description: 'Meta description', image: { url: 'https://n.example/a.jpg', alt: 'Alt from meta' } },
      { description: 'Feed description', lang: 'de', image: { url: 'https://n.example/other.jpg', alt: 'Not this one' } },
    ]);
    expect(merged).toEqual({ title: 'From JSON-LD', description: 'Meta description', lang: 'de', image: { url: 'https://n.example/a.jpg', alt: 'Alt from meta' } });
  });

  it('clips text to the limits instead of refusing the story, and drops what cannot be valid', () => {
    const limits = { ...defaultArticleLimits, maxTitleChars: 20, maxDescriptionChars: 30, maxTags: 2 };
    const input = toArticleInput(
      {
        title: 'A headline that is far too long to fit',
        description: 'd'.repeat(100),
        tags: ['a', 'b', 'c'],
        lang: 'not a language tag!',
        publishedAt: '2026-02-03T00:00:00.000Z',
        updatedAt: '2026-02-01T00:00:00.000Z',
      },
      'https://n.example/x',
      limits,
    );
    const article = parseArticle(input, { limits });
    expect([...article.title].length).toBeLessThanOrEqual(20);
    expect(article.title.endsWith('…')).toBe(true);
    expect([...article.description!].length).toBe(30);
    expect(article.tags).toEqual(['a', 'b']);
    expect(article.lang).toBe('en');
    expect(article.updatedAt).toBeUndefined();
  });

  it('a story without any title fails naming the field', () => {
    expect(() => buildArticle([{ url: 'https://n.example/x' }], 'https://n.example/x', {})).toThrow(expect.objectContaining({ problems: [{ path: ['title'], message: 'must not be empty' }] }));
  });
});

describe('pages', () => {
  it('reads html lang and dir, and JSON-LD from the body too', () => {
    const page = parsePage(
      `<html lang="ar" dir="rtl"><head><title>t</title></head><body><script type="application/ld+json">[{"@type":["Thing","NewsArticle"],"headline":"عنوان","image":["/a.jpg"]}]</script></body></html>`,
      'https://n.example/x/y',
    );
    expect(page.dir).toBe('rtl');
    expect(page.document).toEqual({ lang: 'ar' });
    expect(page.jsonLd).toEqual({ title: 'عنوان', image: { url: 'https://n.example/a.jpg' } });
  });

  it("tells a site's page (to follow its feed) from an article page that links the feed too", () => {
    const links = '<link rel="alternate" type="application/rss+xml" href="/feed/"><link rel="https://api.w.org/" href="https://n.example/wp-json/">';
    expect(parsePage(`<head>${links}</head>`, 'https://n.example/').discovery).toEqual({ isSitePage: true, feeds: ['https://n.example/feed/'], wordpressPosts: 'https://n.example/wp-json/wp/v2/posts' });
    expect(parsePage(`<head><meta property="og:type" content="website">${links}</head>`, 'https://n.example/world/').discovery.isSitePage).toBe(true);
    expect(parsePage(`<head>${links}<meta property="og:title" content="A story"></head>`, 'https://n.example/world/a-story/').discovery.isSitePage).toBe(false);
    expect(parsePage(`<head><meta property="og:type" content="article">${links}</head>`, 'https://n.example/').discovery.isSitePage).toBe(false);
  });

  it('ignores JSON-LD that is not an article, and counts blocks that are not JSON', () => {
    const page = parsePage(`<script type="application/ld+json">{"@type":"Organization","name":"X"}</script><script type="application/ld+json">{oops</script>`, 'https://n.example/');
    expect(page.jsonLd).toEqual({});
    expect(page.jsonLdErrors).toBe(1);
  });
});

describe('XML sources', () => {
  it('never resolves external entities or expands declared ones', () => {
    const feed = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><item><title>&xxe;&lol2;</title><link>https://n.example/a</link></item></channel></rss>`;
    const parsed = parseSource(feed, 'application/rss+xml', 'https://n.example/feed.xml');
    expect(parsed.kind).toBe('rss');
    const title = parsed.entries[0].facts.title ?? '';
    expect(title).not.toMatch(/root:/);
    expect(title).not.toMatch(/lollol/);
  });

  it('reads RSS 1.0 (RDF) items', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://n.example/"><title>N</title></channel>
<item rdf:about="https://n.example/a"><title>A</title><link>https://n.example/a</link><dc:date>2026-02-03T08:00:00Z</dc:date></item></rdf:RDF>`;
    expect(parseSource(rdf, 'application/rdf+xml', 'https://n.example/rss').entries).toEqual([
      { pageUrl: 'https://n.example/a', facts: { title: 'A', publishedAt: '2026-02-03T08:00:00.000Z' } },
    ]);
  });

  it('says what a document that is neither a feed nor a sitemap is', () => {
    expect(() => parseSource('<?xml version="1.0"?><svg/>', 'image/svg+xml', 'https://n.example/x')).toThrow(/root element <svg> is neither a feed nor a sitemap/);
    expect(() => parseSource('{"hello": 1}', 'application/json', 'https://n.example/x')).toThrow(/neither a JSON Feed nor a WordPress/);
  });
});
