/**
 * The I/O half of `check`: reads the page (a URL or a local file) and probes its images (fetch
 * or file read, then sharp for the real format and size). Dependencies come in through
 * createChecker, so tests route fetches to an in-process server.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { SharecardError } from '../core/errors.js';
import { parseHead } from './head.js';
import { imageUrlsToProbe, lintHead, checkPlatforms, type CheckPlatform, type Finding, type ImageProbe } from './rules.js';

export interface CheckReport {
  target: string;
  /** Absolute URL of the page (file: for a local file). */
  pageUrl: string;
  bytesRead: number;
  headEndByte: number | null;
  images: ImageProbe[];
  platforms: Record<CheckPlatform, Finding[]>;
  errors: number;
  warnings: number;
  /** False when anything would break a card (any error). */
  ok: boolean;
}

export interface CheckerOptions {
  /** Replaces global fetch (tests route requests to an in-process server). */
  fetch?: typeof fetch;
  readFile?: (file: string) => Promise<Uint8Array>;
  /** Most bytes of the page read; the head must be in them. */
  maxPageBytes?: number;
  maxImageBytes?: number;
  timeoutMs?: number;
  userAgent?: string;
}

export const defaultCheckerOptions = Object.freeze({
  maxPageBytes: 2 * 1024 * 1024,
  // Above every platform's limit (Facebook 8 MB), so "too large" can be reported with its size.
  maxImageBytes: 16 * 1024 * 1024,
  timeoutMs: 10_000,
  // Sites often serve og:* only to known crawlers; name one, and say who we are.
  userAgent: 'facebookexternalhit/1.1 (compatible; sharecard-check; +https://ogp.me)',
});

/** Reads a response body up to `max` bytes; `truncated` when there was more. */
async function readCapped(res: Response, max: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.length > max) {
        chunks.push(value.subarray(0, max - total));
        total = max;
        truncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
      total += value.length;
    }
  }
  return { bytes: Buffer.concat(chunks), truncated };
}

export interface Checker {
  /** Lints a page given as an http(s) URL, a file: URL or a file path. */
  check(target: string): Promise<CheckReport>;
  probeImage(url: string): Promise<ImageProbe>;
}

export function createChecker(options: CheckerOptions = {}): Checker {
  const o = { ...defaultCheckerOptions, ...options };
  const doFetch = options.fetch ?? globalThis.fetch;
  const readFile = options.readFile ?? ((f: string) => fsReadFile(f));

  async function get(url: string, accept: string, max: number): Promise<{ bytes: Uint8Array; truncated: boolean; status: number; contentType: string }> {
    const res = await doFetch(url, { headers: { 'user-agent': o.userAgent, accept }, redirect: 'follow', signal: AbortSignal.timeout(o.timeoutMs) });
    const contentType = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      await res.body?.cancel();
      return { bytes: new Uint8Array(), truncated: false, status: res.status, contentType };
    }
    return { ...(await readCapped(res, max)), status: res.status, contentType };
  }

  async function probeImage(url: string): Promise<ImageProbe> {
    let bytes: Uint8Array;
    let status: number | undefined;
    let contentType: string | undefined;
    try {
      const u = new URL(url);
      if (u.protocol === 'file:') {
        bytes = await readFile(fileURLToPath(u));
      } else if (u.protocol === 'http:' || u.protocol === 'https:') {
        const r = await get(url, 'image/png,image/jpeg,image/*;q=0.8', o.maxImageBytes);
        status = r.status;
        contentType = r.contentType;
        if (r.status >= 400) return { url, ok: false, status, error: `HTTP ${r.status}` };
        if (r.truncated) return { url, ok: false, status, error: `larger than ${o.maxImageBytes} bytes` };
        bytes = r.bytes;
      } else {
        return { url, ok: false, error: `unsupported URL scheme ${u.protocol}` };
      }
    } catch (err) {
      return { url, ok: false, status, error: (err as Error).message };
    }
    try {
      const meta = await sharp(bytes, { failOn: 'none' }).metadata();
      // sharp names JPEG 'jpeg'; normalize the alias anyway so the rules compare one name.
      const format = String(meta.format).replace(/^jpg$/, 'jpeg');
      return { url, ok: true, status, contentType, bytes: bytes.length, format, width: meta.width, height: meta.height };
    } catch {
      return { url, ok: false, status, contentType, bytes: bytes.length, error: 'not a decodable image' };
    }
  }

  async function check(target: string): Promise<CheckReport> {
    let pageUrl: string;
    let bytes: Uint8Array;
    if (/^https?:\/\//i.test(target)) {
      pageUrl = new URL(target).href;
      let r;
      try {
        r = await get(pageUrl, 'text/html,application/xhtml+xml', o.maxPageBytes);
      } catch (err) {
        throw new SharecardError('upstream_failed', `Cannot fetch ${pageUrl}: ${(err as Error).message}`, { cause: err });
      }
      if (r.status >= 400) throw new SharecardError('upstream_failed', `${pageUrl} answered HTTP ${r.status}`);
      bytes = r.bytes;
    } else {
      const file = target.startsWith('file:') ? fileURLToPath(target) : path.resolve(target);
      pageUrl = pathToFileURL(file).href;
      try {
        bytes = await readFile(file);
      } catch (err) {
        throw new SharecardError('invalid_input', `Cannot read ${target}: ${(err as Error).message}`, { cause: err });
      }
      bytes = bytes.subarray(0, o.maxPageBytes);
    }
    const head = parseHead(bytes);
    const urls = imageUrlsToProbe(head, pageUrl);
    const images = await Promise.all(urls.map(probeImage));
    const platforms = lintHead({ head, baseUrl: pageUrl, images: new Map(images.map((p) => [p.url, p])) });
    const all = checkPlatforms.flatMap((p) => platforms[p]);
    const errors = all.filter((f) => f.severity === 'error').length;
    return {
      target,
      pageUrl,
      bytesRead: bytes.length,
      headEndByte: head.headEndByte,
      images,
      platforms,
      errors,
      warnings: all.filter((f) => f.severity === 'warning').length,
      ok: errors === 0,
    };
  }

  return { check, probeImage };
}
