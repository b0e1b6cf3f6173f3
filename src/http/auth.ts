/**
 * Bearer-token authentication for write routes. The comparison runs in constant time over
 * SHA-256 digests, so neither the token's bytes nor its length leak through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { SharecardError } from '../core/errors.js';

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
