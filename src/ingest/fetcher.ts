/**
 * The one way ingest reads the web: GET with conditional validators, a deadline over the whole
 * exchange (every redirect, headers and body), a byte limit counted as the body streams, a
 * redirect limit with every hop's origin checked, a concurrency limit and a least delay between
 * two requests to one host. `fetch` comes in (tests and production pass the global one).
 *
 * Origins: the source URL the operator names is trusted as it is, a private address included;
 * every other document (pages, child sitemaps, redirect targets) must be on an allowed origin.
 */
import { TextDecoder } from 'node:util';
import { SYNC_USER_AGENT } from './user-agent.js';

export interface FetcherOptions {
  fetch?: typeof globalThis.fetch;
  concurrency: number;
  hostDelayMs: number;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent?: string;
}

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | {
      status: 200;
      url: string;
      text: string;
      contentType: string;
      etag: string | null;
      lastModified: string | null;
      /** WordPress's `X-WP-TotalPages`: how many pages of posts the API has. */
      totalPages: number | null;
    }
  | { status: 304; url: string }
  | { status: 404 | 410; url: string };

/** A document that could not be read, with a reason fit for the report (no body, no headers). */
export class FetchFailed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FetchFailed';
  }
}

export interface Fetcher {
  /**
   * GETs `url`. `origins` are the origins it (and every redirect) may be on. `trusted` is for
   * the source the operator named: it skips that check for the URL itself and lets it redirect
   * within its own host (http → https, a moved feed path).
   */
  get(url: string, options: { origins: ReadonlySet<string>; trusted?: boolean; validators?: Validators; accept: string }): Promise<FetchResult>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A counting semaphore: at most `n` holders at once, the others wait in order. */
function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Spaces request starts to one host by `delayMs`: each caller reserves the next free slot. */
export function createHostGate(
  delayMs: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
): (host: string) => Promise<void> {
  const next = new Map<string, number>();
  return async (host) => {
    if (delayMs <= 0) return;
    const now = clock.now();
    const at = Math.max(now, next.get(host) ?? 0);
    next.set(host, at + delayMs);
    if (next.size > 10_000) next.delete(next.keys().next().value!);
    if (at > now) await clock.sleep(at - now);
  };
}

function charsetOf(contentType: string | null): string {
  const m = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : 'utf-8';
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="windows-1252"?>`). */
function xmlDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1]?.toLowerCase();
}

/**
 * Bytes 0x80-0x9F of windows-1252 (the WHATWG encoding behind the labels latin1, iso-8859-1,
 * ascii…): https://encoding.spec.whatwg.org/index-windows-1252.txt. Node 20.18.3 and later
 * decode them as C1 controls (https://github.com/nodejs/node/issues/60888), which the article
 * cleaning then strips, so a "smart quote" would vanish; they are mapped here.
 */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const declared = /charset/i.test(contentType ?? '') ? charsetOf(contentType) : (xmlDeclaredCharset(bytes) ?? 'utf-8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c: string) => String.fromCharCode(WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]));
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new FetchFailed(`larger than ingest.maxDocumentBytes (${maxBytes} bytes; Content-Length ${declared})`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new FetchFailed(`larger than ingest.maxDocumentBytes (${maxBytes} bytes)`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks, total);
}

export function createFetcher(options: FetcherOptions): Fetcher {
  const doFetch = options.fetch ?? globalThis.fetch;
  const limit = createLimiter(options.concurrency);
  const gate = createHostGate(options.hostDelayMs);
  const userAgent = options.userAgent ?? SYNC_USER_AGENT;

  async function exchange(start: URL, o: Parameters<Fetcher['get']>[1], signal: AbortSignal): Promise<FetchResult> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const trustedHop = o.trusted && (hop === 0 || url.hostname === start.hostname);
      if (!trustedHop && !o.origins.has(url.origin)) {
        throw new FetchFailed(hop === 0 ? `${url.origin} is not the source's origin nor in its origins` : `redirect to ${url.origin}, which is not the source's origin nor in its origins`);
      }
      await gate(url.host);
      const headers: Record<string, string> = { 'user-agent': userAgent, accept: o.accept };
      if (o.validators?.etag) headers['if-none-match'] = o.validators.etag;
      if (o.validators?.lastModified) headers['if-modified-since'] = o.validators.lastModified;
      const res = await doFetch(url, { headers, redirect: 'manual', signal });
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel().catch(() => {});
        const location = res.headers.get('location');
        if (!location) throw new FetchFailed(`HTTP ${res.status} without a Location header`);
        if (hop >= options.maxRedirects) throw new FetchFailed(`more than ingest.maxRedirects (${options.maxRedirects}) redirects`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new FetchFailed('redirect to an invalid URL');
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new FetchFailed(`redirect to a ${next.protocol} URL`);
        url = next;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel().catch(() => {});
        return { status: 304, url: url.href };
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel().catch(() => {});
        return { status: res.status, url: url.href };
      }
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => {});
        throw new FetchFailed(`HTTP ${res.status}`);
      }
      const contentType = res.headers.get('content-type');
      const bytes = await readCapped(res, options.maxBytes);
      return {
        status: 200,
        url: url.href,
        text: decodeBody(bytes, contentType),
        contentType: (contentType ?? '').split(';')[0].trim().toLowerCase(),
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
        totalPages: Number(res.headers.get('x-wp-totalpages')) || null,
      };
    }
  }

  return {
    get(url, o) {
      return limit(async () => {
        let start: URL;
        try {
          start = new URL(url);
        } catch {
          throw new FetchFailed('not a URL');
        }
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), options.timeoutMs);
        try {
          return await exchange(start, o, controller.signal);
        } catch (err) {
          if (err instanceof FetchFailed) throw err;
          if (controller.signal.aborted) throw new FetchFailed(`timed out after ingest.fetchTimeoutMs (${options.timeoutMs} ms)`);
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          throw new FetchFailed(`cannot fetch: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
