import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../src/check/index.js';
import { checkCommand } from '../src/cli/check.js';
import { tempDir } from './helpers.js';
import { makeImage } from './check-images.js';

let dir: string;
let cleanup: () => void;

function page(file: string, head: string): string {
  const full = path.join(dir, file);
  writeFileSync(full, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>\n${head}\n</head><body><h1>T</h1></body></html>`);
  return full;
}

const tags = (image: string, extra = '', size = { w: 1200, h: 630 }, type = 'image/png') => `
<meta property="og:type" content="article">
<meta property="og:title" content="Talks in Istanbul">
<meta property="og:description" content="What happens next.">
<meta property="og:url" content="https://news.example.com/a">
<meta property="og:image" content="${image}">
<meta property="og:image:type" content="${type}">
<meta property="og:image:width" content="${size.w}">
<meta property="og:image:height" content="${size.h}">
<meta property="og:image:alt" content="A card">
<meta name="twitter:card" content="summary_large_image">
${extra}`;
const canonical = '<link rel="canonical" href="https://news.example.com/a">';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('sharecard-check-'));
  writeFileSync(path.join(dir, 'card.png'), await makeImage(1200, 630, 'png'));
  writeFileSync(path.join(dir, 'card.webp'), await makeImage(1200, 630, 'webp'));
  writeFileSync(path.join(dir, 'noise.png'), await makeImage(1200, 630, 'png', true));
});
afterAll(() => cleanup());

const errorCodes = (r: Awaited<ReturnType<ReturnType<typeof createChecker>['check']>>) =>
  Object.entries(r.platforms).flatMap(([p, fs]) => fs.filter((f) => f.severity === 'error').map((f) => `${p}:${f.code}`));
const warningCodes = (r: Awaited<ReturnType<ReturnType<typeof createChecker>['check']>>) =>
  Object.entries(r.platforms).flatMap(([p, fs]) => fs.filter((f) => f.severity === 'warning').map((f) => `${p}:${f.code}`));

describe('check on local files', () => {
  const checker = createChecker();

  it('passes a good page whose image is a relative path next to it (probed with sharp)', async () => {
    const r = await checker.check(page('good.html', tags('card.png', canonical)));
    expect(r.images).toEqual([expect.objectContaining({ url: pathToFileURL(path.join(dir, 'card.png')).href, ok: true, format: 'png', width: 1200, height: 630 })]);
    // A relative og:image works for this local probe but not for crawlers: the only error.
    expect(errorCodes(r)).toEqual(['general:relative-image-url']);
    const abs = await checker.check(page('good-abs.html', tags(pathToFileURL(path.join(dir, 'card.png')).href, canonical)));
    expect(errorCodes(abs)).toEqual([]);
    expect(abs.ok).toBe(true);
  });

  it('missing og:image', async () => {
    const r = await checker.check(page('no-image.html', tags('x').replace(/<meta property="og:image"[^>]+>/, '') + canonical));
    expect(warningCodes(r)).toEqual(expect.arrayContaining(['bluesky:missing-og-image', 'linkedin:missing-og-image', 'whatsapp:missing-og-image', 'facebook:missing-og-image']));
    expect(errorCodes(r)).toContain('x:missing-image');
    expect(r.ok).toBe(false);
  });

  it('WebP image', async () => {
    const r = await checker.check(page('webp.html', tags(pathToFileURL(path.join(dir, 'card.webp')).href, canonical, undefined, 'image/webp')));
    expect(errorCodes(r)).toEqual(expect.arrayContaining(['x:image-format', 'linkedin:image-format']));
  });

  it('wrong declared size', async () => {
    const r = await checker.check(page('size.html', tags(pathToFileURL(path.join(dir, 'card.png')).href, canonical, { w: 1200, h: 1200 })));
    expect(errorCodes(r)).toEqual(['general:image-size-mismatch']);
  });

  it('oversize head and an image over 300 KB', async () => {
    const filler = `<meta name="filler" content="${'x'.repeat(320_000)}">`;
    const r = await checker.check(page('big.html', filler + tags(pathToFileURL(path.join(dir, 'noise.png')).href, canonical)));
    expect(errorCodes(r)).toEqual(expect.arrayContaining(['whatsapp:head-beyond-300kb', 'whatsapp:missing-og-title', 'bluesky:image-too-large']));
    expect(r.headEndByte).toBeGreaterThan(300_000);
  });

  it('missing canonical', async () => {
    const r = await checker.check(page('no-canonical.html', tags(pathToFileURL(path.join(dir, 'card.png')).href)));
    expect(warningCodes(r)).toContain('general:missing-canonical');
    expect(r.ok).toBe(true);
  });

  it('an image that does not exist', async () => {
    const r = await checker.check(page('missing-file.html', tags(pathToFileURL(path.join(dir, 'nope.png')).href, canonical)));
    expect(errorCodes(r)).toEqual(['general:image-unreachable']);
  });
});

describe('sharecard check (CLI command)', () => {
  it('prints JSON and exits 0 for a good page, 1 for a broken one', async () => {
    let out = '';
    const good = page('cli-good.html', tags(pathToFileURL(path.join(dir, 'card.png')).href, canonical));
    expect(await checkCommand(good, { json: true }, { write: (s) => (out = s) })).toBe(0);
    const report = JSON.parse(out);
    expect(report.ok).toBe(true);
    expect(Object.keys(report.platforms)).toEqual(['general', 'x', 'bluesky', 'linkedin', 'whatsapp', 'facebook']);
    const bad = page('cli-bad.html', tags(pathToFileURL(path.join(dir, 'card.webp')).href, canonical));
    expect(await checkCommand(bad, {}, { write: (s) => (out = s) })).toBe(1);
    expect(out).toMatch(/^sharecard check /);
    expect(out).toMatch(/LinkedIn\n\s+✗ error\s+og:image is WebP/);
    expect(out).toMatch(/error\(s\)/);
  });

  it('reports an unreadable file as a failure through SharecardError', async () => {
    const { main } = await import('../src/cli.js');
    const err = console.error;
    console.error = () => {};
    try {
      expect(await main(['check', path.join(dir, 'does-not-exist.html')])).toBe(1);
    } finally {
      console.error = err;
    }
  });
});
