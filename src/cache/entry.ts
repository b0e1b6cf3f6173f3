/**
 * What every render cache tier checks about an entry, so that a damaged entry is a miss and
 * never a broken response (issue 31, item 1):
 *
 * - `isServableCard`: the fields that become response headers can be sent as they are. The
 *   content type is one we emit, and the ETag is a strong entity tag of visible ASCII
 *   (RFC 9110 §8.8.3), so `res.setHeader('ETag', …)` cannot throw ERR_INVALID_CHAR.
 * - `entryDigest`: one SHA-256 over the key and every field of the entry (content type, ETag,
 *   body), each length-prefixed so no two entries share a digest by shifting bytes from one
 *   field into the next. The disk and Redis tiers store it and compare it on read: a flipped
 *   bit anywhere (a stored ETag or content type included) is a miss, not a changed ETag or
 *   PNG bytes served as image/jpeg.
 */
import { createHash } from 'node:crypto';
import type { CachedCard } from './types.js';

export const CARD_CONTENT_TYPES: readonly CachedCard['contentType'][] = ['image/png', 'image/jpeg'];

/**
 * A strong ETag we could have written: quoted, visible ASCII without `"` inside. Our ETags
 * are `"card-<base64url>"`; obs-text (bytes ≥ 0x80) is legal in RFC 9110 but never ours, and
 * Node refuses some of it, so it is refused here too.
 */
const STRONG_ETAG = /^"[\x21\x23-\x7e]{1,512}"$/;

/** True when `value` is a card whose headers can be sent unchanged. */
export function isServableCard(value: unknown): value is CachedCard {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<CachedCard>;
  return Buffer.isBuffer(v.body) && CARD_CONTENT_TYPES.includes(v.contentType as CachedCard['contentType']) && typeof v.etag === 'string' && STRONG_ETAG.test(v.etag);
}

function lengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Buffer): void {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(bytes.length);
  hash.update(n).update(bytes);
}

/** SHA-256 (32 bytes) over the key and every field of the entry. */
export function entryDigest(key: string, card: CachedCard): Buffer {
  const hash = createHash('sha256');
  lengthPrefixed(hash, Buffer.from(key, 'utf8'));
  lengthPrefixed(hash, Buffer.from(card.contentType, 'utf8'));
  lengthPrefixed(hash, Buffer.from(card.etag, 'utf8'));
  lengthPrefixed(hash, card.body);
  return hash.digest();
}
