import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, loadFixtures, startTestServer } from './helpers.js';
import { parseHtml } from './html.js';

let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ url: base, stop } = await startTestServer({ withFixtures: true }));
});
afterAll(() => stop());

const published = () => loadFixtures().filter((f) => f.status === 'published');

describe('GET /api/meta/:slug', () => {
  it('returns html, tags and jsonLd that agree with each other', async () => {
    for (const f of published()) {
      const res = await fetch(`${base}/api/meta/${f.slug}`);
      expect(res.status).toBe(200);
      const { html, tags, jsonLd } = await res.json();
      const page = parseHtml(html);
      expect(page.jsonLd).toEqual([jsonLd]);
      expect(page.head.filter((e) => e.name !== 'script').map((e) => e.attribs)).toEqual(tags.map((t: { attrs: unknown }) => t.attrs));
      expect(jsonLd['@type']).toBe('NewsArticle');
    }
  });

  it('revalidates with a strong ETag', async () => {
    const res = await fetch(`${base}/api/meta/us-iran-talks-istanbul`);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const again = await fetch(`${base}/api/meta/us-iran-talks-istanbul`, { headers: { 'if-none-match': `W/${etag}, "other"` } });
    expect(again.status).toBe(304);
  });
});

describe('GET /a/:slug', () => {
  it('serves a crawlable page for every published fixture', async () => {
    for (const f of published()) {
      const res = await fetch(`${base}/a/${f.slug}`);
      expect(res.status, f.slug).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toMatch(/script-src/);
      const html = await res.text();
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(Buffer.byteLength(html)).toBeLessThan(30_000);
      const page = parseHtml(html);
      const root = page.all.find((e) => e.name === 'html')!;
      const article = await (await fetch(`${base}/api/articles/${f.slug}`)).json();
      expect(root.attribs).toEqual({ lang: article.lang, dir: article.dir });
      expect(page.meta.get('og:title')).toEqual([article.title]);
      const img = page.body.find((e) => e.name === 'img')!;
      expect(img.attribs).toMatchObject({ width: '1200', height: '630' });
      expect(img.attribs.src).toBe(page.meta.get('og:image')![0]);
      expect(page.body.find((e) => e.name === 'a')!.attribs.href).toBe(article.url);
      expect(page.head.some((e) => e.name === 'script' && e.attribs.type !== 'application/ld+json')).toBe(false);
    }
  });

  it('shows kicker, headline, description, byline and date', async () => {
    const page = parseHtml(await (await fetch(`${base}/a/us-iran-talks-istanbul`)).text());
    const text = page.body.map((e) => e.name === 'p' || e.name === 'h1' ? page.text(e) : '').join('\n');
    expect(text).toContain('Diplomatic Breakthrough Amid Military Buildup');
    expect(text).toContain('US and Iran to Hold High-Stakes Talks in Istanbul');
    expect(text).toContain('Staff Reporter');
    expect(page.body.find((e) => e.name === 'time')!.attribs.datetime).toBe('2026-02-03T08:30:00.000Z');
  });

  it('separates byline and date as the cards do: a middle dot, or a bar in right-to-left marks', async () => {
    const bylineOf = async (slug: string) => {
      const page = parseHtml(await (await fetch(`${base}/a/${slug}`)).text());
      return page.text(page.body.find((e) => e.name === 'p' && e.attribs.class === 'byline')!);
    };
    expect(await bylineOf('us-iran-talks-istanbul')).toMatch(/^Staff Reporter · \S/);
    const rtl = await bylineOf('iran-us-talks-istanbul-fa');
    // a dot beside Persian digits reads as their zero (۰)
    expect(rtl).not.toContain('·');
    expect(rtl).toMatch(/^[^|]+\u200F \| \u200F[۰-۹]/);
  });

  it('404s drafts (200 with the token, never cached) and unknown slugs', async () => {
    expect((await fetch(`${base}/a/draft-not-public`)).status).toBe(404);
    expect((await fetch(`${base}/api/meta/draft-not-public`)).status).toBe(404);
    const draft = await fetch(`${base}/a/draft-not-public`, { headers: auth });
    expect(draft.status).toBe(200);
    expect(draft.headers.get('cache-control')).toBe('private, no-store');
    expect((await fetch(`${base}/a/no-such-story`)).status).toBe(404);
  });

  it('has ETag and Cache-Control, and 304 on If-None-Match', async () => {
    const res = await fetch(`${base}/a/japanese-summary`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${base}/a/japanese-summary`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('serves its stylesheet, cacheable for a year at the versioned URL', async () => {
    const page = parseHtml(await (await fetch(`${base}/a/us-iran-talks-istanbul`)).text());
    const href = page.links.find((l) => l.rel === 'stylesheet')!.href;
    const u = new URL(href);
    expect(u.origin).toBe('https://share.example.com');
    const css = await fetch(`${base}${u.pathname}${u.search}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
