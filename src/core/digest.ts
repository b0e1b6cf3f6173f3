/**
 * Content digests: SHA-256 in base64url, cut to the length each use needs (cache keys, asset
 * versions, revisions, HTTP validators). One spelling, so equal inputs give equal strings
 * wherever they are compared.
 */
import { createHash } from 'node:crypto';

/** The base64url SHA-256 of `data`, its first `length` characters (43: the whole digest). */
export function sha256url(data: string | Uint8Array, length = 43): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, length);
}

/** A strong HTTP validator (RFC 9110 §8.8.3) for exactly these bytes. */
export function strongEtag(body: string | Uint8Array): string {
  return `"${sha256url(body, 27)}"`;
}
