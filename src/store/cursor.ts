/**
 * Keyset pagination cursors: the (publishedAt, slug) of the last item of a page, base64url
 * encoded. Opaque to clients; a malformed cursor is a 400 naming the `cursor` parameter.
 */
import { SharecardError } from '../core/errors.js';

export interface CursorKey {
  publishedAt: string;
  slug: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.publishedAt, key.slug])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { publishedAt: parsed[0], slug: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new SharecardError('invalid_input', 'Invalid cursor', { problems: [{ path: ['cursor'], message: 'is not a cursor this server issued' }] });
}
