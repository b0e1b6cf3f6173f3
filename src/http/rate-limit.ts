/**
 * Per-client rate limits (token buckets keyed by the client address, which honours
 * `server.trustProxy`). Memory is bounded: the least recently seen clients are forgotten.
 * Past the limit: 429 with Retry-After.
 */
import type { Request, RequestHandler } from 'express';
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';
import { SharecardError } from '../core/errors.js';

export interface RateLimitOptions {
  /** Sustained requests per minute per client. */
  perMinute: number;
  /** Requests a client may make at once before the sustained rate applies. */
  burst?: number;
  /** How many clients to remember. */
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by client key: `take` spends one token, or says how long until there is one. */
export interface TokenBuckets {
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** True when `key` has no whole token left (nothing is spent). */
  isEmpty(key: string): boolean;
  /** Seconds until `key` has a whole token again (0 when it has one). */
  retryAfterSeconds(key: string): number;
}

export function createTokenBuckets(options: RateLimitOptions): TokenBuckets {
  if (!Number.isFinite(options.perMinute) || options.perMinute <= 0) throw new TypeError(`rate limit: perMinute must be a positive number, got ${options.perMinute}`);
  const ratePerMs = options.perMinute / 60_000;
  const burst = options.burst ?? Math.max(1, Math.ceil(options.perMinute / 6));
  const now = options.now ?? Date.now;
  const buckets = new LRUCache<string, Bucket>({ max: options.maxClients ?? 10_000 });
  const refill = (key: string): Bucket => {
    const t = now();
    const b = buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + (t - b.at) * ratePerMs);
    b.at = t;
    buckets.set(key, b);
    return b;
  };
  const wait = (b: Bucket) => (b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / ratePerMs / 1000));
  return {
    take(key) {
      const b = refill(key);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: wait(b) };
    },
    isEmpty: (key) => refill(key).tokens < 1,
    retryAfterSeconds: (key) => wait(refill(key)),
  };
}

/**
 * The client a limit counts against: its address (`req.ip`, so `server.trustProxy` decides
 * whether X-Forwarded-For is believed), an IPv6 address by its /64, since one host usually
 * holds a whole /64 and could otherwise spread its requests over 2^64 buckets.
 */
export function clientKey(req: Request): string {
  const ip = req.ip ?? 'unknown';
  if (!ipaddr.isValid(ip)) return ip;
  const addr = ipaddr.process(ip); // ::ffff:1.2.3.4 → 1.2.3.4
  if (addr.kind() === 'ipv4') return addr.toString();
  return `${(addr as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

export function createRateLimiter(name: string, options: RateLimitOptions): RequestHandler {
  const buckets = createTokenBuckets(options);
  return (req, _res, next) => {
    const verdict = buckets.take(clientKey(req));
    if (verdict.ok) return next();
    const { retryAfterSeconds } = verdict;
    next(new SharecardError('rate_limited', `Too many ${name} requests; retry after ${retryAfterSeconds} s`, { retryAfterSeconds }));
  };
}
