/**
 * Several caches used as one, fastest first (memory, then disk or Redis). A hit in a slower
 * tier is copied into the faster ones; a set writes every tier. A tier that throws is logged
 * and treated as a miss (or a skipped write): a cache failure never fails a request. So is a
 * hit whose headers could not be sent (a tier of someone else's that does not check its
 * entries): it is deleted from that tier and never copied into the faster ones.
 *
 * @example
 *   const cache = createTieredCache([createMemoryCache({ maxBytes }), createDiskCache({ dir, maxBytes })], { log });
 */
import type { CachedCard, RenderCache } from './types.js';
import { isServableCard } from './entry.js';

export interface TieredCacheOptions {
  log?: { warn(obj: object, msg: string): void };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createTieredCache(caches: RenderCache[], options: TieredCacheOptions = {}): RenderCache {
  if (!Array.isArray(caches) || caches.length === 0) throw new TypeError('createTieredCache: caches must be a non-empty array');
  const tiers = [...caches];
  const log = options.log;
  // The key is a hash of render inputs, not a secret; logging it helps find a bad entry.
  const warn = (tier: RenderCache, op: string, key: string | undefined, err: unknown) =>
    log?.warn({ cache: tier.name, op, key, err: message(err) }, `render cache ${tier.name} ${op} failed; treated as a miss`);

  async function settle(op: string, key: string | undefined, run: (tier: RenderCache) => Promise<unknown>, which = tiers): Promise<void> {
    const results = await Promise.allSettled(which.map((tier) => run(tier)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') warn(which[i], op, key, r.reason);
    });
  }

  return {
    name: `tiered(${tiers.map((t) => t.name).join(',')})`,
    async get(key) {
      for (let i = 0; i < tiers.length; i++) {
        let hit: CachedCard | null;
        try {
          hit = await tiers[i].get(key);
        } catch (err) {
          warn(tiers[i], 'get', key, err);
          continue;
        }
        if (hit && !isServableCard(hit)) {
          warn(tiers[i], 'get', key, new Error('entry has a content type or ETag that cannot be served'));
          await settle('delete', key, (t) => t.delete(key), [tiers[i]]);
          continue;
        }
        if (hit) {
          // Promote so the next request is served by the fastest tier. Awaited (it is a memory
          // copy or one local file write) so callers observe a consistent state.
          if (i > 0) await settle('fill', key, (t) => t.set(key, hit), tiers.slice(0, i));
          return hit;
        }
      }
      return null;
    },
    async set(key, value) {
      await settle('set', key, (t) => t.set(key, value));
    },
    async delete(key) {
      await settle('delete', key, (t) => t.delete(key));
    },
    async close() {
      await settle('close', undefined, (t) => t.close());
    },
  };
}
