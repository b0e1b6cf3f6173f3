/**
 * Merges what every source says about a story into one article, field by field in order of
 * trust (the first layer that has a field wins), then validates it with the same parser as
 * `PUT /api/articles/:slug`. Pure.
 *
 * Layers, most trusted first: the page's JSON-LD, its meta tags, the document (<link
 * rel=canonical>, <html lang>), what the feed, sitemap or API said, and last the page's <title>.
 */
import { canonicalLang, parseArticle, type Article, type ArticleInput, type ParseArticleOptions } from '../core/article.js';
import { defaultArticleLimits, type ArticleLimits } from '../core/limits.js';
import type { FactAuthor, Facts } from './facts.js';

const FIELDS = ['url', 'title', 'description', 'section', 'tags', 'authors', 'image', 'publishedAt', 'updatedAt', 'lang'] as const;

/** The first value of each field across `layers` (most trusted first). */
export function mergeFacts(layers: readonly Facts[]): Facts {
  const out: Facts = {};
  for (const field of FIELDS) {
    const layer = layers.find((l) => l[field] !== undefined && l[field] !== null);
    if (layer) (out as Record<string, unknown>)[field] = layer[field];
  }
  // An image's alt text may come from a lower layer that names the same picture.
  if (out.image && !out.image.alt) {
    const alt = layers.find((l) => l.image?.url === out.image!.url && l.image.alt)?.image?.alt;
    if (alt) out.image = { ...out.image, alt };
  }
  return out;
}

/** Cuts text to `max` characters (code points, as the article schema counts), ending with an ellipsis. */
function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function dedupeAuthors(list: FactAuthor[], limits: ArticleLimits): FactAuthor[] {
  const seen = new Set<string>();
  const out: FactAuthor[] = [];
  for (const a of list) {
    const key = a.name.toLocaleLowerCase('und');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...a, name: clip(a.name, limits.maxAuthorNameChars) });
  }
  return out.slice(0, limits.maxAuthors);
}

/**
 * The article body for merged facts, shaped as a PUT body: text clipped to the configured
 * limits (a long description is cut, not refused), an updatedAt before publishedAt dropped,
 * a malformed language dropped (the site's language applies). The URL is `fallbackUrl` (where
 * the page was read) when no layer names a canonical one.
 */
export function toArticleInput(facts: Facts, fallbackUrl: string, limits: ArticleLimits = defaultArticleLimits): ArticleInput {
  const input: ArticleInput = { url: facts.url ?? fallbackUrl, title: clip(facts.title ?? '', limits.maxTitleChars), status: 'published' };
  if (facts.description) input.description = clip(facts.description, limits.maxDescriptionChars);
  if (facts.section) input.section = clip(facts.section, limits.maxSectionChars);
  if (facts.tags?.length) input.tags = facts.tags.map((t) => clip(t, limits.maxTagChars)).slice(0, limits.maxTags);
  if (facts.authors?.length) input.authors = dedupeAuthors(facts.authors, limits);
  if (facts.image) {
    const { url, alt, width, height } = facts.image;
    input.image = { url, ...(alt ? { alt: clip(alt, limits.maxAltChars) } : {}), ...(width && height ? { width, height } : {}) };
  }
  if (facts.publishedAt) input.publishedAt = facts.publishedAt;
  if (facts.updatedAt && !(facts.publishedAt && facts.updatedAt < facts.publishedAt)) input.updatedAt = facts.updatedAt;
  const lang = facts.lang ? canonicalLang(facts.lang) : undefined;
  if (lang) input.lang = lang;
  return input;
}

/** Merges the layers and validates: throws SharecardError('invalid_input') naming each bad field. */
export function buildArticle(layers: readonly Facts[], fallbackUrl: string, options: ParseArticleOptions): Article {
  const facts = mergeFacts(layers);
  return parseArticle(toArticleInput(facts, fallbackUrl, options.limits ?? defaultArticleLimits), options);
}
