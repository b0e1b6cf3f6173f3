/**
 * The share bar over HTTP through the real app: fragment and JSON, query overrides and their
 * 400s, CORS for embedding, caching of fragment and assets, drafts, and the bar inside
 * `GET /api/meta/:slug?bar=1`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, DomUtils } from 'htmlparser2';
import { auth, createTestServices, fixtureBody, listen, loadFixtures } from './helpers.js';

let base: string;
let stop: () => Promise<void>;

async function seed(url: string) {
  for (const f of loadFixtures()) {
    const res = await fetch(`${url}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(f)) });
    expect(res.status).toBe(201);
  }
}

beforeAll(async () => {
  const t = await createTestServices();
  const server = await listen(t.services);
  base = server.url;
  await seed(base);
  stop = async () => {
    await server.close();
    await t.cleanup();
  };
});
afterAll(() => stop());

const labelsOf = (html: string) =>
  DomUtils.findAll((e) => e.name === 'a', parseDocument(html).children).map((a) => a.attribs['aria-label']);

describe('GET /api/share/:slug/bar', () => {
  it('answers the fragment, readable from any origin, with an ETag and 304', async () => {
    const res = await fetch(`${base}/api/share/us-iran-talks-istanbul/bar`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const html = await res.text();
    expect(html.startsWith('<nav class="sharecard-bar sharecard-bar--full"')).toBe(true);
    expect(labelsOf(html)).toEqual(['Share on Facebook', 'Share on X', 'Share on LinkedIn', 'Share on Bluesky', 'Share on WhatsApp']);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${base}/api/share/us-iran-talks-istanbul/bar`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('gives the same intent URLs as GET /api/share/:slug', async () => {
    const share = await (await fetch(`${base}/api/share/iran-us-talks-istanbul-fa`)).json();
    const bar = await (await fetch(`${base}/api/share/iran-us-talks-istanbul-fa/bar?format=json`)).json();
    expect(bar.dir).toBe('rtl');
    expect(bar.lang).toBe('fa');
    for (const l of bar.links) expect(l.href).toBe(share.platforms[l.platform].intentUrl);
    expect(bar.html).toBe(await (await fetch(`${base}/api/share/iran-us-talks-istanbul-fa/bar`)).text());
    expect(bar.assets.css).toMatch(/^https:\/\/share\.example\.com\/assets\/share-bar\.css\?v=[\w-]{12}$/);
    expect(bar.assets.js).toMatch(/^https:\/\/share\.example\.com\/assets\/share-bar\.js\?v=[\w-]{12}$/);
  });

  it('takes style and a platform subset, in the order given, from the query', async () => {
    const res = await fetch(`${base}/api/share/us-iran-talks-istanbul/bar?style=compact&platforms=bluesky,x`);
    const html = await res.text();
    expect(html).toContain('sharecard-bar--compact');
    expect(labelsOf(html)).toEqual(['Share on Bluesky', 'Share on X']);
    expect(html).not.toContain('sharecard-bar__label');
  });

  it.each([
    ['style=huge', 'style'],
    ['format=xml', 'format'],
    ['platforms=x,myspace', 'platforms'],
    ['platforms=x,x', 'platforms'],
    ['platforms=', 'platforms'],
    ['platforms=x&platforms=bluesky', 'platforms'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const res = await fetch(`${base}/api/share/us-iran-talks-istanbul/bar?${query}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.problems.map((p: { path: string }) => p.path)).toEqual([name]);
    expect(JSON.stringify(body)).not.toContain('myspace');
  });

  it('hides drafts without the token, and never lets another origin read one', async () => {
    expect((await fetch(`${base}/api/share/draft-not-public/bar`)).status).toBe(404);
    expect((await fetch(`${base}/api/share/draft-not-public/bar?format=json`)).status).toBe(404);
    expect((await fetch(`${base}/api/share/nope/bar`)).status).toBe(404);
    const withToken = await fetch(`${base}/api/share/draft-not-public/bar`, { headers: auth });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('cache-control')).toBe('private, no-store');
    expect(withToken.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves GET /api/share/:slug as it was', async () => {
    const body = await (await fetch(`${base}/api/share/us-iran-talks-istanbul`)).json();
    expect(Object.keys(body.platforms).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'whatsapp', 'x']);
  });
});

describe('share bar assets', () => {
  it.each([
    ['css', 'text/css; charset=utf-8', /\.sharecard-bar\{/],
    ['js', 'text/javascript; charset=utf-8', /sharecardShareBar/],
  ])('serves share-bar.%s: long-cached at its version, CORS and CORP open, 304 on revalidation', async (ext, type, content) => {
    const { assets } = await (await fetch(`${base}/api/share/us-iran-talks-istanbul/bar?format=json`)).json();
    const url = new URL(assets[ext]);
    const res = await fetch(`${base}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toMatch(content);
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${url.searchParams.get('v')}"`);
    // Without the current version (or with a stale one) it must not be pinned for a year.
    for (const q of ['', '?v=stale']) {
      const r = await fetch(`${base}${url.pathname}${q}`);
      expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    }
    expect((await fetch(`${base}${url.pathname}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('keeps the script free of anything a strict CSP blocks, and both files free of other hosts', async () => {
    const js = await (await fetch(`${base}/assets/share-bar.js`)).text();
    expect(js).not.toMatch(/\beval\(|new Function|innerHTML|setAttribute\(['"]on|\.style\b/);
    // The stylesheet loads nothing either: no @import, no url() (fonts and icons are the page's and ours).
    const css = await (await fetch(`${base}/assets/share-bar.css`)).text();
    expect(css).not.toMatch(/@import|url\(/);
  });
});

describe('GET /api/meta/:slug with the bar', () => {
  it('adds the bar (fragment and asset URLs) only when asked, keeping the meta shape', async () => {
    const plain = await (await fetch(`${base}/api/meta/us-iran-talks-istanbul`)).json();
    expect(Object.keys(plain)).toEqual(['html', 'tags', 'jsonLd']);
    for (const q of ['bar=1', 'include=bar', 'bar=true']) {
      const withBar = await (await fetch(`${base}/api/meta/us-iran-talks-istanbul?${q}`)).json();
      expect(Object.keys(withBar), q).toEqual(['html', 'tags', 'jsonLd', 'bar']);
      expect({ ...withBar, bar: undefined }).toEqual({ ...plain, bar: undefined });
      expect(withBar.bar.html).toBe(await (await fetch(`${base}/api/share/us-iran-talks-istanbul/bar`)).text());
      expect(Object.keys(withBar.bar)).toEqual(['html', 'css', 'js']);
    }
    expect(Object.keys(await (await fetch(`${base}/api/meta/us-iran-talks-istanbul?bar=0`)).json())).toEqual(['html', 'tags', 'jsonLd']);
    const compact = await (await fetch(`${base}/api/meta/arabic-mediators?bar=1&style=compact&platforms=whatsapp`)).json();
    expect(compact.bar.html).toContain('dir="rtl"');
    expect(labelsOf(compact.bar.html)).toEqual(['شارك على واتساب']);
  });

  it('answers 400 naming bar or include for bad values, and keeps drafts hidden', async () => {
    for (const [q, name] of [['bar=yes', 'bar'], ['include=everything', 'include'], ['bar=1&style=tiny', 'style']]) {
      const res = await fetch(`${base}/api/meta/us-iran-talks-istanbul?${q}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.problems.map((p: { path: string }) => p.path)).toEqual([name]);
    }
    expect((await fetch(`${base}/api/meta/draft-not-public?bar=1`)).status).toBe(404);
  });
});

describe('shareBar config over HTTP', () => {
  it('honours platforms, order, style, buttons and label overrides from config', async () => {
    const t = await createTestServices({
      shareBar: { platforms: ['whatsapp', 'x'], style: 'compact', copyLink: false, nativeShare: false, labels: { en: { shareOn: 'Post to {platform}' } } },
    });
    const server = await listen(t.services);
    try {
      await seed(server.url);
      const html = await (await fetch(`${server.url}/api/share/us-iran-talks-istanbul/bar`)).text();
      expect(labelsOf(html)).toEqual(['Post to WhatsApp', 'Post to X']);
      expect(html).toContain('sharecard-bar--compact');
      expect(html).not.toContain('<button');
      // The query still overrides the configured style and platforms.
      const full = await (await fetch(`${server.url}/api/share/us-iran-talks-istanbul/bar?style=full&platforms=linkedin`)).text();
      expect(labelsOf(full)).toEqual(['Post to LinkedIn']);
      expect(full).toContain('sharecard-bar--full');
    } finally {
      await server.close();
      await t.cleanup();
    }
  });
});
