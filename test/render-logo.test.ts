/**
 * The site logo on cards: `site.logo` as a file path (relative to the config file) or as a URL
 * read through the ImageLoader's allow-list and local roots, once. A logo that cannot be read
 * draws the site name, never an error, and never reaches an address the operator did not allow.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createImageLoader } from '../src/images/loader.js';
import { createInlinePool } from '../src/render/pool.js';
import { createRenderer, FALLBACK_TTL_MS, type CardArticle } from '../src/render/renderer.js';
import { fixtureArticles } from './render-helpers.js';
import { tempDir, testConfig } from './helpers.js';

const tmp = tempDir('sharecard-logo-');
afterAll(() => tmp.cleanup());
const media = path.join(tmp.dir, 'media');
const config = testConfig(tmp.dir, { images: { allowedOrigins: ['https://news.example.com'], localRoots: { 'https://news.example.com/media/': media } } });
const pool = createInlinePool();
afterAll(() => pool.close());
const article: CardArticle = fixtureArticles().find((a) => a.slug === 'no-image-no-description')!;
const request = { article, preset: 'og' as const, format: 'png' as const, template: 'standard' as const };

// A wide red bar, larger than any template draws it: the renderer shrinks it once.
const logoPng = await sharp({ create: { width: 1600, height: 400, channels: 3, background: '#ff2020' } }).png().toBuffer();
mkdirSync(media, { recursive: true });
writeFileSync(path.join(media, 'logo.png'), logoPng);
writeFileSync(path.join(tmp.dir, 'logo.png'), logoPng);
writeFileSync(path.join(media, 'not-an-image.png'), '<html>nope</html>');

function rendererWith(logo: string | null, warnings: string[] = []) {
  const log = { warn: (obj: object, msg: string) => warnings.push(`${msg} ${JSON.stringify(obj)}`) };
  const imageLoader = createImageLoader(config.images, { log });
  return createRenderer({ site: { ...config.site, logo }, baseDir: tmp.dir, pool, imageLoader, log });
}

async function card(logo: string | null, warnings: string[] = []) {
  const renderer = rendererWith(logo, warnings);
  const [rendered, key] = [await renderer.render(request), await renderer.cacheKey(request)];
  await renderer.close();
  return { body: Buffer.from(rendered.body), key };
}

/** Pixels that are strongly red: the logo's colour, absent from the name-only card. */
async function redPixels(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i] > 200 && data[i + 1] < 80 && data[i + 2] < 80) n++;
  return n;
}

describe('site logo', () => {
  const none = card(null);

  it('draws a logo given as a file path', async () => {
    const local = await card('logo.png');
    expect(local.key).not.toBe((await none).key);
    expect(await redPixels(local.body)).toBeGreaterThan(1000);
  });

  it('reads a logo URL through the allowed local roots, drawing the same card as the file', { timeout: 30_000 }, async () => {
    const warnings: string[] = [];
    const remote = await card('https://news.example.com/media/logo.png', warnings);
    expect(warnings).toEqual([]);
    expect(remote.body.equals((await card('logo.png')).body)).toBe(true);
  });

  it('uses a logo that comes back: the next read after the retry delay, under the logo card\'s key', { timeout: 30_000 }, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const renderer = rendererWith('https://news.example.com/media/late.png');
          expect(await renderer.cacheKey(request)).toBe((await none).key);
      writeFileSync(path.join(media, 'late.png'), logoPng);
      expect(await renderer.cacheKey(request), 'remembered until the retry delay').toBe((await none).key);
      vi.advanceTimersByTime(FALLBACK_TTL_MS);
      expect(await renderer.cacheKey(request)).toBe((await card('logo.png')).key);
      await renderer.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('draws the site name when the logo URL is not allowed or not an image', { timeout: 30_000 }, async () => {
    const plain = await none;
    for (const url of ['https://elsewhere.example.org/logo.png', 'http://127.0.0.1:9/logo.png', 'https://news.example.com/media/not-an-image.png', 'https://news.example.com/media/missing.png']) {
      const warnings: string[] = [];
      const drawn = await card(url, warnings);
      expect(drawn.body.equals(plain.body), url).toBe(true);
      expect(drawn.key, url).not.toBe((await card('logo.png')).key);
      // One warning, from the renderer, carrying the loader's reason (not one from each).
      expect(warnings, url).toHaveLength(1);
      expect(warnings[0], url).toMatch(/^site\.logo could not be read; drawing the site name instead \{"logo":"[^"]+","err":"[^"]{4,}"\}$/);
    }
  });
});
