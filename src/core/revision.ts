/**
 * A revision is a short, stable content hash of everything in an article that affects any
 * output (cards, tags, payloads, feeds). It goes into image URLs as `?v=` so platforms that
 * cache by URL pick up a changed headline. Key order never changes the hash.
 */
import type { Article } from './article.js';
import { sha256url } from './digest.js';

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** 16 base64url characters (96 bits) of SHA-256 over the slug and the normalized article. */
export function computeRevision(slug: string, article: Article): string {
  return sha256url(stableStringify({ slug, article }), 16);
}
