/**
 * Bearer-token authentication for write routes. The comparison runs in constant time over
 * SHA-256 digests, so neither the token's bytes nor its length leak through timing. Wrong
 * tokens are limited per client on every route (`createAuthFailureLimit`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { SharecardError } from '../core/errors.js';
import { clientKey, createTokenBuckets, type RateLimitOptions } from './rate-limit.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** True when `candidate` equals `token`, compared in constant time. */
export function tokenMatches(candidate: string, token: string): boolean {
  return timingSafeEqual(digest(candidate), digest(token));
}

/** The bearer token of a request, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m ? m[1] : null;
}

/** True when the request carries the API token (header; the editor cookie is checked by the preview module). */
export function isAuthenticated(req: Request, token: string): boolean {
  const given = bearerToken(req);
  return given !== null && tokenMatches(given, token);
}

export function requireToken(token: string): RequestHandler {
  return (req, res, next) => {
    if (isAuthenticated(req, token)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="sharecard"');
    next(new SharecardError('unauthorized', 'A valid API token is required: send Authorization: Bearer <token>'));
  };
}

/**
 * Limits failed authentications per client, on every route (issue 31: 3,000 wrong bearer
 * tokens got 3,000 answers of 401 in 1.4 s). Any request whose Authorization header is a
 * Bearer credential other than one of `tokens` (the API token, the metrics token) spends one of the client's tokens, whatever the
 * route does with it (a write answers 401; a read of a draft answers 404, which would
 * otherwise confirm a guess just as well). With none left the request is answered 429 with
 * Retry-After before any route sees it. The right token is checked first and is never
 * limited, so a locked-out address (say, one a proxy shares) costs the operator nothing.
 * Requests without a Bearer credential are not attempts and are not counted.
 *
 * @example
 *   app.use(createAuthFailureLimit([services.apiToken, config.security.metricsToken], { perMinute: 10, burst: 10 }));
 */
export function createAuthFailureLimit(tokens: readonly (string | null)[], options: RateLimitOptions): RequestHandler {
  const buckets = createTokenBuckets(options);
  const valid = tokens.filter((t): t is string => typeof t === 'string' && t.length > 0);
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined || !/^Bearer(\s|$)/i.test(header)) return next();
    const given = bearerToken(req);
    if (given !== null && valid.some((t) => tokenMatches(given, t))) return next();
    const verdict = buckets.take(clientKey(req));
    if (verdict.ok) return next();
    const { retryAfterSeconds } = verdict;
    next(new SharecardError('rate_limited', `Too many failed authentications from this client; retry after ${retryAfterSeconds} s`, { retryAfterSeconds }));
  };
}
