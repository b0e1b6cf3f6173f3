/**
 * The feed model: everything the RSS, Atom and JSON Feed serializers need, built from stored
 * articles and configuration by one pure function. Every string is cleaned again here (config
 * text never went through the article schema, and `feed` 6 passes XML-invalid characters
 * through), every URL is absolute (`feed` 6 throws on relative links), and every date comes
 * from the data, never from the clock, so the same data always gives the same bytes.
 *
 * @example
 *   const model = buildFeedModel({ site, feeds, publicUrl, page: 1, pageCount: 1, paging: 'query',
 *     articles, emptyUpdated: '1970-01-01T00:00:00.000Z' });
 */
import { isAbsoluteHttpUrl, type StoredArticle } from '../article.js';
import { mimeOf, preferredFormat } from '../card-choice.js';
import { cardUrl, feedUrl, publicUrl, staticFeedFile, type FeedFormat, type FeedScope } from '../links.js';
import { presets } from '../presets.js';
import { articleKeys } from '../stored-article.js';
import { cleanLine, cleanText, keyOf } from '../text.js';

export interface FeedScopeRef {
  scope: FeedScope;
  /** The key from `articleKeys` (src/core/stored-article.ts): "united-states", "fa". */
  value: string;
}

/**
 * How RFC 5005 paging links address a page: `query` (`rss.xml?page=2`, what the HTTP routes
 * answer) or `files` (`rss-2.xml`, what the static export writes, since a static host cannot
 * answer a query).
 */
export type FeedPaging = 'query' | 'files';

export interface FeedBuildInput {
  site: { name: string; url: string; lang: string; logo?: string | null };
  feeds: { title?: string; description?: string; hub?: string | null };
  /** Public base URL of this service; feed and card URLs hang off it. */
  publicUrl: string;
  scope?: FeedScopeRef;
  /** 1-based page number. */
  page: number;
  /** How many pages the feed has, already capped at `feeds.maxPages`. */
  pageCount: number;
  paging: FeedPaging;
  /** Published articles of this page, newest first. */
  articles: readonly StoredArticle[];
  /** The document date when there are no articles (the store's last change time). */
  emptyUpdated: string;
}

export interface FeedImage {
  url: string;
  /** MIME type, when known from the card format or the file name. */
  type?: string;
  width?: number;
  height?: number;
  alt?: string;
  credit?: string;
}

export interface FeedCategory {
  /** Grouping key, as in the scope feed URLs. */
  term: string;
  /** Display text. */
  label: string;
  /** Absolute URL of the taxonomy: the scope's feed folder. */
  scheme: string;
}

export interface FeedItem {
  /** Stable id (RFC 4151 tag URI): unchanged by edits, canonical URL moves and config changes of publicUrl. */
  id: string;
  url: string;
  title: string;
  /** Plain text. */
  description?: string;
  /** HTML as the CMS sent it (cleaned of XML-invalid characters). */
  contentHtml?: string;
  lang: string;
  published: string;
  /** The publisher's last significant update (updatedAt, else publishedAt). */
  updated: string;
  authors: { name: string; url?: string }[];
  categories: FeedCategory[];
  /** The share card (preset og, the article's preferred format). Its byte length is unknown until rendered. */
  card: Required<Pick<FeedImage, 'url' | 'type' | 'width' | 'height'>>;
  hero?: FeedImage;
}

export interface FeedLinks {
  /** This document (page N). */
  self: string;
  /** The feed's identity: the unpaged URL. */
  feed: string;
  first?: string;
  previous?: string;
  next?: string;
  last?: string;
}

export interface FeedModel {
  title: string;
  description: string;
  /** BCP 47, lower case region as RSS readers expect it ("en", "pt-br"). */
  language: string;
  homeUrl: string;
  logo?: string;
  /** Newest change among the items (ISO 8601). */
  updated: string;
  hub?: string;
  author: { name: string; url: string };
  links: Record<FeedFormat, FeedLinks>;
  items: FeedItem[];
}

const EPOCH = '1970-01-01T00:00:00.000Z';

/** MIME types by file extension, for hero images; unknown extensions get no type (it is optional in Media RSS). */
const IMAGE_TYPES: Readonly<Record<string, string>> = Object.freeze({
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
});

/** Logos in RSS <image> must be GIF, JPEG or PNG (RSS 2.0 spec, "<image> sub-element"). */
const RASTER_LOGO = /\.(png|jpe?g|gif)$/i;

function absoluteOrUndefined(url: string | null | undefined): string | undefined {
  return url && isAbsoluteHttpUrl(url) ? new URL(url).href : undefined;
}

function pagedUrl(input: FeedBuildInput, format: FeedFormat, page: number): string {
  const { publicUrl: base, scope } = input;
  if (input.paging === 'files') return feedUrl(base, format, scope, staticFeedFile(format, page));
  const u = feedUrl(base, format, scope);
  if (page <= 1) return u;
  const url = new URL(u);
  url.searchParams.set('page', String(page));
  return url.href;
}

function linksFor(input: FeedBuildInput, format: FeedFormat): FeedLinks {
  const { publicUrl: base, scope, page } = input;
  const links: FeedLinks = { self: pagedUrl(input, format, page), feed: feedUrl(base, format, scope) };
  // RFC 5005 §3: paged feeds link first/last/previous/next; a one-page feed needs none.
  if (input.pageCount > 1) {
    links.first = pagedUrl(input, format, 1);
    links.last = pagedUrl(input, format, input.pageCount);
    if (page > 1) links.previous = pagedUrl(input, format, page - 1);
    if (page < input.pageCount) links.next = pagedUrl(input, format, page + 1);
  }
  return links;
}

/** Stored articles always have publishedAt (buildStoredArticle fills it); the type allows none. */
function publishedOf(a: StoredArticle): string {
  return a.publishedAt ?? a.createdAt;
}

/** RFC 4151 tag URI from the site's host and the story's publication day and slug. */
function itemId(siteUrl: string, a: StoredArticle): string {
  return `tag:${new URL(siteUrl).hostname},${publishedOf(a).slice(0, 10)}:${a.slug}`;
}

function imageTypeOf(url: string): string | undefined {
  const ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return IMAGE_TYPES[ext];
}

function categoriesOf(base: string, a: StoredArticle): FeedCategory[] {
  const out: FeedCategory[] = [];
  const seen = new Set<string>();
  const add = (scope: FeedScope, label: string) => {
    const clean = cleanLine(label);
    const term = keyOf(clean);
    if (!term || seen.has(`${scope}:${term}`)) return;
    seen.add(`${scope}:${term}`);
    out.push({ term, label: clean, scheme: publicUrl(base, ['feeds', scope]) + '/' });
  };
  if (a.section) add('sections', a.section);
  for (const t of a.tags) add('tags', t);
  return out;
}

function itemOf(input: FeedBuildInput, a: StoredArticle): FeedItem {
  const format = preferredFormat(a);
  const og = presets.og;
  const description = a.description ? cleanLine(a.description) : '';
  const contentHtml = a.contentHtml ? cleanText(a.contentHtml) : '';
  const item: FeedItem = {
    id: itemId(input.site.url, a),
    url: new URL(a.url).href,
    title: cleanLine(a.title) || new URL(a.url).href,
    ...(description ? { description } : {}),
    ...(contentHtml ? { contentHtml } : {}),
    lang: a.lang,
    published: publishedOf(a),
    updated: a.updatedAt ?? publishedOf(a),
    authors: a.authors
      .map((w) => ({ name: cleanLine(w.name), ...(absoluteOrUndefined(w.url) ? { url: absoluteOrUndefined(w.url) } : {}) }))
      .filter((w) => w.name),
    categories: categoriesOf(input.publicUrl, a),
    card: { url: cardUrl(input.publicUrl, a, 'og', format), type: mimeOf[format], width: og.width, height: og.height },
  };
  const heroUrl = absoluteOrUndefined(a.image?.url);
  if (a.image && heroUrl) {
    const type = imageTypeOf(heroUrl);
    const alt = a.image.alt ? cleanLine(a.image.alt) : '';
    const credit = a.image.credit ? cleanLine(a.image.credit) : '';
    item.hero = {
      url: heroUrl,
      ...(type ? { type } : {}),
      ...(a.image.width && a.image.height ? { width: a.image.width, height: a.image.height } : {}),
      ...(alt ? { alt } : {}),
      ...(credit ? { credit } : {}),
    };
  }
  return item;
}

/** The newest of an article's dates: what changed last in the feed (ISO strings compare as times). */
function newestDate(a: StoredArticle): string {
  return [a.modifiedAt, a.updatedAt ?? EPOCH, publishedOf(a)].reduce((m, d) => (d > m ? d : m), EPOCH);
}

/** Display name of the scope value, from the first article that carries it, else the key itself. */
function scopeLabel(scope: FeedScopeRef, articles: readonly StoredArticle[], uiLang: string): string {
  for (const a of articles) {
    if (scope.scope === 'sections' && a.section && keyOf(a.section) === scope.value) return cleanLine(a.section);
    if (scope.scope === 'tags') {
      const t = a.tags.find((x) => keyOf(x) === scope.value);
      if (t) return cleanLine(t);
    }
    if (scope.scope === 'authors') {
      const w = a.authors.find((x) => keyOf(x.name) === scope.value);
      if (w) return cleanLine(w.name);
    }
  }
  if (scope.scope === 'languages') {
    try {
      return new Intl.DisplayNames([uiLang], { type: 'language' }).of(scope.value) ?? scope.value;
    } catch {
      return scope.value;
    }
  }
  return scope.value;
}

/** Builds the format-independent feed model. Pure: no clock, no I/O. */
export function buildFeedModel(input: FeedBuildInput): FeedModel {
  const siteName = cleanLine(input.site.name) || new URL(input.site.url).hostname;
  const baseTitle = cleanLine(input.feeds.title ?? '') || siteName;
  const label = input.scope ? scopeLabel(input.scope, input.articles, input.site.lang) : '';
  const title = label ? `${baseTitle} — ${label}` : baseTitle;
  const description = cleanLine(input.feeds.description ?? '') || (label ? `${label}: latest stories from ${siteName}` : `Latest stories from ${siteName}`);
  const language = (input.scope?.scope === 'languages' ? input.scope.value : input.site.lang).toLowerCase();
  const items = input.articles.map((a) => itemOf(input, a));
  const updated = input.articles.length ? input.articles.map(newestDate).reduce((m, d) => (d > m ? d : m), EPOCH) : input.emptyUpdated;
  const logo = absoluteOrUndefined(input.site.logo);
  const hub = absoluteOrUndefined(input.feeds.hub);
  const homeUrl = new URL(input.site.url).href;
  return {
    title,
    description,
    language,
    homeUrl,
    ...(logo && RASTER_LOGO.test(new URL(logo).pathname) ? { logo } : {}),
    updated,
    ...(hub ? { hub } : {}),
    author: { name: siteName, url: homeUrl },
    links: {
      rss: linksFor(input, 'rss'),
      atom: linksFor(input, 'atom'),
      json: linksFor(input, 'json'),
    },
    items,
  };
}

/** The grouping keys (scope → values) a set of articles is listed under, sorted. */
export function scopeValuesOf(articles: Iterable<StoredArticle>): Record<FeedScope, string[]> {
  const sets: Record<FeedScope, Set<string>> = { sections: new Set(), tags: new Set(), authors: new Set(), languages: new Set() };
  for (const a of articles) {
    const k = articleKeys(a);
    if (k.section) sets.sections.add(k.section);
    for (const t of k.tags) sets.tags.add(t);
    for (const w of k.authors) sets.authors.add(w);
    sets.languages.add(k.lang);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { sections: sorted(sets.sections), tags: sorted(sets.tags), authors: sorted(sets.authors), languages: sorted(sets.languages) };
}

