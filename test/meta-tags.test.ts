import { describe, expect, it } from 'vitest';
import { buildArticleMeta, metaContextFromConfig, ogLocale } from '../src/core/meta/index.js';
import { testConfig } from './helpers.js';
import { parseHtml } from './html.js';
import { storedArticle, storedFixtures } from './share-fixtures.js';

const config = testConfig('unused-data-dir', { site: { facebookAppId: '1234567890', logo: 'https://news.example.com/logo.png' } });
const ctx = metaContextFromConfig(config);
const bySlug = (slug: string) => storedFixtures().find((f) => f.slug === slug)!;

describe('meta tags', () => {
  it('has every Open Graph, article, X and link tag for the reference story', () => {
    const a = bySlug('us-iran-talks-istanbul');
    const { html, tags } = buildArticleMeta(a, ctx);
    const page = parseHtml(html);
    const one = (k: string) => {
      expect(page.meta.get(k), k).toHaveLength(1);
      return page.meta.get(k)![0];
    };
    const card = `https://share.example.com/og/${a.slug}/og.jpg?v=${a.revision}`;
    expect(one('og:type')).toBe('article');
    expect(one('og:title')).toBe(a.title);
    expect(one('og:description')).toBe(a.description);
    expect(one('og:url')).toBe(a.url);
    expect(one('og:site_name')).toBe('Example News');
    expect(one('og:locale')).toBe('en_US');
    expect(one('og:image')).toBe(card);
    expect(one('og:image:secure_url')).toBe(card);
    expect(one('og:image:type')).toBe('image/jpeg');
    expect(one('og:image:width')).toBe('1200');
    expect(one('og:image:height')).toBe('630');
    expect(one('og:image:alt')).toBe('Storm clouds over a highway');
    expect(one('article:published_time')).toBe('2026-02-03T08:30:00.000Z');
    expect(one('article:modified_time')).toBe('2026-02-03T11:05:00.000Z');
    expect(one('article:section')).toBe('World');
    expect(page.meta.get('article:tag')).toEqual(a.tags);
    expect(page.meta.get('article:author')).toEqual(['Staff Reporter']);
    expect(one('fb:app_id')).toBe('1234567890');
    expect(one('twitter:card')).toBe('summary_large_image');
    expect(one('twitter:site')).toBe('@examplenews');
    expect(page.meta.has('twitter:creator')).toBe(false);
    expect(one('twitter:image')).toBe(`https://share.example.com/og/${a.slug}/x.jpg?v=${a.revision}`);
    expect(one('twitter:image:alt')).toBe('Storm clouds over a highway');
    expect(page.links).toEqual([
      { rel: 'canonical', href: a.url },
      { rel: 'alternate', type: 'application/rss+xml', title: 'Example News (RSS)', href: 'https://share.example.com/feeds/rss.xml' },
      { rel: 'alternate', type: 'application/atom+xml', title: 'Example News (Atom)', href: 'https://share.example.com/feeds/atom.xml' },
      { rel: 'alternate', type: 'application/feed+json', title: 'Example News (JSON Feed)', href: 'https://share.example.com/feeds/feed.json' },
      { rel: 'alternate', type: 'application/rss+xml', title: 'Example News: World (RSS)', href: 'https://share.example.com/feeds/sections/world/rss.xml' },
    ]);
    // The tags array is exactly what the HTML carries.
    expect(tags.filter((t) => t.tag === 'meta')).toHaveLength(page.head.filter((e) => e.name === 'meta').length);
  });

  it('uses PNG and the headline as alt for a card without a photo, and the author handle as creator', () => {
    const a = bySlug('warships-near-iranian-waters');
    const page = parseHtml(buildArticleMeta(a, ctx).html);
    expect(page.meta.get('twitter:creator')).toEqual(['@defensedesk']);
    const plain = parseHtml(buildArticleMeta(bySlug('no-image-no-description'), ctx).html);
    expect(plain.meta.get('og:image:type')).toEqual(['image/png']);
    expect(plain.meta.get('og:image:alt')).toEqual(['Brief: talks scheduled to begin on Friday']);
    expect(plain.meta.has('og:description')).toBe(false);
    expect(plain.meta.has('article:tag')).toBe(false);
  });

  it('leaves out fb:app_id when unset and secure_url on an http public URL', () => {
    const local = metaContextFromConfig(testConfig('d', { server: { publicUrl: 'http://localhost:8080' } }));
    const page = parseHtml(buildArticleMeta(storedFixtures()[0], local).html);
    expect(page.meta.has('fb:app_id')).toBe(false);
    expect(page.meta.has('og:image:secure_url')).toBe(false);
    expect(page.meta.get('og:image')![0]).toMatch(/^http:\/\/localhost:8080\/og\//);
  });

  it('maps languages to Open Graph locales', () => {
    expect(ogLocale('en', 'en_US')).toBe('en_US');
    expect(ogLocale('en', 'en_GB')).toBe('en_GB');
    expect(ogLocale('fa', 'en_US')).toBe('fa_IR');
    expect(ogLocale('ar', 'en_US')).toBe('ar_AR');
    expect(ogLocale('ja', 'en_US')).toBe('ja_JP');
    expect(ogLocale('pt-BR', 'en_US')).toBe('pt_BR');
    expect(ogLocale('zh-Hant-TW', 'en_US')).toBe('zh_TW');
    expect(ogLocale('not a tag', 'en_US')).toBe('en_US');
    const fa = parseHtml(buildArticleMeta(bySlug('iran-us-talks-istanbul-fa'), ctx).html);
    expect(fa.meta.get('og:locale')).toEqual(['fa_IR']);
  });
});

describe('NewsArticle JSON-LD', () => {
  it('has Google’s recommended properties and the three preset images', () => {
    const a = bySlug('warships-near-iranian-waters');
    const { jsonLd, html } = buildArticleMeta(a, ctx);
    expect(parseHtml(html).jsonLd).toEqual([jsonLd]);
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      mainEntityOfPage: { '@type': 'WebPage', '@id': a.url },
      headline: a.title,
      image: ['og', 'x', 'square'].map((p) => `https://share.example.com/og/${a.slug}/${p}.jpg?v=${a.revision}`),
      datePublished: a.publishedAt,
      dateModified: a.publishedAt,
      author: [{ '@type': 'Person', name: 'Defense Desk' }],
      publisher: { '@type': 'Organization', name: 'Example News', url: 'https://news.example.com', logo: { '@type': 'ImageObject', url: 'https://news.example.com/logo.png' } },
      inLanguage: 'en',
      articleSection: 'World',
      keywords: 'Military, United States',
      description: a.description,
    });
  });

  it('shortens the headline to 110 characters at a word', () => {
    const { jsonLd } = buildArticleMeta(bySlug('very-long-headline'), ctx);
    const h = jsonLd.headline as string;
    expect([...h].length).toBeLessThanOrEqual(110);
    expect(h).toMatch(/\p{L}…$/u);
  });

  it('serves a logo given as a file path from the share page module, and has an author url', () => {
    const local = metaContextFromConfig(testConfig('d', { site: { logo: 'brand/logo.svg' } }));
    const a = storedArticle('with-author-url', { url: 'https://news.example.com/x', title: 'X', authors: [{ name: 'Ann', url: 'https://news.example.com/ann' }] });
    const { jsonLd } = buildArticleMeta(a, local);
    expect((jsonLd.publisher as { logo: { url: string } }).logo.url).toBe('https://share.example.com/a/-/logo.svg');
    expect(jsonLd.author).toEqual([{ '@type': 'Person', name: 'Ann', url: 'https://news.example.com/ann' }]);
  });
});
