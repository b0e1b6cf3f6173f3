/**
 * Ghost's post webhooks (post.published, post.published.edited, post.unpublished,
 * post.deleted). Ghost signs each delivery with the integration's secret:
 *
 *   X-Ghost-Signature: sha256=<hex HMAC-SHA256 of (body + t)>, t=<Unix time in ms>
 *
 * (Ghost's webhook trigger: ghost/core/core/server/services/webhooks/webhook-trigger.js).
 * The payload is `{ post: { current, previous } }`; a deleted post has an empty `current`.
 * Ghost does not name the event in the body, so the post's state says what to do: a current
 * post with status "published" is stored; anything else unpublishes the story (status draft).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { articleOptions, type Article } from '../core/article.js';
import { SharecardError } from '../core/errors.js';
import type { ArticleLimits } from '../core/limits.js';
import type { ArticleStore } from '../store/types.js';
import { buildArticle } from './build-article.js';
import type { IngestConfig } from './config-schema.js';
import { compactFacts, type FactAuthor, type Facts } from './facts.js';
import { resolveUrl, textOf, toIsoDate } from './parse-text.js';
import { slugFromUrl } from './slug.js';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks `X-Ghost-Signature` over the raw body bytes, in constant time, and the timestamp's age. */
export function verifyGhostSignature(body: Uint8Array, header: string | undefined, secret: string, nowMs: number, maxAgeSeconds: number): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing X-Ghost-Signature' };
  const parts = new Map<string, string>();
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) parts.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  const given = parts.get('sha256');
  const t = parts.get('t');
  if (!given || !/^[0-9a-f]{64}$/i.test(given) || !t || !/^\d{1,16}$/.test(t)) {
    return { ok: false, reason: 'X-Ghost-Signature must be "sha256=<hex>, t=<ms>"' };
  }
  const expected = createHmac('sha256', secret).update(body).update(t).digest();
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, reason: 'X-Ghost-Signature does not match' };
  if (Math.abs(nowMs - Number(t)) > maxAgeSeconds * 1000) return { ok: false, reason: 'X-Ghost-Signature is too old (ghost.maxSignatureAgeSeconds)' };
  return { ok: true };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a Ghost post says about the story, as the page Ghost renders would: its JSON-LD layer first. */
export function ghostPostFacts(post: Json): Facts {
  const url = resolveUrl(post.canonical_url, String(post.url ?? '')) ?? resolveUrl(post.url, 'http://invalid/');
  const base = url ?? 'http://invalid/';
  // Internal tags (#name) are for theming, not readers: https://ghost.org/help/organise-content/#internal-tags
  const tags = (Array.isArray(post.tags) ? post.tags : [])
    .filter(isObj)
    .filter((t) => t.visibility !== 'internal' && !String(t.name ?? '').startsWith('#'))
    .map((t) => textOf(t.name))
    .filter((t): t is string => Boolean(t));
  const authors: FactAuthor[] = (Array.isArray(post.authors) ? post.authors : [])
    .filter(isObj)
    .map((a) => ({ name: textOf(a.name) ?? '', url: resolveUrl(a.url, base) }))
    .filter((a) => a.name)
    .map((a) => (a.url ? { name: a.name, url: a.url } : { name: a.name }));
  const image = resolveUrl(post.feature_image, base) ?? resolveUrl(post.og_image, base);
  const alt = textOf(post.feature_image_alt);
  const primary = isObj(post.primary_tag) && post.primary_tag.visibility !== 'internal' ? textOf(post.primary_tag.name) : undefined;
  return compactFacts({
    url,
    title: textOf(post.title) ?? textOf(post.og_title) ?? textOf(post.meta_title),
    description: textOf(post.custom_excerpt) ?? textOf(post.meta_description) ?? textOf(post.og_description) ?? textOf(post.excerpt),
    section: primary,
    tags,
    authors,
    image: image ? (alt ? { url: image, alt } : { url: image }) : undefined,
    publishedAt: toIsoDate(post.published_at),
    updatedAt: toIsoDate(post.updated_at),
  });
}

export interface GhostResult {
  action: 'created' | 'updated' | 'unchanged' | 'unpublished' | 'ignored';
  slug?: string;
  reason?: string;
}

export interface GhostDeps {
  store: ArticleStore;
  config: { ingest: IngestConfig; limits: ArticleLimits; site: { lang: string } };
}

/** Applies one verified delivery to the store. Throws SharecardError('invalid_input') for a payload that is not a post webhook. */
export async function applyGhostDelivery(payload: unknown, deps: GhostDeps): Promise<GhostResult> {
  if (!isObj(payload) || !isObj(payload.post)) {
    throw new SharecardError('invalid_input', 'Not a Ghost post webhook', { problems: [{ path: ['post'], message: 'is required' }] });
  }
  const current = isObj(payload.post.current) ? payload.post.current : {};
  const previous = isObj(payload.post.previous) ? payload.post.previous : {};
  const slugOptions = { from: deps.config.ingest.slugFrom, maxChars: deps.config.limits.maxSlugChars };

  if (current.status === 'published') {
    const article = buildArticle([ghostPostFacts(current)], '', articleOptions(deps.config));
    const slug = slugFromUrl(article.url, slugOptions);
    const existing = await deps.store.get(slug);
    if (existing && existing.url !== article.url) {
      throw new SharecardError('invalid_input', `Slug "${slug}" already holds a different story (${existing.url}); not overwritten`);
    }
    const result = await deps.store.put(slug, article);
    return { action: result.created ? 'created' : result.changed ? 'updated' : 'unchanged', slug };
  }

  // Unpublished (current has another status) or deleted (current is empty). A draft's `url` is
  // its preview (/p/<uuid>/) and `previous` holds only the keys that changed, so the story is
  // found by every URL the delivery names and by Ghost's own slug (the last segment of the
  // published URL), and taken only when the stored story's URL confirms it.
  const post = { ...previous, ...current };
  const urls = [previous.canonical_url, previous.url, current.canonical_url, current.url]
    .map((u) => resolveUrl(u, 'http://invalid/'))
    .filter((u): u is string => Boolean(u) && !new URL(u!).pathname.startsWith('/p/'));
  const ghostSlug = typeof post.slug === 'string' ? post.slug : undefined;
  const candidates = [...new Set([...urls.map((u) => slugFromUrl(u, slugOptions)), ...(ghostSlug ? [slugFromUrl(`http://invalid/${encodeURIComponent(ghostSlug)}/`, slugOptions)] : [])])];
  const lastSegment = (u: string) => new URL(u).pathname.split('/').filter(Boolean).pop();
  let existing = null;
  for (const candidate of candidates) {
    const a = await deps.store.get(candidate);
    if (a && (urls.includes(a.url) || (ghostSlug !== undefined && lastSegment(a.url) === ghostSlug))) {
      existing = a;
      break;
    }
  }
  if (!existing) return { action: 'ignored', reason: 'no stored story for this post' };
  const slug = existing.slug;
  if (existing.status === 'draft') return { action: 'unchanged', slug };
  const { slug: _s, dir: _d, revision: _r, createdAt: _c, modifiedAt: _m, ...article } = existing;
  await deps.store.put(slug, { ...(article as Article), status: 'draft' });
  return { action: 'unpublished', slug };
}
