/**
 * Turns a validated article into the stored form: fills the publication date, derives the
 * direction and revision, and keeps creation time across replaces. Pure: `now` comes in.
 */
import { articleDirection, type Article, type StoredArticle } from './article.js';
import { computeRevision } from './revision.js';
import { keyOf } from './text.js';

export function buildStoredArticle(slug: string, input: Article, existing: StoredArticle | null, now: Date): StoredArticle {
  // An article without a publication date keeps the one it was first given, so PUTting the same
  // body again is idempotent (same revision, no change). A draft's date is provisional: the
  // save that publishes it dates it, or a story drafted last week would enter the feeds dated
  // last week, below everything published since.
  const publishing = input.status === 'published' && existing?.status === 'draft';
  const kept = publishing ? undefined : existing?.publishedAt;
  const article: Article = { ...input, publishedAt: input.publishedAt ?? kept ?? now.toISOString() };
  const revision = computeRevision(slug, article);
  const nowIso = now.toISOString();
  return {
    ...article,
    slug,
    dir: articleDirection(article),
    revision,
    createdAt: existing?.createdAt ?? nowIso,
    modifiedAt: existing && existing.revision === revision ? existing.modifiedAt : nowIso,
  };
}

/** The grouping keys an article is listed under (feeds and filters). */
export function articleKeys(a: Article): { section: string | null; tags: string[]; authors: string[]; lang: string } {
  return {
    section: a.section ? keyOf(a.section) : null,
    tags: [...new Set(a.tags.map(keyOf).filter(Boolean))],
    authors: [...new Set(a.authors.map((x) => keyOf(x.name)).filter(Boolean))],
    lang: a.lang.toLowerCase(),
  };
}
