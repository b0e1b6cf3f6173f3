import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSharePayloads, sharePlatforms, withUtm } from '../src/core/share/index.js';
import { urlWithQuery } from '../src/core/share/utm.js';
import { parseConfig } from '../src/config/load.js';
import { storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

const utm = { enabled: true, medium: 'social', campaign: 'spring & "news"' };
// Canonical URLs with their own query (including a pre-existing utm_source) and fragment.
const canonical = fc
  .record({
    path: fc.webPath(),
    query: fc.array(fc.tuple(fc.constantFrom('id', 'q', 'utm_source', 'ref', 'a b'), fc.string()), { maxLength: 4 }),
    fragment: fc.option(fc.webFragments(), { nil: undefined }),
  })
  .map(({ path, query, fragment }) => {
    const u = new URL(`https://news.example.com${path.startsWith('/') ? path : `/${path}`}`);
    for (const [k, v] of query) u.searchParams.append(k, v);
    if (fragment) u.hash = fragment;
    return u.href;
  });

describe('UTM parameters', () => {
  it('adds source, medium and campaign and keeps every other parameter and the fragment', () => {
    fc.assert(
      fc.property(canonical, fc.constantFrom(...sharePlatforms), (url, platform) => {
        const out = new URL(withUtm(url, platform, utm));
        const before = new URL(url);
        expect(out.searchParams.get('utm_source')).toBe(platform);
        expect(out.searchParams.get('utm_medium')).toBe('social');
        expect(out.searchParams.get('utm_campaign')).toBe('spring & "news"');
        const others = (u: URL) => [...u.searchParams].filter(([k]) => !k.startsWith('utm_'));
        expect(others(out)).toEqual(others(before));
        expect(out.hash).toBe(before.hash);
        expect(out.origin + out.pathname).toBe(before.origin + before.pathname);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the publisher’s own query byte for byte', () => {
    // As stored (the URL parser already wrote ' as %27): %20 stays %20 and + stays +.
    const url = 'https://news.example.com/search?q=a%20b&who=%27me%27&utm_source=newsletter&x=1+2#top';
    expect(withUtm(url, 'x', utm)).toBe('https://news.example.com/search?q=a%20b&who=%27me%27&x=1+2&utm_source=x&utm_medium=social&utm_campaign=spring%20%26%20%22news%22#top');
  });

  it('is off with share.utm: false', () => {
    fc.assert(
      fc.property(canonical, (url) => {
        expect(withUtm(url, 'x', { ...utm, enabled: false })).toBe(new URL(url).href);
      }),
    );
    const a = storedFixtures()[0];
    const off = buildSharePayloads(a, testShareContext({ share: { utm: false } }));
    for (const p of sharePlatforms) expect(off.platforms[p].link).toBe(a.url);
  });

  it('round-trips any value through urlWithQuery', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string({ minLength: 1 })), (params) => {
        const href = urlWithQuery('https://x.com/intent/tweet', params);
        const u = new URL(href);
        expect(Object.fromEntries(u.searchParams)).toEqual(params);
        // A percent-decoding reader (no `+` for space) gets the same values.
        const pairs = href.slice(href.indexOf('?') + 1).split('&').map((p) => p.split('=').map(decodeURIComponent));
        expect(Object.fromEntries(pairs)).toEqual(params);
        expect(u.origin + u.pathname).toBe('https://x.com/intent/tweet');
      }),
      { numRuns: 300 },
    );
  });
});

describe('intent URLs and requests for every platform', () => {
  it('encode spaces as %20, which WhatsApp documents and every decoder reads as a space', () => {
    // Regression: URLSearchParams wrote "+", which a percent-decoding reader shows as "+".
    const a = storedArticle('spaces', { url: 'https://news.example.com/s', title: 'Talks resume in Istanbul' });
    const { whatsapp, bluesky, x } = buildSharePayloads(a, testShareContext()).platforms;
    for (const p of [whatsapp, bluesky, x]) {
      const query = new URL(p.intentUrl).search;
      expect(query).not.toContain('+');
      expect(decodeURIComponent(query)).toContain('Talks resume in Istanbul');
    }
    expect(whatsapp.intentUrl.startsWith('https://wa.me/?text=Talks%20resume%20in%20Istanbul%0A%0Ahttps%3A%2F%2F')).toBe(true);
  });

  const ctx = testShareContext();
  const title = fc.string({ unit: fc.constantFrom('a', ' ', '&', '=', '?', '#', '%', '+', '/', '"', '<', 'ی', '米', '🚢', '\n'), minLength: 1, maxLength: 120 });

  it('carry exactly the documented parameters, decoded back to the payload values', () => {
    fc.assert(
      fc.property(title, canonical, (t, url) => {
        if (!t.trim()) return;
        const a = storedArticle('prop', { url, title: t, tags: ['Iran', 'United States'] });
        const { platforms } = buildSharePayloads(a, ctx);
        const q = (s: string) => new URL(s).searchParams;
        expect(q(platforms.whatsapp.intentUrl).get('text')).toBe(platforms.whatsapp.text);
        expect(platforms.whatsapp.text).toBe(`${a.title}\n\n${platforms.whatsapp.link}`);
        expect([...q(platforms.facebook.intentUrl).keys()]).toEqual(['u']);
        expect(q(platforms.facebook.intentUrl).get('u')).toBe(platforms.facebook.link);
        expect([...q(platforms.linkedin.intentUrl).keys()]).toEqual(['url']);
        expect(q(platforms.bluesky.intentUrl).get('text')).toBe(platforms.bluesky.text);
        expect(q(platforms.x.intentUrl).get('url')).toBe(platforms.x.link);
        for (const p of sharePlatforms) expect(new URL(platforms[p].link).searchParams.get('utm_source')).toBe(p);
      }),
      { numRuns: 150 },
    );
  });

  it('WhatsApp and Facebook have the documented shapes', () => {
    const a = storedFixtures()[0];
    const { whatsapp, facebook } = buildSharePayloads(a, testShareContext({ share: { facebookPageId: '1234' } })).platforms;
    expect(new URL(whatsapp.intentUrl).origin + new URL(whatsapp.intentUrl).pathname).toBe('https://wa.me/');
    expect(whatsapp.request).toBeNull();
    expect(new URL(facebook.intentUrl).origin + new URL(facebook.intentUrl).pathname).toBe('https://www.facebook.com/sharer/sharer.php');
    expect(facebook.request).toMatchObject({ method: 'POST', url: 'https://graph.facebook.com/v21.0/1234/feed', body: { message: a.title, link: facebook.link } });
  });
});

describe('share config keys', () => {
  it('encodes any Facebook page id into one path segment and uses the configured Bluesky service', () => {
    const a = storedFixtures()[0];
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/).filter((id) => !/^\.+$/.test(id)), (pageId) => {
        const url = new URL(buildSharePayloads(a, testShareContext({ share: { facebookPageId: pageId } })).platforms.facebook.request!.url);
        expect(url.origin).toBe('https://graph.facebook.com');
        const segments = url.pathname.split('/');
        expect(segments).toHaveLength(4);
        expect(decodeURIComponent(segments[2])).toBe(pageId);
        expect(segments[3]).toBe('feed');
      }),
      { numRuns: 200 },
    );
    const b = buildSharePayloads(a, testShareContext({ share: { blueskyService: 'https://pds.example.org/' } })).platforms.bluesky;
    expect(b.request!.url).toBe('https://pds.example.org/xrpc/com.atproto.repo.createRecord');
    expect(b.thumbnail!.upload.url).toBe('https://pds.example.org/xrpc/com.atproto.repo.uploadBlob');
  });

  it('accepts a Facebook page id only if it stays one segment of the Graph API path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('.', '..', '...', '%2e', '.%2E', 'a/..')), (pageId) => {
        let ctx;
        try {
          ctx = testShareContext({ share: { facebookPageId: pageId } });
        } catch (err) {
          expect(String(err)).toMatch(/share\.facebookPageId/);
          return;
        }
        const url = new URL(buildSharePayloads(storedFixtures()[0], ctx).platforms.facebook.request!.url);
        expect(url.pathname.split('/').slice(2)).toEqual([pageId, 'feed']);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects bad values at startup, naming the key', () => {
    expect(() => parseConfig({ share: { facebookGraphVersion: '21' } })).toThrow(/share\.facebookGraphVersion/);
    expect(() => parseConfig({ share: { maxHashtags: 11 } })).toThrow(/share\.maxHashtags/);
    for (const pageId of ['.', '..', '../me', 'a/b', 'a?b', '']) {
      expect(() => parseConfig({ share: { facebookPageId: pageId } })).toThrow(/share\.facebookPageId/);
    }
    expect(() => parseConfig({ share: { blueskyService: 'ftp://x' } })).toThrow(/share\.blueskyService/);
    expect(() => parseConfig({ share: { linkedinVersion: '2026-01' } })).toThrow(/share\.linkedinVersion/);
  });
});
