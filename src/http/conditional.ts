/**
 * Conditional GET for the routes that answer with a strong ETag of the bytes they send
 * (share page, its stylesheet and logo, share-bar fragment and assets).
 */
import type { Request } from 'express';

/** RFC 9110 §13.1.2: If-None-Match uses weak comparison, and `*` matches any representation. */
export function notModified(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}
