/**
 * One sync run: read a source (feed, sitemap, sitemap index, WordPress API page or one
 * article page), read every story's page, build each article by trust and store it through
 * the ArticleStore's `put`, exactly as `PUT /api/articles/:slug` does. Returns the report.
 *
 * Per story the outcome is one of: created, updated (with the fields that changed),
 * unchanged, unpublished (its page answered 404/410: set to draft, never deleted), collision
 * (a different canonical URL already holds that slug: reported, not overwritten) or failed
 * (with the reason; nothing written).
 */
import { articleOptions, isAbsoluteHttpUrl, type Article, type StoredArticle } from '../core/article.js';
import { formatProblems, isSharecardError, SharecardError } from '../core/errors.js';
import { buildStoredArticle } from '../core/stored-article.js';
import type { ArticleLimits } from '../core/limits.js';
import type { ArticleStore } from '../store/types.js';
import { buildArticle } from './build-article.js';
import type { IngestConfig, SourceConfig } from './config-schema.js';
import type { SourceEntry } from './facts.js';
import { FetchFailed, type Fetcher, type FetchResult } from './fetcher.js';
import { parsePage } from './parse-page.js';
import { parseSource, type SourceKind } from './parse-source.js';
import { slugFromUrl } from './slug.js';
import type { IngestState } from './state.js';

export const syncActions = ['created', 'updated', 'unchanged', 'unpublished', 'collision', 'failed'] as const;
export type SyncAction = (typeof syncActions)[number];

export interface SyncItem {
  /** The page that was read. */
  url: string;
  action: SyncAction;
  slug?: string;
  /** Why it failed, or what the collision is with. */
  reason?: string;
  /** Updated: the article fields that changed. */
  fields?: string[];
}

export interface SyncReport {
  source: string;
  kind: SourceKind;
  dryRun: boolean;
  /** Stories listed by the source (before --limit). */
  found: number;
  counts: Record<SyncAction, number>;
  items: SyncItem[];
  /** Problems with the source's parts that did not stop the run (a child sitemap that failed). */
  warnings: string[];
}

export interface SyncDeps {
  store: ArticleStore;
  state: IngestState;
  fetcher: Fetcher;
  config: {
    ingest: IngestConfig;
    limits: ArticleLimits;
    site: { lang: string };
    sources: SourceConfig[];
    /** To warn when stored photos are on origins the image loader will refuse. */
    images?: { allowedOrigins: string[]; localRoots: Record<string, string> };
  };
  now?: () => Date;
}

export interface SyncOptions {
  url: string;
  /** Origins besides the source's own whose pages may be read. */
  origins?: readonly string[];
  dryRun?: boolean;
  /** Most stories to read (never more than ingest.maxStories). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
}

const ACCEPT_SOURCE = 'application/feed+json, application/json;q=0.9, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';
const ACCEPT_PAGE = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** The article fields a run compares to tell "updated" from "unchanged". */
const ARTICLE_FIELDS = ['url', 'title', 'description', 'kicker', 'section', 'tags', 'authors', 'image', 'publishedAt', 'updatedAt', 'lang', 'status', 'template', 'contentHtml'] as const;

function changedFields(before: StoredArticle, after: StoredArticle): string[] {
  return ARTICLE_FIELDS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function articleOf(stored: StoredArticle): Article {
  const { slug: _s, dir: _d, revision: _r, createdAt: _c, modifiedAt: _m, ...article } = stored;
  return article;
}

function reasonOf(err: unknown): string {
  if (err instanceof FetchFailed) return err.message;
  if (isSharecardError(err)) return err.problems.length ? `${err.message}: ${formatProblems(err.problems).replace(/\n/g, '; ')}` : err.message;
  return (err as Error)?.message ?? String(err);
}

/**
 * Hero images are not fetched here: cards load them later through the guarded image loader
 * (src/images), which reads only `images.allowedOrigins` and `images.localRoots`. Say so when
 * stored photos are elsewhere, or the cards will quietly be drawn without them.
 */
function imageWarnings(urls: Set<string>, images: SyncDeps['config']['images']): string[] {
  if (!images) return [];
  const allowed = new Set(images.allowedOrigins.map((o) => new URL(o).origin));
  const refused = new Set<string>();
  for (const u of urls) {
    if (allowed.has(new URL(u).origin) || Object.keys(images.localRoots).some((prefix) => u.startsWith(prefix))) continue;
    refused.add(new URL(u).origin);
  }
  return [...refused].map((o) => `photos on ${o} are not in images.allowedOrigins: cards will be drawn without them until it is added`);
}

type Page = Extract<FetchResult, { status: 200 }>;

interface Listing {
  kind: SourceKind;
  entries: SourceEntry[];
  sitemaps: string[];
  /** Set when the source is itself an article page: its body, read once. */
  page?: Page;
  /** WordPress: how many pages of posts there are. */
  pages?: number | null;
  /** The URL the listing was read from (a site's page hands over to the feed it links). */
  from: string;
}

export async function runSync(deps: SyncDeps, options: SyncOptions): Promise<SyncReport> {
  const { store, state, fetcher, config } = deps;
  const now = deps.now ?? (() => new Date());
  const dryRun = options.dryRun ?? false;
  let source: URL;
  try {
    source = new URL(options.url);
    if (source.protocol !== 'http:' && source.protocol !== 'https:') throw new Error();
  } catch {
    throw new SharecardError('invalid_input', 'The source must be an absolute http: or https: URL', { problems: [{ path: ['url'], message: 'must be an absolute http: or https: URL' }] });
  }
  const configured = config.sources.filter((s) => s.url === source.href).flatMap((s) => s.origins);
  const bad = (options.origins ?? []).map((o, i) => ({ o, i })).filter(({ o }) => !isAbsoluteHttpUrl(o));
  if (bad.length) {
    throw new SharecardError('invalid_input', 'Every origin must be an absolute http: or https: URL', {
      problems: bad.map(({ i }) => ({ path: ['origins', i], message: 'must be an absolute http: or https: URL' })),
    });
  }
  const origins = new Set([source.origin, ...[...configured, ...(options.origins ?? [])].map((o) => new URL(o).origin)]);
  const parseOptions = articleOptions(config);
  const warnings: string[] = [];
  const maxStories = Math.min(options.limit ?? Infinity, config.ingest.maxStories);
  const imageUrls = new Set<string>();

  /**
   * Reads a listing (the source, a child sitemap, a feed the source page points to) with its
   * remembered validators and entries.
   */
  async function readListing(url: string, trusted: boolean): Promise<Listing> {
    const listing = await readOne(url, trusted);
    // WordPress answers its posts a page at a time; read the following pages (one after the
    // other), unless the URL names a page itself.
    if (listing.kind === 'wordpress' && listing.from === url && (listing.pages ?? 1) > 1 && !new URL(url).searchParams.has('page')) {
      const last = Math.min(listing.pages!, config.ingest.maxSitemaps);
      if (listing.pages! > last) warnings.push(`read the first ${last} of ${listing.pages} pages of posts (ingest.maxSitemaps)`);
      for (let p = 2; p <= last && listing.entries.length < maxStories; p++) {
        const next = new URL(url);
        next.searchParams.set('page', String(p));
        listing.entries = [...listing.entries, ...(await readOne(next.href, false)).entries];
      }
    }
    return listing;
  }

  async function readOne(url: string, trusted: boolean): Promise<Listing> {
    const prev = await state.get(url);
    let r = await fetcher.get(url, { origins, trusted, accept: ACCEPT_SOURCE, validators: prev?.entries ? prev : undefined });
    // The source moved within its host (http → https): its pages live where it now is.
    if (trusted) origins.add(new URL(r.url).origin);
    if (r.status === 304 && prev?.entries && prev.kind) return { kind: prev.kind as SourceKind, entries: prev.entries, sitemaps: [], pages: prev.pages, from: url };
    if (r.status === 304) r = await fetcher.get(url, { origins, trusted, accept: ACCEPT_SOURCE });
    if (r.status !== 200) throw new FetchFailed(`HTTP ${r.status}`);
    let parsed;
    try {
      parsed = parseSource(r.text, r.contentType, r.url);
    } catch (err) {
      throw new FetchFailed(`cannot read ${r.url}: ${(err as Error).message}`);
    }
    if (parsed.kind === 'page') {
      // The operator named a site's page (its home, a section) rather than an article: read
      // what it points to, the WordPress API first (richer, with Yoast's data), else its feed.
      const { discovery } = parsePage(r.text, r.url);
      const next = discovery.isSitePage ? (discovery.wordpressPosts ?? discovery.feeds[0]) : undefined;
      if (trusted && next) {
        warnings.push(`${r.url} is not an article: read ${next}, which it links to`);
        return readListing(next, false);
      }
      if (trusted && discovery.isSitePage) throw new FetchFailed(`${r.url} is a site's page, not an article, and links no feed or WordPress API`);
      // An article page is not a listing: its own body is the story, read once.
      return { ...parsed, page: r, from: url };
    }
    if (!dryRun && parsed.kind !== 'sitemap-index') {
      await state.set(url, { etag: r.etag, lastModified: r.lastModified, slug: null, entries: parsed.entries, kind: parsed.kind, pages: r.totalPages });
    }
    return { ...parsed, pages: r.totalPages, from: url };
  }

  let listing: Listing;
  try {
    listing = await readListing(source.href, true);
  } catch (err) {
    throw new SharecardError('upstream_failed', `Cannot read the source ${source.href}: ${reasonOf(err)}`, { cause: err });
  }
  const kind = listing.kind;
  let entries = listing.entries;
  if (kind === 'sitemap-index') {
    const children = listing.sitemaps.slice(0, config.ingest.maxSitemaps);
    if (listing.sitemaps.length > children.length) warnings.push(`read the first ${children.length} of ${listing.sitemaps.length} sitemaps (ingest.maxSitemaps)`);
    const results = await Promise.allSettled(children.map((c) => readListing(c, false)));
    entries = [];
    results.forEach((res, i) => {
      if (res.status === 'fulfilled' && res.value.kind !== 'page' && res.value.kind !== 'sitemap-index') entries.push(...res.value.entries);
      else warnings.push(`sitemap ${children[i]}: ${res.status === 'rejected' ? reasonOf(res.reason) : `is a ${res.value.kind}, not a sitemap`}`);
    });
  }

  const seen = new Set<string>();
  entries = entries.filter((e) => !seen.has(e.pageUrl) && seen.add(e.pageUrl));
  const found = entries.length;
  if (entries.length > maxStories) entries = entries.slice(0, maxStories);

  async function storyFrom(entry: SourceEntry, page: Page): Promise<SyncItem> {
    const facts = parsePage(page.text, page.url);
    const article = buildArticle([facts.jsonLd, facts.meta, facts.document, entry.facts, facts.fallback], page.url, parseOptions);
    const slug = slugFromUrl(article.url, { from: config.ingest.slugFrom, maxChars: config.limits.maxSlugChars });
    const existing = await store.get(slug);
    if (existing && existing.url !== article.url) {
      return { url: entry.pageUrl, action: 'collision', slug, reason: `slug "${slug}" already holds ${existing.url}` };
    }
    if (article.image) imageUrls.add(article.image.url);
    const built = buildStoredArticle(slug, article, existing, now());
    let action: SyncAction;
    if (dryRun) action = !existing ? 'created' : existing.revision === built.revision ? 'unchanged' : 'updated';
    else {
      const result = await store.put(slug, article);
      action = result.created ? 'created' : result.changed ? 'updated' : 'unchanged';
      await state.set(entry.pageUrl, { etag: page.etag, lastModified: page.lastModified, slug, entries: null, kind: null });
    }
    return { url: entry.pageUrl, action, slug, ...(action === 'updated' && existing ? { fields: changedFields(existing, built) } : {}) };
  }

  async function story(entry: SourceEntry): Promise<SyncItem> {
    try {
      if (listing.page) return await storyFrom(entry, listing.page);
      const prev = await state.get(entry.pageUrl);
      const known = prev?.slug ? await store.get(prev.slug) : null;
      // Validators only when the story they were saved with is still stored: a 304 must mean "as stored".
      const r = await fetcher.get(entry.pageUrl, { origins, accept: ACCEPT_PAGE, validators: known ? prev! : undefined });
      if (r.status === 304) return { url: entry.pageUrl, action: 'unchanged', slug: known!.slug };
      if (r.status !== 200) {
        if (!known) return { url: entry.pageUrl, action: 'failed', reason: `HTTP ${r.status}` };
        if (known.status === 'draft') return { url: entry.pageUrl, action: 'unchanged', slug: known.slug };
        if (!dryRun) await store.put(known.slug, { ...articleOf(known), status: 'draft' });
        return { url: entry.pageUrl, action: 'unpublished', slug: known.slug, reason: `HTTP ${r.status}` };
      }
      return await storyFrom(entry, r);
    } catch (err) {
      return { url: entry.pageUrl, action: 'failed', reason: reasonOf(err) };
    }
  }

  let done = 0;
  options.onProgress?.(0, entries.length);
  // The fetcher bounds concurrency and spaces requests per host; results keep the source's order.
  const items = await Promise.all(
    entries.map(async (e) => {
      const item = await story(e);
      options.onProgress?.(++done, entries.length);
      return item;
    }),
  );
  warnings.push(...imageWarnings(imageUrls, config.images));
  const counts = Object.fromEntries(syncActions.map((a) => [a, items.filter((i) => i.action === a).length])) as Record<SyncAction, number>;
  return { source: source.href, kind, dryRun, found, counts, items, warnings };
}
