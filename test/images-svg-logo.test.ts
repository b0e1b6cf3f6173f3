/**
 * Issue 31, item 6: README says `site.logo` may be an SVG URL, but the guarded fetcher refused
 * every image/svg+xml response. The logo (ImageLoader.source) now takes one and the renderer
 * rasterizes it exactly as it does a local SVG logo; a photo (ImageLoader.load) never does.
 * The "remote" server is on loopback, reached as brand.test through an injected resolver.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config/schema.js';
import type { LookupFunction } from '../src/images/fetch.js';
import { createImageLoader } from '../src/images/loader.js';
import type { RenderJob } from '../src/render/pipeline.js';
import type { RenderPool } from '../src/render/pool.js';
import { createRenderer } from '../src/render/renderer.js';
import { tempDir } from './helpers.js';
import { fixtureArticles } from './render-helpers.js';

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#e4002b"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>`;
// Declares 100000×100000 pixels: past sharp's input pixel limit, wherever it comes from.
const HUGE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="10" height="10"/></svg>`;

let server: http.Server;
let port: number;
const tmp = tempDir('sharecard-svg-logo-');
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  tmp.cleanup();
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = req.url === '/huge.svg' ? HUGE_SVG : LOGO_SVG;
    res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as net.AddressInfo).port;
  mkdirSync(path.join(tmp.dir, 'brand'));
  writeFileSync(path.join(tmp.dir, 'brand', 'logo.svg'), LOGO_SVG);
  writeFileSync(path.join(tmp.dir, 'brand', 'huge.svg'), HUGE_SVG);
});

const lookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'brand.test') {
    const err: NodeJS.ErrnoException = new Error(`test: no such host ${hostname}`);
    err.code = 'ENOTFOUND';
    return (callback as (e: Error, a: string, f: number) => void)(err, '', 0);
  }
  if (typeof options === 'object' && options?.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else (callback as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
};

function loader(overrides: Partial<Config['images']> = {}, warn = vi.fn()) {
  const images: Config['images'] = {
    allowedOrigins: [`http://brand.test:${port}`],
    localRoots: {},
    allowHttp: true,
    maxSourceBytes: 1024 * 1024,
    maxSourcePixels: 40_000_000,
    fetchTimeoutMs: 5_000,
    maxRedirects: 0,
    ...overrides,
  };
  return createImageLoader(images, { lookup, testOnlyAllowedEndpoints: [{ address: '127.0.0.1', port }], failureTtlMs: 0, log: { warn } });
}

/** The brand logo the renderer hands its workers for `logo` (a path or a URL). */
async function brandLogo(logo: string, warnings: string[] = []): Promise<RenderJob['brand']['logo']> {
  let job: RenderJob | undefined;
  const pool: RenderPool = {
    kind: 'inline',
    threads: 1,
    run: async (j) => {
      job = j;
      return { body: new Uint8Array([1]), mime: 'image/png', width: 1, height: 1, encoding: 'png', timingsMs: { fit: 0, satori: 0, resvg: 0, encode: 0 } };
    },
    load: () => ({ threads: 1, running: 0, waiting: { demand: 0, background: 0 }, renderMs: 0 }),
    close: async () => {},
  };
  const renderer = createRenderer({ site: { name: 'Example News', logo, themeColor: '#0b1020', accentColor: '#e4002b' }, baseDir: tmp.dir, pool, imageLoader: loader(), log: { warn: (o) => void warnings.push(String((o as { err?: string }).err)) } });
  const article = { ...fixtureArticles()[0], image: undefined };
  await renderer.render({ article, preset: 'og', format: 'png' });
  await renderer.close();
  return job!.brand.logo;
}

describe('a remote SVG logo', () => {
  it('is read by ImageLoader.source (the logo path)', async () => {
    const bytes = await loader().source(`http://brand.test:${port}/logo.svg`);
    expect(bytes.toString('utf8')).toBe(LOGO_SVG);
  });

  it('is still refused as a photo (ImageLoader.load)', async () => {
    const warn = vi.fn();
    expect(await loader({}, warn).load({ url: `http://brand.test:${port}/logo.svg`, width: 100, height: 50 })).toBeNull();
    expect(String(warn.mock.calls[0][0].reason)).toMatch(/Content-Type image\/svg\+xml/);
  });

  it('keeps the byte limit of every source', async () => {
    await expect(loader({ maxSourceBytes: 100 }).source(`http://brand.test:${port}/logo.svg`)).rejects.toThrow(/maxSourceBytes/);
  });

  it('is drawn into the card exactly like the same SVG as a local file', async () => {
    const remote = await brandLogo(`http://brand.test:${port}/logo.svg`);
    const local = await brandLogo('brand/logo.svg');
    expect(remote).toBeDefined();
    expect(remote!.src).toMatch(/^data:image\/png;base64,/);
    expect(remote).toEqual(local);
  });

  it('meets the same rasterization limits as a local one (an oversized SVG: the site name is drawn instead)', async () => {
    const local: string[] = [];
    const remote: string[] = [];
    expect(await brandLogo('brand/huge.svg', local)).toBeUndefined();
    expect(await brandLogo(`http://brand.test:${port}/huge.svg`, remote)).toBeUndefined();
    expect(local[0]).toMatch(/pixel limit/);
    expect(remote).toEqual(local);
  });
});
