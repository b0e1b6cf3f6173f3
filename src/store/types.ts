/**
 * ArticleStore: where articles live. The embedded SQLite store is the default; PostgreSQL
 * serves many replicas. Both pass the same contract suite (test/store-contract.ts).
 */
import type { Article, ArticleStatus, StoredArticle } from '../core/article.js';

export interface ListQuery {
  section?: string;
  tag?: string;
  author?: string;
  lang?: string;
  /** Default 'published'. */
  status?: ArticleStatus | 'all';
  /** 1..500 */
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  /** Skip this many (feed paging); combine with limit. Ignored when cursor is set. */
  offset?: number;
}

export interface ListResult {
  items: StoredArticle[];
  nextCursor: string | null;
}

export interface PutResult {
  article: StoredArticle;
  created: boolean;
  /** False when the stored article was already identical (same revision): nothing was written. */
  changed: boolean;
}

/**
 * The store's global change stamp: one row, bumped in the same transaction as every put that
 * changed something and every delete that removed something. Feeds (src/feed-service/) compare it
 * to decide whether anything may have changed, so thousands of polling readers cost one
 * primary-key read each.
 */
export interface ChangeStamp {
  /** Strictly increases with every committed change; 0 before the first. */
  value: number;
  /** Server time (ISO 8601, UTC) of the last change, never decreasing; the Unix epoch before the first. */
  changedAt: string;
}

export interface ArticleStore {
  readonly kind: 'sqlite' | 'postgres';
  get(slug: string): Promise<StoredArticle | null>;
  /** Creates or replaces atomically. `revision` is computed by the store from the article. */
  put(slug: string, article: Article): Promise<PutResult>;
  delete(slug: string): Promise<boolean>;
  /** Newest first by publishedAt, then slug. */
  list(query: ListQuery): Promise<ListResult>;
  /** Counts matching articles (for feed paging). */
  count(query: Omit<ListQuery, 'limit' | 'cursor' | 'offset'>): Promise<number>;
  /**
   * The current change stamp, in one primary-key read of the shared database (never cached
   * in-process by the store: a write through another replica must be visible at once).
   */
  changeStamp(): Promise<ChangeStamp>;
  /**
   * Ends an editor session before it expires (preview logout). Kept here because the store is
   * the one state every replica shares: each of them refuses the session from then on.
   * Entries are dropped once `expiresAt` (Unix seconds) has passed, when the cookie is dead anyway.
   */
  revokeSession(id: string, expiresAt: number): Promise<void>;
  isSessionRevoked(id: string): Promise<boolean>;
  /** Cheap check that the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
