/**
 * The image routes through the real app and a real worker pool: formats and sizes, ETag and
 * 304, immutable caching only for the current revision, drafts and unknown slugs 404, photo
 * fallback, single-flight, and the signed ad-hoc route refusing bad signatures.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signParams } from '../src/core/signing.js';
import { createWorkerPool } from '../src/render/pool.js';
import type { Services } from '../src/services.js';
import { auth, fixtureBody, loadFixtures, startTestServer } from './helpers.js';
import { countingPool } from './render-helpers.js';

let services: Services;
let base: string;
let stop: () => Promise<void>;
let runs: () => number;
const KEY = 'test-signing-key-0123456789';

beforeAll(async () => {
  const inner = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 60_000 });
  const counting = countingPool(inner, { owns: true });
  runs = counting.runs;
  const server = await startTestServer({ overrides: { cache: { memoryMb: 16, diskMb: 16 } }, withFixtures: true, renderPool: counting.pool });
  ({ services, stop } = server);
  base = server.url;
}, 120_000);
afterAll(() => stop());

const revisionOf = async (slug: string) => (await (await fetch(`${base}/api/articles/${slug}`)).json()).revision as string;

describe('GET /og/:slug.png and /og/:slug/:preset.(png|jpg)', () => {
  it('serves the og PNG with a strong ETag, CORP and a short max-age without ?v=', async () => {
    const res = await fetch(`${base}/og/us-iran-talks-istanbul.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
  });

  it('is immutable only for the current revision, and 304s on If-None-Match', async () => {
    const v = await revisionOf('us-iran-talks-istanbul');
    const res = await fetch(`${base}/og/us-iran-talks-istanbul.png?v=${v}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag') as string;
    await res.arrayBuffer();
    const stale = await fetch(`${base}/og/us-iran-talks-istanbul.png?v=old-revision`);
    expect(stale.headers.get('cache-control')).toBe('public, max-age=300');
    await stale.arrayBuffer();
    const again = await fetch(`${base}/og/us-iran-talks-istanbul.png?v=${v}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('changes the ETag when the headline changes', async () => {
    const f = loadFixtures()[0];
    const before = (await fetch(`${base}/og/${f.slug}.png`)).headers.get('etag');
    await fetch(`${base}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ ...fixtureBody(f), title: 'A new headline' }) });
    const after = await fetch(`${base}/og/${f.slug}.png`);
    expect(after.headers.get('etag')).not.toBe(before);
    await after.arrayBuffer();
    await fetch(`${base}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(f)) });
  });

  it('serves every preset as PNG and JPEG at its size and within budget', { timeout: 60_000 }, async () => {
    const sizes = { og: [1200, 630, 300_000], x: [1200, 600, 1_000_000], square: [1200, 1200, 300_000] } as const;
    for (const [preset, [w, hgt, max]] of Object.entries(sizes)) {
      for (const [ext, format, mime] of [['png', 'png', 'image/png'], ['jpg', 'jpeg', 'image/jpeg']] as const) {
        const res = await fetch(`${base}/og/warships-near-iranian-waters/${preset}.${ext}`);
        expect(res.status, `${preset}.${ext}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(mime);
        const body = Buffer.from(await res.arrayBuffer());
        expect(body.length).toBeLessThanOrEqual(max);
        const meta = await sharp(body).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([format, w, hgt]);
      }
    }
  });

  it('answers 404 for drafts, unknown slugs and unknown presets', async () => {
    for (const path of ['/og/draft-not-public.png', '/og/draft-not-public/og.jpg', '/og/no-such-story.png', '/og/us-iran-talks-istanbul/huge.png', '/og/us-iran-talks-istanbul/og.webp', '/og/Bad_Slug.png']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('renders identical concurrent requests once', async () => {
    const before = runs();
    const replies = await Promise.all(Array.from({ length: 6 }, () => fetch(`${base}/og/japanese-summary/square.png`)));
    const etags = new Set(replies.map((r) => r.headers.get('etag')));
    await Promise.all(replies.map((r) => r.arrayBuffer()));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(etags.size).toBe(1);
    expect(runs() - before).toBe(1);
  });

  it('falls back to the layout without the photo when the image cannot be loaded, keeps it out of the render cache, and reuses it briefly', async () => {
    await fetch(`${base}/api/articles/broken-photo`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ url: 'https://news.example.com/b', title: 'A photo that is missing', image: { url: 'https://news.example.com/media/missing.jpg' } }),
    });
    const res = await fetch(`${base}/og/broken-photo/og.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('etag')).toMatch(/-fallback"$/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 630]);
    // Not in the render cache (its key means "with the photo")...
    const article = await services.store.get('broken-photo');
    const key = await services.renderer.cacheKey({ article: article!, preset: 'og', format: 'jpg' });
    expect(await services.cache.get(key)).toBeNull();
    // ...but reused for a short while, so a photo outage does not cost a render per request.
    const before = runs();
    const again = await fetch(`${base}/og/broken-photo/og.jpg`);
    expect(again.status).toBe(200);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    expect(again.headers.get('etag')).toBe(res.headers.get('etag'));
    expect(runs()).toBe(before);
  });
});

describe('GET /og/render.png (signed)', () => {
  const sign = (params: Record<string, string>) => new URLSearchParams({ ...params, sig: signParams(params, KEY) }).toString();

  it('renders a validly signed card', async () => {
    const res = await fetch(`${base}/og/render.png?${sign({ title: 'Talks resume in Istanbul', kicker: 'Live', template: 'alert', preset: 'x' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 600]);
  });

  it('refuses missing, tampered and expired signatures with 403 JSON', async () => {
    const params = { title: 'Talks resume' };
    const cases = {
      missing: `title=Talks+resume`,
      tampered: sign(params).replace('Talks', 'Tanks'),
      wrongKey: new URLSearchParams({ ...params, sig: signParams(params, 'another-key-0123456789') }).toString(),
      expired: sign({ ...params, exp: String(Math.floor(Date.now() / 1000) - 60) }),
      repeated: `${sign(params)}&title=again`,
    };
    for (const [name, query] of Object.entries(cases)) {
      const res = await fetch(`${base}/og/render.png?${query}`);
      expect(res.status, name).toBe(403);
      const body = await res.json();
      expect(body.error.code, name).toBe('forbidden');
    }
  });

  it('names exp when a correctly signed URL carries one that is not unix seconds', async () => {
    const res = await fetch(`${base}/og/render.png?${sign({ title: 'Talks resume', exp: 'tomorrow' })}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.problems[0].path).toBe('exp');
    expect(body.error.problems[0].message).toMatch(/whole seconds/);
  });

  it('validates the signed text with the article rules', async () => {
    const tooLong = await fetch(`${base}/og/render.png?${sign({ title: 'x'.repeat(401) })}`);
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.problems[0].path).toBe('title');
    const unknown = await fetch(`${base}/og/render.png?${sign({ title: 'ok', color: 'red' })}`);
    expect(unknown.status).toBe(400);
    const control = await fetch(`${base}/og/render.png?${sign({ title: 'Control\u0000 characters' })}`);
    expect(control.status).toBe(200);
    await control.arrayBuffer();
  });
});
