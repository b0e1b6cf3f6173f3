/**
 * Signed URLs for the ad-hoc card route (`/og/render.png?…&sig=`). Pure: node:crypto only, the
 * clock comes in as an argument.
 *
 * The signature is base64url(HMAC-SHA256(key, canonical query)), where the canonical query is
 * every parameter except `sig`, keys sorted by UTF-16 code unit, serialized by URLSearchParams.
 * An optional `exp` parameter (unix seconds) is signed like any other, so it cannot be moved.
 * Several keys are accepted on verification so keys can be rotated without breaking URLs that
 * are already published: add the new key first, sign with it, drop the old one later.
 *
 * @example
 *   const url = signedUrl('https://share.example.com', '/og/render.png', { title: 'Hi', exp: '1767225600' }, key);
 *   verifyParams(Object.fromEntries(new URL(url).searchParams), [key], new Date()); // { ok: true }
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The query parameter that carries the signature; never part of what is signed. */
export const SIGNATURE_PARAM = 'sig';
/** Optional expiry, unix seconds (UTC). */
export const EXPIRY_PARAM = 'exp';

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'malformed_expiry' };

// 32 bytes of HMAC-SHA256 are exactly 43 base64url characters, no padding.
const SIGNATURE_SHAPE = /^[A-Za-z0-9_-]{43}$/;
// Whole seconds, no sign, no exponent, no leading "+": one spelling per instant.
const EXPIRY_SHAPE = /^(?:0|[1-9]\d{0,11})$/;
// String.prototype.isWellFormed is ES2024; this is the same test.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The text that is signed: all parameters but `sig`, keys sorted, form-encoded by
 * URLSearchParams (so the route and the signer agree on encoding by construction).
 */
export function canonicalQuery(params: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort(byCodeUnit)) {
    if (key === SIGNATURE_PARAM) continue;
    search.append(key, params[key]);
  }
  return search.toString();
}

/** base64url HMAC-SHA256 of the canonical query. */
export function signParams(params: Record<string, string>, key: string): string {
  return createHmac('sha256', key).update(canonicalQuery(params), 'utf8').digest('base64url');
}

/**
 * Checks `sig` against each key (constant-time per comparison) and then `exp`, if present.
 * `missing`: no signature; `invalid`: wrong or malformed signature, or no key configured;
 * `expired`: a valid signature whose `exp` is not after `now`; `malformed_expiry`: a valid
 * signature over an `exp` that is not whole unix seconds (only a holder of the key can get this
 * answer, so saying so reveals nothing: it tells a CMS that signed "tomorrow" what to fix).
 */
export function verifyParams(params: Record<string, string>, keys: string[], now: Date): VerifyResult {
  const sig = Object.hasOwn(params, SIGNATURE_PARAM) ? params[SIGNATURE_PARAM] : undefined;
  if (sig === undefined || sig === '') return { ok: false, reason: 'missing' };
  if (typeof sig !== 'string' || !SIGNATURE_SHAPE.test(sig)) return { ok: false, reason: 'invalid' };
  // URLSearchParams turns lone surrogates into U+FFFD, so two different ill-formed strings could
  // share one canonical form. Real query strings never decode to them; refuse rather than guess.
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string' || LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) return { ok: false, reason: 'invalid' };
  }
  // Compare the base64url text, not decoded bytes: Buffer's decoder ignores the unused low bits
  // of the last character, which would let a one-character change still verify.
  const given = Buffer.from(sig, 'ascii');
  let matched = false;
  for (const key of keys) {
    if (!key) continue;
    const expected = Buffer.from(signParams(params, key), 'ascii');
    // No early exit: every key is tried, so timing does not reveal which key matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'invalid' };
  if (Object.hasOwn(params, EXPIRY_PARAM)) {
    const exp = params[EXPIRY_PARAM];
    if (!EXPIRY_SHAPE.test(exp)) return { ok: false, reason: 'malformed_expiry' };
    if (Number(exp) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  }
  return { ok: true };
}

/**
 * An absolute URL for `path` under `base` (a base path such as `https://x.example/cards` is
 * kept), with the parameters in canonical order and `sig` last.
 */
export function signedUrl(base: string, path: string, params: Record<string, string>, key: string): string {
  const url = new URL(base.endsWith('/') ? base : `${base}/`);
  url.pathname = url.pathname.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
  const query = canonicalQuery(params);
  const sig = new URLSearchParams({ [SIGNATURE_PARAM]: signParams(params, key) }).toString();
  url.search = query ? `${query}&${sig}` : sig;
  return url.href;
}

/**
 * Query parameters as a plain record for verifyParams, or null when a key repeats: a repeated
 * key has no single canonical value, so the route should refuse it instead of picking one.
 */
export function singleValuedParams(search: URLSearchParams): Record<string, string> | null {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of search) {
    if (Object.hasOwn(out, k)) return null;
    out[k] = v;
  }
  return out;
}
