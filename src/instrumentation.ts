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
  let inFlight = 0;
  const setDepth = () => metrics.renderQueueDepth.set(Math.max(0, inFlight - pool.threads));
  return {
    kind: pool.kind,
    threads: pool.threads,
    async run(job) {
      inFlight++;
      setDepth();
      const stop = metrics.renderDuration.startTimer({ template: job.template, preset: job.preset, format: job.format });
      try {
        const result = await pool.run(job);
        stop();
        metrics.renders.inc({ outcome: 'ok' });
        return result;
      } catch (err) {
        const kind = isSharecardError(err) ? err.kind : 'error';
        metrics.renders.inc({ outcome: kind === 'overloaded' ? 'rejected' : kind === 'timeout' ? 'timeout' : 'error' });
        throw err;
      } finally {
        inFlight--;
        setDepth();
      }
    },
    close: () => pool.close(),
  };
}
