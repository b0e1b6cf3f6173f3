/**
 * Per-client rate limits (token buckets keyed by the client address, which honours
 * `server.trustProxy`). Memory is bounded: the least recently seen clients are forgotten.
 * Past the limit: 429 with Retry-After.
 */
import type { RequestHandler } from 'express';
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

export function createRateLimiter(name: string, options: RateLimitOptions): RequestHandler {
  const ratePerMs = options.perMinute / 60_000;
  const burst = options.burst ?? Math.max(1, Math.ceil(options.perMinute / 6));
  const now = options.now ?? Date.now;
  const buckets = new LRUCache<string, Bucket>({ max: options.maxClients ?? 10_000 });
  return (req, _res, next) => {
    const key = req.ip ?? 'unknown';
    const t = now();
    const b = buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + (t - b.at) * ratePerMs);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      buckets.set(key, b);
      next();
      return;
    }
    buckets.set(key, b);
    const retryAfterSeconds = Math.ceil((1 - b.tokens) / ratePerMs / 1000);
    next(new SharecardError('rate_limited', `Too many ${name} requests; retry after ${retryAfterSeconds} s`, { retryAfterSeconds }));
  };
}
