/**
 * Conditional GET: the one If-None-Match check of every route that answers with an ETag (cards,
 * feeds, meta, share page, share bar). RFC 9110 §13.1.2: the header is `*` or a list of entity
 * tags, compared weakly (`W/"x"` matches `"x"`). A header that is neither, `*` inside a list
 * included, matches nothing: the full response is always a safe answer to a malformed header.
 */
import type { Request } from 'express';

/**
 * One list element: an entity tag (RFC 9110 §8.8.3: etagc is %x21 / %x23-7E / obs-text) ending
 * at a comma or the end, after any empty elements, which §5.6.1.2 says to accept and ignore.
 */
const ELEMENT = /[ \t,]*(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)/y;
const EMPTY_REST = /^[ \t,]*$/;

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  let found = false;
  ELEMENT.lastIndex = 0;
  while (!EMPTY_REST.test(header.slice(ELEMENT.lastIndex))) {
    const m = ELEMENT.exec(header);
    if (!m) return false;
    if (m[1] === opaque) found = true;
  }
  return found;
}

/** Whether the request's If-None-Match already names this representation (answer 304). */
export function notModified(req: Request, etag: string): boolean {
  return etagMatches(req.get('if-none-match'), etag);
}
