/**
 * Metric decorators for the render cache and the render pool, so the renderer itself stays
 * free of monitoring code: cache hits and misses, render time by template/preset/format,
 * render outcomes, and how many renders are waiting for a worker.
 */
import type { RenderCache } from './cache/types.js';
import { isSharecardError } from './core/errors.js';
import type { Metrics } from './metrics.js';
import type { RenderPool } from './render/pool.js';

export function instrumentCache(cache: RenderCache, metrics: Metrics): RenderCache {
  return {
    name: cache.name,
    async get(key) {
      const hit = await cache.get(key);
      metrics.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
      return hit;
    },
    set: (key, value) => cache.set(key, value),
    delete: (key) => cache.delete(key),
    close: () => cache.close(),
  };
}

export function instrumentPool(pool: RenderPool, metrics: Metrics): RenderPool {
  const setDepth = () => metrics.renderQueueDepth.set(pool.load().waiting.demand);
  return {
    kind: pool.kind,
    threads: pool.threads,
    load: () => pool.load(),
    async run(job, options) {
      const run = pool.run(job, options);
      setDepth();
      const stop = metrics.renderDuration.startTimer({ template: job.template, preset: job.preset, format: job.format });
      try {
        const result = await run;
        stop();
        metrics.renders.inc({ outcome: 'ok' });
        metrics.cardsDrawn.inc({ trigger: options?.lane === 'background' ? 'publish' : 'demand' });
        return result;
      } catch (err) {
        const kind = isSharecardError(err) ? err.kind : 'error';
        metrics.renders.inc({ outcome: kind === 'overloaded' ? 'rejected' : kind === 'timeout' ? 'timeout' : 'error' });
        throw err;
      } finally {
        setDepth();
      }
    },
    close: () => pool.close(),
  };
}
