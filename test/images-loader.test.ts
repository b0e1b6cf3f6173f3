/**
 * The image loader on local roots: serving the fixture photos, path safety, crop geometry and
 * focal point (checked by decoding the output), orientation, output format, limits, and
 * "never throws". Network fetching and SSRF live in images-ssrf.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { coverCropRect, createImageLoader, type ImageLoaderDeps } from '../src/images/loader.js';
import type { Config } from '../src/config/schema.js';
import type { LoadedImage } from '../src/images/types.js';
import { fixturesDir, tempDir } from './helpers.js';

const MEDIA = 'https://news.example.com/media/';
const SYNTH = 'https://news.example.com/synthetic/';

// No test here may touch the network: every name fails to resolve.
const noDns: NonNullable<ImageLoaderDeps['lookup']> = (hostname, _options, callback) => {
  const err: NodeJS.ErrnoException = new Error(`test: no DNS for ${hostname}`);
  err.code = 'ENOTFOUND';
  callback(err, '', 0);
};

let tmp: { dir: string; cleanup: () => void };
let root: string;
let outside: string;

function options(overrides: Partial<Config['images']> = {}): Config['images'] {
  return {
    // The media origin is allowed, so a path that escapes a local root would be *fetched*
    // (and fail on DNS): tests below assert the failure is the local refusal, not that.
    allowedOrigins: ['https://news.example.com'],
    localRoots: { [MEDIA]: path.join(fixturesDir, 'images'), [SYNTH]: root },
    allowHttp: false,
    maxSourceBytes: 10 * 1024 * 1024,
    maxSourcePixels: 40_000_000,
    fetchTimeoutMs: 2000,
    maxRedirects: 3,
    ...overrides,
  };
}

function makeLoader(overrides: Partial<Config['images']> = {}, deps: ImageLoaderDeps = {}) {
  const warn = vi.fn();
  const loader = createImageLoader(options(overrides), { log: { warn }, lookup: noDns, failureTtlMs: 0, ...deps });
  return { loader, warn };
}

/** Three equal bands (red, green, blue) along x (or y when vertical). */
async function bands(width: number, height: number, vertical = false): Promise<Sharp> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const band = Math.min(2, Math.floor(((vertical ? y : x) * 3) / (vertical ? height : width)));
      raw[(y * width + x) * 3 + band] = 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** Mean colour of the output, decoded. */
async function meanRgb(img: LoadedImage): Promise<[number, number, number]> {
  const { channels } = await sharp(img.data).stats();
  return [channels[0].mean, channels[1].mean, channels[2].mean];
}

function dominant([r, g, b]: [number, number, number]): 'red' | 'green' | 'blue' | 'mixed' {
  if (r > 200 && g < 50 && b < 50) return 'red';
  if (g > 200 && r < 50 && b < 50) return 'green';
  if (b > 200 && r < 50 && g < 50) return 'blue';
  return 'mixed';
}

beforeAll(async () => {
  tmp = tempDir('sharecard-images-');
  root = path.join(tmp.dir, 'root');
  outside = path.join(tmp.dir, 'outside');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  await (await bands(300, 100)).png().toFile(path.join(root, 'wide.png'));
  await (await bands(100, 300, true)).png().toFile(path.join(root, 'tall.png'));
  // Stored 300×100 with EXIF orientation 6 ("rotate 90° clockwise to display"): people see a
  // 100×300 image whose top is the stored left (red) band.
  await (await bands(300, 100)).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(path.join(root, 'rotated.jpg'));
  await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toFile(path.join(root, 'alpha.png'));
  await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 1 } } }).png().toFile(path.join(root, 'opaque-alpha.png'));
  await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } }).webp().toFile(path.join(root, 'grey.webp'));
  await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } }).gif().toFile(path.join(root, 'grey.gif'));
  await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } }).tiff().toFile(path.join(root, 'grey.tiff'));
  await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#336699' } }).png().toFile(path.join(root, 'big.png'));
  writeFileSync(path.join(root, 'drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="red"/></svg>');
  writeFileSync(path.join(root, 'notes.jpg'), '<html>not an image</html>');
  writeFileSync(path.join(root, 'empty.jpg'), '');
  const dune = readFileSync(path.join(fixturesDir, 'images', 'dune.jpg'));
  writeFileSync(path.join(root, 'truncated.jpg'), dune.subarray(0, Math.floor(dune.length / 2)));
  // A perfectly good image outside the root: if any escape worked, the load would succeed.
  await (await bands(300, 100)).png().toFile(path.join(outside, 'secret.png'));
  symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'escape.png'));
  symlinkSync(outside, path.join(root, 'escapedir'));
  symlinkSync(path.join(root, 'wide.png'), path.join(root, 'sub', 'alias.png'));
  try {
    execFileSync('mkfifo', [path.join(root, 'pipe.png')]);
  } catch {
    // No mkfifo on this machine: that case is skipped below.
  }
});

afterAll(() => tmp?.cleanup());

describe('fixture photos from a local root', () => {
  it.each([
    ['dune.jpg', 1200, 630],
    ['storm.jpg', 1200, 600],
    ['storm.jpg', 1200, 1200],
    ['dune.jpg', 300, 900],
  ])('%s → exactly %i×%i JPEG', async (file, width, height) => {
    const { loader, warn } = makeLoader();
    const img = await loader.load({ url: `${MEDIA}${file}`, width, height });
    expect(img).not.toBeNull();
    expect(img!.mime).toBe('image/jpeg');
    expect([img!.width, img!.height]).toEqual([width, height]);
    const meta = await sharp(img!.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', width, height]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('ignores the query string of a local URL (cache busters)', async () => {
    const { loader } = makeLoader();
    expect(await loader.load({ url: `${MEDIA}storm.jpg?v=3#x`, width: 120, height: 63 })).not.toBeNull();
  });

  it('serves a local root without it being in allowedOrigins', async () => {
    const { loader } = makeLoader({ allowedOrigins: [] });
    expect(await loader.load({ url: `${MEDIA}storm.jpg`, width: 120, height: 63 })).not.toBeNull();
  });

  it('follows a symlink that stays inside the root', async () => {
    const { loader } = makeLoader();
    expect(await loader.load({ url: `${SYNTH}sub/alias.png`, width: 30, height: 10 })).not.toBeNull();
  });
});

describe('crop and focal point (verified by decoding the output)', () => {
  it.each([
    [0, 'red'],
    [0.5, 'green'],
    [1, 'blue'],
    [0.2, 'red'],
    [0.85, 'blue'],
  ] as const)('wide source, focusX %f → the %s band', async (focusX, colour) => {
    const { loader } = makeLoader();
    const img = await loader.load({ url: `${SYNTH}wide.png`, width: 100, height: 100, focusX });
    expect([img!.width, img!.height]).toEqual([100, 100]);
    expect(dominant(await meanRgb(img!))).toBe(colour);
  });

  it.each([
    [0, 'red'],
    [0.5, 'green'],
    [1, 'blue'],
  ] as const)('tall source, focusY %f → the %s band', async (focusY, colour) => {
    const { loader } = makeLoader();
    const img = await loader.load({ url: `${SYNTH}tall.png`, width: 100, height: 100, focusY });
    expect(dominant(await meanRgb(img!))).toBe(colour);
  });

  it('defaults to the centre', async () => {
    const { loader } = makeLoader();
    expect(dominant(await meanRgb((await loader.load({ url: `${SYNTH}wide.png`, width: 100, height: 100 }))!))).toBe('green');
  });

  it('a focus outside 0..1 is clamped; a non-number is the centre', async () => {
    const { loader } = makeLoader();
    expect(dominant(await meanRgb((await loader.load({ url: `${SYNTH}wide.png`, width: 100, height: 100, focusX: 7 }))!))).toBe('blue');
    expect(dominant(await meanRgb((await loader.load({ url: `${SYNTH}wide.png`, width: 100, height: 100, focusX: Number.NaN }))!))).toBe('green');
  });

  it('keeps the whole width when the target is wider than the source aspect', async () => {
    const { loader } = makeLoader();
    // 300×100 into 300×50: full width, a strip through the middle: all three bands equally.
    const img = await loader.load({ url: `${SYNTH}wide.png`, width: 300, height: 50 });
    const [r, g, b] = await meanRgb(img!);
    for (const c of [r, g, b]) expect(c).toBeGreaterThan(70);
    for (const c of [r, g, b]) expect(c).toBeLessThan(100);
  });

  it('applies EXIF orientation before cropping', async () => {
    const { loader } = makeLoader();
    const top = await loader.load({ url: `${SYNTH}rotated.jpg`, width: 100, height: 100, focusY: 0 });
    const bottom = await loader.load({ url: `${SYNTH}rotated.jpg`, width: 100, height: 100, focusY: 1 });
    expect(dominant(await meanRgb(top!))).toBe('red');
    expect(dominant(await meanRgb(bottom!))).toBe('blue');
    expect((await sharp(top!.data).metadata()).orientation).toBeUndefined();
  });

  it('coverCropRect: inside the source, the target aspect, centred on the focus where the edges allow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (sw, sh, tw, th, fx, fy) => {
          const r = coverCropRect(sw, sh, tw, th, fx, fy);
          expect(r.left).toBeGreaterThanOrEqual(0);
          expect(r.top).toBeGreaterThanOrEqual(0);
          expect(r.width).toBeGreaterThanOrEqual(1);
          expect(r.height).toBeGreaterThanOrEqual(1);
          expect(r.left + r.width).toBeLessThanOrEqual(sw);
          expect(r.top + r.height).toBeLessThanOrEqual(sh);
          // Cover: one side spans the source fully.
          expect(r.width === sw || r.height === sh).toBe(true);
          // Aspect within rounding of one source pixel.
          expect(Math.abs(r.width * th - r.height * tw)).toBeLessThanOrEqual(Math.max(tw, th));
          // The focal point is inside the crop (within a pixel of rounding).
          expect(fx * sw).toBeGreaterThanOrEqual(r.left - 1);
          expect(fx * sw).toBeLessThanOrEqual(r.left + r.width + 1);
          expect(fy * sh).toBeGreaterThanOrEqual(r.top - 1);
          expect(fy * sh).toBeLessThanOrEqual(r.top + r.height + 1);
        },
      ),
    );
  });
});

describe('formats', () => {
  it('a source with alpha comes out as PNG with alpha', async () => {
    const { loader } = makeLoader();
    const img = await loader.load({ url: `${SYNTH}alpha.png`, width: 60, height: 30 });
    expect(img!.mime).toBe('image/png');
    const meta = await sharp(img!.data).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['png', 60, 30, true]);
  });

  it.each(['grey.webp', 'grey.gif', 'opaque-alpha.png'])('accepts %s (nothing transparent) and outputs JPEG', async (file) => {
    const { loader } = makeLoader();
    const img = await loader.load({ url: `${SYNTH}${file}`, width: 40, height: 20 });
    expect(img!.mime).toBe('image/jpeg');
    expect((await sharp(img!.data).metadata()).format).toBe('jpeg');
  });

  it.each([
    ['drawing.svg', /format svg/],
    ['grey.tiff', /format tiff/],
    ['notes.jpg', /not a decodable image/],
    ['empty.jpg', /not a decodable image/],
    ['truncated.jpg', /decod/],
  ])('refuses %s with a logged reason', async (file, reason) => {
    const { loader, warn } = makeLoader();
    expect(await loader.load({ url: `${SYNTH}${file}`, width: 40, height: 20 })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ url: `${SYNTH}${file}`, reason: expect.stringMatching(reason) });
  });
});

describe('limits', () => {
  it('maxSourcePixels: refused from the header, before decoding', async () => {
    const { loader, warn } = makeLoader({ maxSourcePixels: 1_000_000 });
    expect(await loader.load({ url: `${SYNTH}big.png`, width: 100, height: 100 })).toBeNull();
    expect(warn.mock.calls[0][0].reason).toMatch(/6000000 pixels exceeds images\.maxSourcePixels \(1000000\)/);
    const { loader: roomy } = makeLoader({ maxSourcePixels: 6_000_000 });
    expect(await roomy.load({ url: `${SYNTH}big.png`, width: 100, height: 100 })).not.toBeNull();
  });

  it('maxSourceBytes: a file over the limit is not read', async () => {
    const size = readFileSync(path.join(fixturesDir, 'images', 'dune.jpg')).length;
    const { loader, warn } = makeLoader({ maxSourceBytes: size - 1 });
    expect(await loader.load({ url: `${MEDIA}dune.jpg`, width: 100, height: 100 })).toBeNull();
    expect(warn.mock.calls[0][0].reason).toMatch(/exceeds images\.maxSourceBytes/);
    const { loader: exact } = makeLoader({ maxSourceBytes: size });
    expect(await exact.load({ url: `${MEDIA}dune.jpg`, width: 100, height: 100 })).not.toBeNull();
  });

  it.each([
    [0, 100],
    [100, 0],
    [1.5, 100],
    [100_000, 100],
    [Number.NaN, 100],
  ])('a requested size of %s×%s is refused', async (width, height) => {
    const { loader, warn } = makeLoader();
    expect(await loader.load({ url: `${MEDIA}storm.jpg`, width, height })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('path safety in local roots', () => {
  it.each([
    ['encoded slash', `${SYNTH}..%2Foutside%2Fsecret.png`],
    ['encoded dot-dot and slash', `${SYNTH}%2e%2e%2foutside%2fsecret.png`],
    ['encoded backslash', `${SYNTH}..%5coutside%5csecret.png`],
    ['deeper encoded escape', `${SYNTH}sub/..%2F..%2Foutside%2Fsecret.png`],
    ['NUL byte', `${SYNTH}wide.png%00.jpg`],
    ['symlink to a file outside', `${SYNTH}escape.png`],
    ['symlink to a folder outside', `${SYNTH}escapedir/secret.png`],
    ['a folder', `${SYNTH}sub/`],
    ['a folder without slash', `${SYNTH}sub`],
    ['empty segment', `${SYNTH}sub//alias.png`],
    ['malformed escape', `${SYNTH}%E0%A4%A.png`],
    ['missing file', `${SYNTH}nope.png`],
    ['the root itself', SYNTH],
  ])('%s is refused', async (_label, url) => {
    const { loader, warn } = makeLoader();
    expect(await loader.load({ url, width: 30, height: 10 })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    // Refused by the local reader, never handed on to the network path.
    expect(warn.mock.calls[0][0].reason).not.toMatch(/ENOTFOUND|network/);
  });

  it('dot segments are resolved by the URL parser first, leaving the root (and then the allow-list decides)', async () => {
    const { loader, warn } = makeLoader({ allowedOrigins: [] });
    expect(await loader.load({ url: `${SYNTH}../outside/secret.png`, width: 30, height: 10 })).toBeNull();
    expect(await loader.load({ url: `${SYNTH}%2e%2e/outside/secret.png`, width: 30, height: 10 })).toBeNull();
    expect(warn.mock.calls.map(([o]) => o.reason)).toEqual([expect.stringMatching(/not in images\.allowedOrigins/), expect.stringMatching(/not in images\.allowedOrigins/)]);
  });

  it('a FIFO in the root is refused without blocking', async (ctx) => {
    if (!(await import('node:fs')).existsSync(path.join(root, 'pipe.png'))) ctx.skip();
    const { loader, warn } = makeLoader();
    expect(await loader.load({ url: `${SYNTH}pipe.png`, width: 30, height: 10 })).toBeNull();
    expect(warn.mock.calls[0][0].reason).toMatch(/not a regular file/);
  });
});

describe('never throws; logs one warning without secrets', () => {
  it.each([
    ['not a URL', 'not a url'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
  ])('%s → null', async (_label, url) => {
    const { loader, warn } = makeLoader();
    await expect(loader.load({ url, width: 10, height: 10 })).resolves.toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a garbage request object → null', async () => {
    const { loader } = makeLoader();
    await expect(loader.load(undefined as never)).resolves.toBeNull();
    await expect(loader.load({ url: 42 } as never)).resolves.toBeNull();
  });

  it('the logged URL has no query string or credentials', async () => {
    const { loader, warn } = makeLoader();
    await loader.load({ url: 'https://user:hunter2@cdn.example.org/a.jpg?token=s3cret', width: 10, height: 10 });
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).not.toMatch(/s3cret|hunter2/);
    expect(warn.mock.calls[0][0].url).toBe('https://cdn.example.org/a.jpg?…');
  });
});

describe('result cache', () => {
  it('a repeated load is served from memory (same result, no second read)', async () => {
    const { loader } = makeLoader();
    const a = await loader.load({ url: `${MEDIA}storm.jpg`, width: 200, height: 100 });
    const b = await loader.load({ url: `${MEDIA}storm.jpg`, width: 200, height: 100 });
    expect(b).toBe(a);
    const other = await loader.load({ url: `${MEDIA}storm.jpg`, width: 200, height: 100, focusX: 0 });
    expect(other).not.toBe(a);
  });

  it('concurrent identical loads share one promise', async () => {
    const { loader } = makeLoader();
    const req = { url: `${MEDIA}dune.jpg`, width: 240, height: 126 };
    const [p1, p2] = [loader.load(req), loader.load(req)];
    expect(p2).toBe(p1);
    expect(await p1).not.toBeNull();
  });

  it('a failure is remembered for failureTtlMs and logged once', async () => {
    const { loader, warn } = makeLoader({}, { failureTtlMs: 60_000 });
    expect(await loader.load({ url: `${SYNTH}nope.png`, width: 10, height: 10 })).toBeNull();
    expect(await loader.load({ url: `${SYNTH}nope.png`, width: 10, height: 10 })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('options', () => {
  it('checks limits at construction, naming them', () => {
    expect(() => createImageLoader(options({ maxSourceBytes: 0 }))).toThrow(/images\.maxSourceBytes/);
    expect(() => createImageLoader(options({ maxRedirects: -1 }))).toThrow(/images\.maxRedirects/);
  });

  it('testOnlyAllowedEndpoints accepts only loopback, and never in production', () => {
    expect(() => createImageLoader(options(), { testOnlyAllowedEndpoints: [{ address: '10.0.0.1' as '127.0.0.1', port: 80 }] })).toThrow(/only 127\.0\.0\.1 or ::1/);
    vi.stubEnv('NODE_ENV', 'production');
    try {
      expect(() => createImageLoader(options(), { testOnlyAllowedEndpoints: [{ address: '127.0.0.1', port: 8080 }] })).toThrow(/production/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
