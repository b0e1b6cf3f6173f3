/**
 * The slug of an ingested story, made from its canonical URL's path so that every run over the
 * same story finds the same slug (docs/ingest.md, "Slugs"). Pure.
 *
 * - `last-segment` (default): the last non-empty path segment, without a file extension
 *   (`/2026/02/03/us-iran-talks-istanbul/` → `us-iran-talks-istanbul`, `/news/12345.html` → `12345`);
 * - `path`: every segment joined by hyphens (`/world/2026/talks` → `world-2026-talks`), for
 *   sites whose last segments repeat across sections.
 *
 * The text is percent-decoded, lower-cased, accents folded (é → e), and every run of other
 * characters becomes one hyphen; it is cut at `maxChars` on a hyphen when it can be. When
 * nothing usable is left (a path in Persian or Japanese, the site's root, a reserved name) the
 * slug is `p-` and 12 hex digits of the URL's SHA-256, which is as stable as the URL.
 */
import { createHash } from 'node:crypto';
import { slugProblem } from '../core/article.js';
import type { SlugSource } from './config-schema.js';

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function slugify(text: string, maxChars: number): string {
  let s = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length > maxChars) {
    const cut = s.slice(0, maxChars);
    const hyphen = cut.lastIndexOf('-');
    s = (hyphen > maxChars / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/, '');
  }
  return s;
}

export function slugFromUrl(canonicalUrl: string, options: { from: SlugSource; maxChars: number }): string {
  const url = new URL(canonicalUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(decode);
  const picked = options.from === 'path' ? segments : segments.slice(-1);
  const text = picked.map((s, i) => (i === picked.length - 1 ? s.replace(/\.(s?html?|php|aspx?|jsp)$/i, '') : s)).join('-');
  const slug = slugify(text, options.maxChars);
  // A slug of letters needs at least one letter or digit from the URL; "p-<hash>" otherwise.
  if (slug && slugProblem(slug, options.maxChars) === null) return slug;
  return `p-${createHash('sha256').update(url.href).digest('hex').slice(0, 12)}`;
}
