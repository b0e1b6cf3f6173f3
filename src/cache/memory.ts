/**
 * In-process render cache: an LRU bounded by bytes (lru-cache's `maxSize`), so memory use is
 * predictable whatever the mix of card sizes. The fastest tier; lost on restart.
 *
 * Entries never leave the process, so no checksum is kept (hashing every hit would cost about
 * what the hit saves); instead a value whose headers could not be sent is refused at `set`,
 * and `get` hands out a fresh object, so a caller that changes a hit's ETag or content type
 * cannot change what the next request is served (issue 31).
 *
 * @example
 *   const cache = createMemoryCache({ maxBytes: config.cache.memoryMb * 1024 * 1024 });
 */
import { LRUCache } from 'lru-cache';
import type { CachedCard, RenderCache } from './types.js';
import { isServableCard } from './entry.js';

export interface MemoryCacheOptions {
  /** Upper bound on the bytes held (bodies plus per-entry overhead). 0 disables the cache. */
  maxBytes: number;
}

// Rough per-entry cost beyond the body (key, etag, object and LRU bookkeeping), so that many
// tiny entries cannot blow past the bound.
const ENTRY_OVERHEAD_BYTES = 256;

function entrySize(key: string, value: CachedCard): number {
  return value.body.length + key.length * 2 + value.etag.length * 2 + ENTRY_OVERHEAD_BYTES;
}

export function createMemoryCache(options: MemoryCacheOptions): RenderCache {
  const { maxBytes } = options;
  if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new TypeError(`createMemoryCache: maxBytes must be a number ≥ 0, got ${maxBytes}`);
  const maxSize = Math.floor(maxBytes);
  // lru-cache needs a positive bound; a zero budget means "no memory tier".
  const lru = maxSize > 0 ? new LRUCache<string, CachedCard>({ maxSize, sizeCalculation: (v, k) => entrySize(k, v) }) : null;

  return {
    name: 'memory',
    async get(key) {
      const hit = lru?.get(key);
      return hit ? { body: hit.body, contentType: hit.contentType, etag: hit.etag } : null;
    },
    async set(key, value) {
      if (!lru) return;
      if (!isServableCard(value)) {
        lru.delete(key);
        return;
      }
      // Copy: the caller may reuse or mutate its buffer (e.g. a pooled Buffer) after set.
      const stored: CachedCard = { body: Buffer.from(value.body), contentType: value.contentType, etag: value.etag };
      // An entry bigger than the whole budget is simply not kept (lru-cache refuses it).
      if (entrySize(key, stored) > maxSize) {
        lru.delete(key);
        return;
      }
      lru.set(key, stored);
    },
    async delete(key) {
      lru?.delete(key);
    },
    async close() {
      lru?.clear();
    },
  };
}
