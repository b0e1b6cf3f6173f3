/**
 * The one place a write to the article store is observed: a wrapper around an ArticleStore
 * that reports every put that changed something and every delete that removed something,
 * after it committed. The services wrap their store with it (src/services.ts), so the HTTP API,
 * `sharecard import` and any ingest that writes through the services are all seen; this is
 * how cards are drawn on publish (src/render/prerender-queue.ts).
 *
 * @example
 *   const store = observeWrites(inner, { changed: (a) => queue.enqueue(a), deleted: (slug) => queue.forget(slug) });
 */
import type { StoredArticle } from '../core/article.js';
import type { ArticleStore } from './types.js';

export interface WriteObserver {
  /** A put created or changed an article (drafts too: an unpublished story's cards are dropped). */
  changed(article: StoredArticle): void | Promise<void>;
  deleted(slug: string): void;
}

export function observeWrites(store: ArticleStore, observer: WriteObserver, log?: { warn(obj: object, msg: string): void }): ArticleStore {
  // An observer's failure never fails the write: the article is stored, the card will be
  // drawn on its first request instead.
  const safely = (fn: () => void | Promise<void>) => {
    try {
      Promise.resolve(fn()).catch((err) => log?.warn({ err: (err as Error).message }, 'a store write observer failed'));
    } catch (err) {
      log?.warn({ err: (err as Error).message }, 'a store write observer failed');
    }
  };
  // Every other method (reads, sessions, ping, close) is the inner store's, through the
  // prototype, so a method added to ArticleStore later passes through unobserved but intact.
  return Object.assign(Object.create(store) as ArticleStore, {
    async put(slug: string, article: Parameters<ArticleStore['put']>[1]) {
      const result = await store.put(slug, article);
      if (result.changed || result.created) safely(() => observer.changed(result.article));
      return result;
    },
    async delete(slug: string) {
      const removed = await store.delete(slug);
      if (removed) safely(() => observer.deleted(slug));
      return removed;
    },
  });
}
