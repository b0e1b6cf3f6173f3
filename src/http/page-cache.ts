/**
 * Built public pages (the share page, a page of the article list) kept per replica, so that
 * serving one costs about what serving a cached card costs: one store read that says whether
 * it changed (the article's revision, the store's change stamp), one map lookup, and the
 * bytes. Keys carry that revision or stamp, so an entry is never stale: a write makes a new
 * key and the old entry ages out of the LRU (bounded by bytes).
 *
 * A key is built only from what the route validated (the slug, the normalized query), never
 * from the raw URL: `?anything` cannot make a new entry, and two spellings of one query share
 * one.
 *
 * @example
 *   const pages = createPageCache({ maxBytes: 16 * 1024 * 1024 });
 *   const key = `share-page|${slug}|${article.revision}`;
 *   const page = pages.get(key) ?? pages.put(key, 'text/html; charset=utf-8', html());
 *   sendPage(req, res, page, 'public, max-age=300');
 */
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { strongEtag } from '../core/digest.js';
import { notModified } from './conditional.js';

export interface Page {
  body: Buffer;
  /** Strong ETag of exactly these bytes. */
  etag: string;
  contentType: string;
}

export interface PageCache {
  get(key: string): Page | undefined;
  /** Keeps `body` under `key` (when it fits the budget) and returns it as a Page. */
  put(key: string, contentType: string, body: string): Page;
  /**
   * The page under `key`, or built by `build` and kept. Concurrent misses of one key share one
   * build: a burst of crawlers arriving together (a new story, a cold replica) costs one.
   */
  load(key: string, contentType: string, build: () => Promise<string>): Promise<Page>;
}

const ENTRY_OVERHEAD_BYTES = 256;

export function createPageCache(options: { maxBytes: number }): PageCache {
  const { maxBytes } = options;
  if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new TypeError(`createPageCache: maxBytes must be a number ≥ 0, got ${maxBytes}`);
  const lru =
    maxBytes >= 1
      ? new LRUCache<string, Page>({ maxSize: Math.floor(maxBytes), sizeCalculation: (p, k) => p.body.length + k.length * 2 + ENTRY_OVERHEAD_BYTES })
      : null;
  const building = new Map<string, Promise<Page>>();
  function put(key: string, contentType: string, text: string): Page {
    const body = Buffer.from(text, 'utf8');
    const page: Page = { body, etag: strongEtag(body), contentType };
    // lru-cache refuses (and does not keep) an entry bigger than the whole budget.
    lru?.set(key, page);
    return page;
  }
  return {
    get: (key) => lru?.get(key),
    put,
    async load(key, contentType, build) {
      const hit = lru?.get(key);
      if (hit) return hit;
      let running = building.get(key);
      if (!running) {
        running = build().then((text) => put(key, contentType, text));
        building.set(key, running);
        const done = () => building.delete(key);
        running.then(done, done);
      }
      return running;
    },
  };
}

/** Sends a page with its ETag, or 304 when the client has it (RFC 9110 §13.1.2). */
export function sendPage(req: Request, res: Response, page: Page, cacheControl: string): void {
  res.setHeader('ETag', page.etag);
  res.setHeader('Cache-Control', cacheControl);
  if (notModified(req, page.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', page.contentType);
  res.setHeader('Content-Length', String(page.body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : page.body);
}
