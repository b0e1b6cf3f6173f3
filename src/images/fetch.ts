/**
 * The guarded HTTP(S) GET behind the image loader. Every hop (the first request and each
 * redirect) passes the URL gate, and every connection passes the address gate at connect
 * time: the socket's `lookup` hook checks every address a name resolves to before the socket
 * may use it, so there is no gap between "checked" and "connected" for DNS rebinding to use.
 * One deadline covers the whole exchange (all hops, headers and body); the body is counted as
 * it streams and the request is torn down the moment it passes the byte limit.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressCheck, UrlCheck } from './address.js';

export type LookupFunction = net.LookupFunction;

/** Judges one address for one destination port (production: checkAddress, port ignored). */
export type AddressGuard = (address: string, port: number) => AddressCheck;

export interface GuardedFetchOptions {
  checkUrl: (url: string | URL) => UrlCheck;
  guardAddress: AddressGuard;
  lookup: LookupFunction;
  maxRedirects: number;
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
  /**
   * Accept `image/svg+xml` (default false). Only the site logo sets it: the renderer rasterizes
   * the logo once, the same way as a local SVG logo. A photo is never an SVG.
   */
  acceptSvg?: boolean;
}

export interface FetchedImage {
  body: Buffer;
  contentType: string;
  /** The URL the bytes came from after redirects. */
  finalUrl: string;
}

/** A refusal or failure with a reason that is safe to log (no headers, no body, no secrets). */
export class ImageRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ImageRefused';
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Node's default resolver (getaddrinfo, so /etc/hosts applies), as a LookupFunction. */
export const systemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, options, callback as never);

/**
 * Wraps a resolver so that the socket only ever receives addresses the guard allows. If any
 * answer is forbidden the whole lookup fails: a name that mixes public and private answers is
 * an attack (or a misconfiguration) either way.
 */
export function guardedLookup(base: LookupFunction, port: number, guard: AddressGuard): LookupFunction {
  return (hostname, options, callback) => {
    const wantAll = typeof options === 'object' && options !== null && options.all === true;
    base(hostname, { ...(typeof options === 'object' ? options : {}), all: true }, (err, result, family) => {
      const fail = (e: NodeJS.ErrnoException) => (wantAll ? callback(e, []) : callback(e, '', 0));
      if (err) return fail(err);
      const list: dns.LookupAddress[] = Array.isArray(result) ? result : typeof result === 'string' ? [{ address: result, family: family ?? net.isIP(result) }] : [];
      if (list.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`${hostname} did not resolve`);
        e.code = 'ENOTFOUND';
        return fail(e);
      }
      for (const { address } of list) {
        const verdict = guard(address, port);
        if (!verdict.ok) {
          const e: NodeJS.ErrnoException = new ImageRefused(`${hostname} resolves to a forbidden address: ${verdict.reason}`);
          e.code = 'EADDRFORBIDDEN';
          return fail(e);
        }
      }
      if (wantAll) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

type Hop = { kind: 'redirect'; location: string } | { kind: 'image'; body: Buffer; contentType: string };

/**
 * A GET to `url` that can only reach an address `guard` allows: IP literals are judged before
 * connecting, names through the guarded lookup, and the peer the socket really connected to
 * again before a single request byte is sent. A private agent per request: no pooled socket
 * connected under an older DNS answer is ever reused, and no proxy from the environment is
 * consulted. Throws (or destroys the request with) `refuse(reason)` for a forbidden address.
 */
export function guardedGet(
  url: URL,
  options: { headers: Record<string, string>; lookup: LookupFunction; guardAddress: AddressGuard; signal: AbortSignal; refuse: (reason: string) => Error },
): http.ClientRequest {
  const port = portOf(url);
  const host = hostOf(url);
  if (net.isIP(host)) {
    const verdict = options.guardAddress(host, port);
    if (!verdict.ok) throw options.refuse(verdict.reason);
  }
  const isHttps = url.protocol === 'https:';
  const request = (isHttps ? https : http).request({
    protocol: url.protocol,
    hostname: host,
    port,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: options.headers,
    agent: false,
    lookup: guardedLookup(options.lookup, port, options.guardAddress),
    signal: options.signal,
    ...(isHttps && !net.isIP(host) ? { servername: host } : {}),
  });
  request.on('socket', (socket) => {
    socket.once('connect', () => {
      const peer = socket.remoteAddress;
      const verdict = peer ? options.guardAddress(peer, port) : { ok: false as const, reason: 'no peer address' };
      if (!verdict.ok) request.destroy(options.refuse(`connected to a forbidden address: ${verdict.reason}`));
    });
  });
  return request;
}

function requestOnce(url: URL, options: GuardedFetchOptions, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const request = guardedGet(url, {
      headers: {
        accept: `image/avif,image/webp,image/png,image/jpeg,${options.acceptSvg ? 'image/svg+xml,' : ''}image/gif;q=0.9`,
        // Compressed bodies would defeat the byte limit (a small gzip can inflate enormously);
        // images are compressed already.
        'accept-encoding': 'identity',
        'user-agent': options.userAgent,
      },
      lookup: options.lookup,
      guardAddress: options.guardAddress,
      signal,
      refuse: (reason) => new ImageRefused(reason),
    });

    request.on('error', reject);
    request.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        const location = res.headers.location;
        res.destroy();
        if (!location) return reject(new ImageRefused(`HTTP ${status} without a Location header`));
        return resolve({ kind: 'redirect', location });
      }
      if (status !== 200) {
        res.destroy();
        return reject(new ImageRefused(`HTTP ${status}`));
      }
      const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      // SVG is a document (scripts, external references), not a photo: refused unless the
      // caller reads the site logo, which is rasterized once and never served as SVG.
      if (!contentType.startsWith('image/') || (contentType === 'image/svg+xml' && !options.acceptSvg)) {
        res.destroy();
        return reject(new ImageRefused(`not an image (Content-Type ${contentType || 'missing'})`));
      }
      const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity' && encoding !== '') {
        res.destroy();
        return reject(new ImageRefused(`compressed response (Content-Encoding ${encoding}) refused`));
      }
      const declared = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
      if (declared !== undefined && declared > options.maxBytes) {
        res.destroy();
        return reject(new ImageRefused(`Content-Length ${declared} exceeds images.maxSourceBytes (${options.maxBytes})`));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) {
          request.destroy(new ImageRefused(`response exceeds images.maxSourceBytes (${options.maxBytes})`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('aborted', () => reject(new ImageRefused('connection closed before the body was complete')));
      res.on('end', () => {
        if (!res.complete) return reject(new ImageRefused('connection closed before the body was complete'));
        resolve({ kind: 'image', body: Buffer.concat(chunks, received), contentType });
      });
    });
    request.end();
  });
}

/**
 * GETs an image, following at most `maxRedirects` redirects, each re-checked. Throws
 * ImageRefused (or a network error) with a loggable reason.
 */
export async function fetchImage(start: URL, options: GuardedFetchOptions): Promise<FetchedImage> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  timer.unref?.();
  let url = start;
  try {
    for (let redirects = 0; ; redirects++) {
      let hop: Hop;
      try {
        hop = await requestOnce(url, options, controller.signal);
      } catch (err) {
        if (controller.signal.aborted) throw new ImageRefused(`timed out after images.fetchTimeoutMs (${options.timeoutMs} ms)`);
        throw err;
      }
      if (hop.kind === 'image') return { body: hop.body, contentType: hop.contentType, finalUrl: url.href };
      if (redirects >= options.maxRedirects) throw new ImageRefused(`more than images.maxRedirects (${options.maxRedirects}) redirects`);
      let next: URL;
      try {
        next = new URL(hop.location, url);
      } catch {
        throw new ImageRefused('redirect to an invalid URL');
      }
      const verdict = options.checkUrl(next);
      if (!verdict.ok) throw new ImageRefused(`redirect refused: ${verdict.reason}`);
      url = verdict.url;
    }
  } finally {
    clearTimeout(timer);
  }
}
