/**
 * The feed service: builds feed documents from the store and keeps them in an in-process LRU
 * keyed by format, scope, value and page, tagged with the store's change stamp. A request
 * costs one primary-key read of the stamp; the feed is rebuilt only after a write changed
 * something. The stamp lives in the shared database, so a write through any replica shows up
 * in every replica's next response (or within `feeds.changeCheckMs` when that is set).
 *
 * Validators: the ETag is a hash of the exact bytes (strong, RFC 9110 §8.8.3). Last-Modified
 * is the store's last change time, not the newest item's date: a deletion, an unpublished
 * story or a page shift changes a feed without making any item in it newer, and a validator
 * that does not move then would keep readers on a stale copy (RFC 9110 §8.8.2).
 *
 * @example
 *   const feeds = createFeedService({ store, config });
 *   const doc = await feeds.get({ format: 'rss', scope: { scope: 'tags', value: 'iran' }, page: 1 });
 */
import { LRUCache } from 'lru-cache';
import type { Config } from '../config/schema.js';
import type { StoredArticle } from '../core/article.js';
import { SharecardError } from '../core/errors.js';
import { buildFeedModel, renderFeed, scopeValuesOf, type FeedPaging, type FeedScopeRef } from '../core/feeds/index.js';
import { feedScopes, type FeedFormat } from '../core/links.js';
import { keyOf } from '../core/text.js';
import type { ArticleStore, ChangeStamp, ListQuery } from '../store/types.js';
import { sha256url } from '../core/digest.js';

export interface FeedRequest {
  format: FeedFormat;
  scope?: FeedScopeRef;
  /** 1-based; default 1. */
  page?: number;
}

export interface FeedDocument {
  body: Buffer;
  contentType: string;
  /** Strong, quoted. */
  etag: string;
  /** HTTP-date (RFC 9110 §5.6.7). */
  lastModified: string;
  /** The change stamp the document was built at. */
  stamp: number;
  /** How many pages this feed has (the static export writes each). */
  pageCount: number;
}

export interface FeedService {
  /**
   * The feed document for a request, from the cache when nothing changed. Throws
   * SharecardError `not_found` for a scope value without published articles and for a page
   * past the last one or past `feeds.maxPages`.
   */
  get(request: FeedRequest): Promise<FeedDocument>;
  /**
   * Builds a page without the cache, its paging links naming the static export's files
   * (`rss-2.xml`) instead of `?page=N`: what `sharecard feeds --out` writes.
   */
  buildStatic(request: FeedRequest): Promise<FeedDocument>;
  /** Every scope value that has published articles (for the static export). */
  listScopes(): Promise<FeedScopeRef[]>;
}

export interface FeedServiceOptions {
  store: ArticleStore;
  config: Pick<Config, 'site' | 'feeds' | 'server'>;
  /** Monotonic milliseconds (tests pass a fake); default performance.now. */
  clock?: () => number;
}

interface CacheEntry {
  stamp: number;
  doc: FeedDocument;
}

/** The store query for a scope; the store maps values through keyOf itself. */
function queryFor(scope: FeedScopeRef | undefined): Omit<ListQuery, 'limit' | 'cursor' | 'offset'> {
  const q: Omit<ListQuery, 'limit' | 'cursor' | 'offset'> = { status: 'published' };
  if (scope?.scope === 'sections') q.section = scope.value;
  if (scope?.scope === 'tags') q.tag = scope.value;
  if (scope?.scope === 'authors') q.author = scope.value;
  if (scope?.scope === 'languages') q.lang = scope.value;
  return q;
}

/** True for a value in the canonical form feed URLs use (src/core/stored-article.ts articleKeys). */
export function isCanonicalScopeValue(scope: FeedScopeRef): boolean {
  if (!feedScopes.includes(scope.scope) || scope.value.length === 0 || scope.value.length > 200) return false;
  if (scope.scope === 'languages') return /^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8})*$/.test(scope.value);
  return keyOf(scope.value) === scope.value;
}

export function createFeedService(options: FeedServiceOptions): FeedService {
  const { store, config } = options;
  const clock = options.clock ?? (() => performance.now());
  const maxBytes = Math.floor(config.feeds.cacheMb * 1024 * 1024);
  const cache = maxBytes > 0 ? new LRUCache<string, CacheEntry>({ maxSize: maxBytes, sizeCalculation: (e) => e.doc.body.length + 256 }) : null;
  const inflight = new Map<string, Promise<FeedDocument>>();
  let lastStamp: { stamp: ChangeStamp; readAt: number } | null = null;

  async function currentStamp(): Promise<ChangeStamp> {
    const ttl = config.feeds.changeCheckMs;
    if (ttl > 0 && lastStamp && clock() - lastStamp.readAt < ttl) return lastStamp.stamp;
    const stamp = await store.changeStamp();
    lastStamp = { stamp, readAt: clock() };
    return stamp;
  }

  async function build(request: FeedRequest, stamp: ChangeStamp, paging: FeedPaging): Promise<FeedDocument> {
    const { format, scope } = request;
    const page = request.page ?? 1;
    if (scope && !isCanonicalScopeValue(scope)) throw new SharecardError('not_found', 'No such feed');
    const { pageSize, maxPages } = config.feeds;
    if (page > maxPages) throw new SharecardError('not_found', `Feeds have at most ${maxPages} pages (feeds.maxPages)`);
    // Read after the stamp: the data is at least as new as the stamp it is cached under, so
    // a race can only cause one extra rebuild, never a stale document under a newer stamp.
    const query = queryFor(scope);
    const total = await store.count(query);
    if (scope && total === 0) throw new SharecardError('not_found', 'No published articles in this feed');
    const pageCount = Math.min(maxPages, Math.max(1, Math.ceil(total / pageSize)));
    if (page > pageCount) throw new SharecardError('not_found', `This feed has ${pageCount} page(s)`);
    const { items } = await store.list({ ...query, limit: pageSize, offset: (page - 1) * pageSize });
    const model = buildFeedModel({
      site: config.site,
      feeds: config.feeds,
      publicUrl: config.server.publicUrl,
      ...(scope ? { scope } : {}),
      page,
      pageCount,
      paging,
      articles: items,
      emptyUpdated: stamp.changedAt,
    });
    const { body, contentType } = renderFeed(format, model);
    const bytes = Buffer.from(body, 'utf8');
    return {
      body: bytes,
      contentType,
      etag: `"${sha256url(bytes, 32)}"`,
      lastModified: new Date(stamp.changedAt).toUTCString(),
      stamp: stamp.value,
      pageCount,
    };
  }

  return {
    async get(request) {
      const stamp = await currentStamp();
      const key = [request.format, request.scope?.scope ?? '', request.scope?.value ?? '', request.page ?? 1].join('\u0000');
      const hit = cache?.get(key);
      if (hit && hit.stamp === stamp.value) return hit.doc;
      // Concurrent requests for the same feed after a change share one build.
      const flightKey = `${key}\u0000${stamp.value}`;
      let pending = inflight.get(flightKey);
      if (!pending) {
        // A change elsewhere (a draft, another section) rebuilds this feed with the same bytes:
        // it keeps its Last-Modified, which would otherwise tell the public when drafts are saved.
        const before = cache?.get(key)?.doc;
        pending = build(request, stamp, 'query')
          .then((doc) => (before && before.etag === doc.etag ? { ...doc, lastModified: before.lastModified } : doc))
          .finally(() => inflight.delete(flightKey));
        inflight.set(flightKey, pending);
      }
      const doc = await pending;
      const current = cache?.get(key);
      if (!current || current.stamp <= stamp.value) cache?.set(key, { stamp: stamp.value, doc });
      return doc;
    },
    async buildStatic(request) {
      return build(request, await store.changeStamp(), 'files');
    },
    async listScopes() {
      const articles: StoredArticle[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ status: 'published', limit: 500, ...(cursor ? { cursor } : {}) });
        articles.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const values = scopeValuesOf(articles);
      return feedScopes.flatMap((scope) => values[scope].map((value) => ({ scope, value })));
    },
  };
}
