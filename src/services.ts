/**
 * Builds the long-lived services from a config: the store, the logger, the API token. The
 * HTTP app and the CLI take a Services object, so tests can build one over a temp directory.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config/schema.js';
import { logLevel } from './config/load.js';
import { resolveApiToken } from './config/token.js';
import { openStore } from './store/open.js';
import type { ArticleStore } from './store/types.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createFeedService, type FeedService } from './feed-service/service.js';
import path from 'node:path';
import type { RenderCache } from './cache/types.js';
import { createMemoryCache } from './cache/memory.js';
import { createDiskCache } from './cache/disk.js';
import { createTieredCache } from './cache/tiered.js';
import type { ImageLoader } from './images/types.js';
import { createImageLoader } from './images/loader.js';
import { createRenderer, type Renderer } from './render/renderer.js';
import { createInlinePool, createWorkerPool, defaultThreads, type RenderPool } from './render/pool.js';
import { instrumentCache, instrumentPool } from './instrumentation.js';
import { createPrerenderQueue, type PrerenderQueue } from './render/prerender-queue.js';
import { observeWrites } from './store/on-write.js';
import { createLoadShedder, type LoadShedder } from './http/load-shed.js';
import { createPageCache, type PageCache } from './http/page-cache.js';

export interface Services {
  config: Config;
  store: ArticleStore;
  log: Logger;
  apiToken: string;
  metrics: Metrics;
  /** RSS/Atom/JSON feeds, cached per replica until the store's change stamp moves. */
  feeds: FeedService;
  /** Card rendering: worker pool, render cache, single-flight (src/render/renderer.ts). */
  renderer: Renderer;
  /** Draw on publish: the cards of articles written through `store`, drawn in the background. */
  prerender: PrerenderQueue;
  /** The render cache: memory LRU, then disk under <dataDir>/cache (then Redis when configured). */
  cache: RenderCache;
  /** The only way hero images are read (origin allow-list, local roots, limits). */
  imageLoader: ImageLoader;
  /** Built public pages (/a/:slug, article-list pages) by revision or change stamp. */
  pages: PageCache;
  /** Sheds public dynamic pages under overload (503 + Retry-After); never health checks. */
  loadShedder: LoadShedder;
  /** Set when shutdown begins: readiness fails first so load balancers stop sending traffic. */
  state: { shuttingDown: boolean };
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  log?: Logger;
  /** Replace the store (tests, or the PostgreSQL store). */
  store?: ArticleStore;
  /** Called once with a newly generated token so the caller can show it. */
  onTokenGenerated?: (token: string, file: string) => void;
  /** Also export Node's process metrics (the server does; tests need not). */
  defaultMetrics?: boolean;
  /** Replace the render pool (tests use fewer threads). Default: `render.workers` threads. */
  renderPool?: RenderPool;
}

export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  const log = options.log ?? pino({ level: logLevel(), redact: ['req.headers.authorization', 'req.headers.cookie'] });
  const resolved = resolveApiToken(config.security.apiToken, config.storage.dataDir);
  if (resolved.generated && resolved.file) options.onTokenGenerated?.(resolved.token, resolved.file);
  const innerStore = options.store ?? (await openStore(config, { log }));
  const state = { shuttingDown: false };
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  const mb = (n: number) => Math.floor(n * 1024 * 1024);
  const tiers: RenderCache[] = [
    createMemoryCache({ maxBytes: mb(config.cache.memoryMb) }),
    createDiskCache({ dir: path.join(config.storage.dataDir, 'cache'), maxBytes: mb(config.cache.diskMb) }),
  ];
  // Shared by every replica; singleFlight makes concurrent misses across replicas render once.
  // Loaded only when configured, as the PostgreSQL store is: ioredis costs a replica without
  // Redis ~20 MB of memory for nothing.
  if (config.cache.redisUrl) {
    const { createRedisCache } = await import('./cache/redis.js');
    tiers.push(createRedisCache({ url: config.cache.redisUrl, log, singleFlight: true }));
  }
  const cache = instrumentCache(createTieredCache(tiers, { log }), metrics);
  const imageLoader = createImageLoader(config.images, { log });
  // render.workers = 0 draws on the calling thread: for one-off CLI use, never a server.
  const pool = instrumentPool(
    options.renderPool ??
    (config.render.workers === 0
      ? createInlinePool()
      : createWorkerPool({
          threads: config.render.workers ?? defaultThreads(),
          maxQueue: config.render.maxQueue,
          timeoutMs: config.render.renderTimeoutMs,
          queueDeadlineMs: config.render.queueDeadlineMs,
          heap: config.render.heap,
          log,
        })),
    metrics,
  );
  const loadShedder = createLoadShedder({ ...config.server.loadShedding, onShed: () => metrics.errors.inc({ code: 'overloaded' }) });
  const renderer = createRenderer({ site: config.site, baseDir: config.baseDir, pool, imageLoader, cache, log });
  const prerender = createPrerenderQueue({ renderer, concurrency: 2 * Math.max(1, pool.threads), log });
  metrics.observePrerender(() => prerender.stats());
  // Every write that goes through the services (API, import, ingest) is seen here.
  const store = config.render.drawOnPublish
    ? observeWrites(innerStore, { changed: (a) => prerender.enqueue(a), deleted: (slug) => prerender.forget(slug) }, log)
    : innerStore;
  return {
    config,
    store,
    log,
    apiToken: resolved.token,
    metrics,
    feeds: createFeedService({ store, config }),
    renderer,
    prerender,
    cache,
    imageLoader,
    pages: createPageCache({ maxBytes: mb(config.server.pageCacheMb) }),
    loadShedder,
    state,
    async close() {
      state.shuttingDown = true;
      loadShedder.close();
      // Queued background cards are dropped (the next request draws them); then the renderer
      // closes its pool and the cache it was given.
      await prerender.close();
      await renderer.close();
      await store.close();
    },
  };
}
