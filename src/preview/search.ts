/**
 * The editors' story list: one page of stories, newest first, filtered by status, section and
 * language, and optionally by a title search. The store has no text index, so a search scans
 * newest first in batches and stops after a bounded number of stories, offering to continue.
 */
import type { StoredArticle } from '../core/article.js';
import { encodeCursor } from '../store/cursor.js';
import type { ArticleStore, ListQuery } from '../store/types.js';

/** Stories per list page. */
export const LIST_PAGE_SIZE = 25;
/** A title search reads at most this many stories per page view, then offers to continue. */
export const SEARCH_SCAN_LIMIT = 2000;
const SEARCH_BATCH = 200;

export interface StoryListQuery {
  /** Case-insensitive substring of the headline or slug; empty lists everything. */
  q: string;
  status: 'all' | 'published' | 'draft';
  section: string;
  lang: string;
  cursor?: string;
}

export interface StoryListPage {
  items: StoredArticle[];
  nextCursor: string | null;
  /** True when the search stopped at SEARCH_SCAN_LIMIT stories before filling the page. */
  scanLimited: boolean;
}

export async function findStories(store: Pick<ArticleStore, 'list'>, query: StoryListQuery): Promise<StoryListPage> {
  const base: Omit<ListQuery, 'limit'> = { status: query.status, ...(query.section ? { section: query.section } : {}), ...(query.lang ? { lang: query.lang } : {}) };
  if (!query.q) {
    const page = await store.list({ ...base, limit: LIST_PAGE_SIZE, cursor: query.cursor || undefined });
    return { items: page.items, nextCursor: page.nextCursor, scanLimited: false };
  }
  // Simple on purpose: a case-insensitive substring of the headline (or slug), scanned newest
  // first in batches. Editors look for recent stories.
  const needle = query.q.toLocaleLowerCase('und');
  const hit = (a: StoredArticle) => a.title.toLocaleLowerCase('und').includes(needle) || a.slug.includes(needle);
  const items: StoredArticle[] = [];
  let nextCursor: string | null = null;
  let cursor = query.cursor || undefined;
  let scanned = 0;
  for (;;) {
    const page = await store.list({ ...base, limit: SEARCH_BATCH, cursor });
    for (const a of page.items) {
      scanned++;
      if (!hit(a)) continue;
      if (items.length === LIST_PAGE_SIZE) {
        const last = items[items.length - 1]!;
        nextCursor = encodeCursor({ publishedAt: last.publishedAt ?? '', slug: last.slug });
        break;
      }
      items.push(a);
    }
    if (nextCursor || !page.nextCursor) return { items, nextCursor, scanLimited: false };
    cursor = page.nextCursor;
    if (scanned >= SEARCH_SCAN_LIMIT) return { items, nextCursor: cursor, scanLimited: true };
  }
}
