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
  /** Cheap check that the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
