/**
 * The guarded image loader: the only way sharecard reads a hero image.
 *
 * - A URL under an `images.localRoots` prefix is read from that folder (safely resolved).
 * - Any other URL must be `https:` (or `http:` with `images.allowHttp`) on an origin in
 *   `images.allowedOrigins`, and every address it connects to (first request and each
 *   redirect, at most `images.maxRedirects`) must be global unicast.
 * - Limits: `maxSourceBytes` (Content-Length and streamed count), `maxSourcePixels` (read
 *   from the header before decoding), `fetchTimeoutMs` (one deadline for everything).
 * - The result is cover-cropped around the focal point to exactly the requested size.
 *
 * It never throws: any failure returns null and logs one warning with the URL (without its
 * query string, which may carry tokens) and the reason. Successful results are kept in a
 * small LRU bounded by bytes, failures for a short while, and concurrent identical loads share
 * one promise, so a burst of renders of one story fetches its image once.
 *
 * @example
 *   const loader = createImageLoader(config.images, { log });
 *   const hero = await loader.load({ url: article.image.url, width: 1200, height: 630, focusX: 0.3 });
 *   // hero === null → render the layout without a photo
 */
import { LRUCache } from 'lru-cache';
import type { Config } from '../config/schema.js';
import { checkAddress, createUrlCheck, type AddressCheck } from './address.js';
import { fetchImage, ImageRefused, systemLookup, type AddressGuard, type LookupFunction } from './fetch.js';
import { matchLocalRoot, parseLocalRoots, readLocalImage } from './local.js';
import { transformImage } from './transform.js';
import type { ImageLoader, ImageRequest, LoadedImage } from './types.js';

export { checkAddress, isAllowedUrl, type AddressCheck, type UrlCheck, type UrlPolicy } from './address.js';
export { coverCropRect } from './transform.js';

/** Largest output side we produce; the biggest preset is 1200×1200. */
export const MAX_OUTPUT_SIDE = 4096;

export interface ImageLoaderDeps {
  log?: { warn(obj: object, msg: string): void };
  /** Resolver with dns.lookup's signature (tests map names to loopback); default dns.lookup. */
  lookup?: LookupFunction;
  /** Bytes of decoded results kept in memory (default 32 MiB; 0 disables). */
  cacheMaxBytes?: number;
  /** How long a failed load is remembered before retrying (default 30 s; 0 disables). */
  failureTtlMs?: number;
  /**
   * Tests only: exact loopback endpoints (address and port of a server the test started) that
   * the address check lets through when reached through a host *name*. Nothing in config or
   * the environment can set this, only 127.0.0.1/::1 are accepted, and it is refused when
   * NODE_ENV is "production". IP-literal URLs are refused by the URL check regardless.
   */
  testOnlyAllowedEndpoints?: readonly { address: '127.0.0.1' | '::1'; port: number }[];
}

const USER_AGENT = 'sharecard-image-loader/1';

/** The URL for logs: origin and path only; a query string may carry tokens. */
function loggableUrl(url: string): string {
  if (!URL.canParse(url)) return `(invalid URL, ${String(url).length} chars)`;
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
}

/** A reason for the log: our own refusals verbatim, network errors by code. */
function reasonOf(err: unknown): string {
  if (err instanceof ImageRefused) return err.message;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return `network error ${code}`;
  return `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
}

function addressGuard(deps: ImageLoaderDeps): AddressGuard {
  const exempt = deps.testOnlyAllowedEndpoints ?? [];
  if (exempt.length === 0) return (address) => checkAddress(address);
  if (process.env.NODE_ENV === 'production') throw new TypeError('createImageLoader: testOnlyAllowedEndpoints is not allowed in production');
  const allowed = new Set<string>();
  for (const e of exempt) {
    if ((e.address !== '127.0.0.1' && e.address !== '::1') || !Number.isInteger(e.port) || e.port < 1 || e.port > 65535) {
      throw new TypeError('createImageLoader: testOnlyAllowedEndpoints takes only 127.0.0.1 or ::1 with a port');
    }
    allowed.add(`${e.address}|${e.port}`);
  }
  return (address, port): AddressCheck => {
    const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
    return allowed.has(`${plain}|${port}`) ? { ok: true } : checkAddress(address);
  };
}

function validateOptions(options: Config['images']): void {
  const problems: string[] = [];
  for (const name of ['maxSourceBytes', 'maxSourcePixels', 'fetchTimeoutMs'] as const) {
    const v = options[name];
    if (!Number.isInteger(v) || v <= 0) problems.push(`images.${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(options.maxRedirects) || options.maxRedirects < 0) problems.push(`images.maxRedirects must be an integer ≥ 0, got ${options.maxRedirects}`);
  for (const prefix of Object.keys(options.localRoots ?? {})) {
    if (!URL.canParse(prefix)) problems.push(`images.localRoots: ${JSON.stringify(prefix)} is not an absolute URL`);
  }
  if (problems.length) throw new TypeError(`createImageLoader: ${problems.join('; ')}`);
}

function requestKey(r: { url: string; width: number; height: number; focusX: number; focusY: number }): string {
  return `${r.width}x${r.height}@${r.focusX},${r.focusY} ${r.url}`;
}

export function createImageLoader(options: Config['images'], deps: ImageLoaderDeps = {}): ImageLoader {
  validateOptions(options);
  const checkUrl = createUrlCheck({ allowedOrigins: options.allowedOrigins, allowHttp: options.allowHttp });
  const roots = parseLocalRoots(options.localRoots ?? {});
  const guardAddress = addressGuard(deps);
  const lookup = deps.lookup ?? systemLookup;
  const log = deps.log;

  const cacheMaxBytes = deps.cacheMaxBytes ?? 32 * 1024 * 1024;
  const done =
    cacheMaxBytes > 0
      ? new LRUCache<string, LoadedImage>({ maxSize: cacheMaxBytes, sizeCalculation: (v) => v.data.length + 256, ttl: 10 * 60_000 })
      : null;
  const failureTtlMs = deps.failureTtlMs ?? 30_000;
  const failed = failureTtlMs > 0 ? new LRUCache<string, true>({ max: 1000, ttl: failureTtlMs }) : null;
  const inflight = new Map<string, Promise<LoadedImage | null>>();

  async function readSource(url: URL, { acceptSvg = false } = {}): Promise<Buffer> {
    const root = matchLocalRoot(url, roots);
    if (root) return readLocalImage(url, root, options.maxSourceBytes);
    const verdict = checkUrl(url);
    if (!verdict.ok) throw new ImageRefused(verdict.reason);
    const fetched = await fetchImage(verdict.url, {
      checkUrl,
      guardAddress,
      lookup,
      maxRedirects: options.maxRedirects,
      maxBytes: options.maxSourceBytes,
      timeoutMs: options.fetchTimeoutMs,
      userAgent: USER_AGENT,
      acceptSvg,
    });
    return fetched.body;
  }

  async function loadUncached(req: { url: string; width: number; height: number; focusX: number; focusY: number }): Promise<LoadedImage> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new ImageRefused('not a valid absolute URL');
    }
    const source = await readSource(url);
    return transformImage(source, { width: req.width, height: req.height, focusX: req.focusX, focusY: req.focusY, maxSourcePixels: options.maxSourcePixels });
  }

  function normalize(request: ImageRequest): { url: string; width: number; height: number; focusX: number; focusY: number } | string {
    if (!request || typeof request.url !== 'string') return 'no URL';
    const { width, height } = request;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_OUTPUT_SIDE || height > MAX_OUTPUT_SIDE) {
      return `requested size ${width}×${height} is not between 1 and ${MAX_OUTPUT_SIDE} pixels per side`;
    }
    const focus = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);
    return { url: request.url, width, height, focusX: focus(request.focusX), focusY: focus(request.focusY) };
  }

  return {
    async source(url) {
      try {
        // The site logo: README allows an SVG URL (issue 31: a remote SVG logo was refused).
        return await readSource(new URL(url), { acceptSvg: true });
      } catch (err) {
        throw new Error(reasonOf(err), { cause: err });
      }
    },
    load(request) {
      const req = normalize(request);
      if (typeof req === 'string') {
        log?.warn({ url: loggableUrl(String(request?.url)), reason: req }, 'hero image not loaded; using the layout without a photo');
        return Promise.resolve(null);
      }
      const key = requestKey(req);
      const hit = done?.get(key);
      if (hit) return Promise.resolve(hit);
      if (failed?.has(key)) return Promise.resolve(null);
      const running = inflight.get(key);
      if (running) return running;
      const promise = loadUncached(req).then(
        (image) => {
          done?.set(key, image);
          return image;
        },
        (err: unknown) => {
          failed?.set(key, true);
          log?.warn({ url: loggableUrl(req.url), reason: reasonOf(err) }, 'hero image not loaded; using the layout without a photo');
          return null;
        },
      );
      inflight.set(key, promise);
      void promise.finally(() => inflight.delete(key));
      return promise;
    },
  };
}
