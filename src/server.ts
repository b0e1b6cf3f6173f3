/**
 * `sharecard/server`: the HTTP API and the services behind it, for programs that host it.
 *
 * @example
 *   import { createFetchHandler } from 'sharecard/server';
 *   const handle = await createFetchHandler({ site: { name: 'Example News', url: 'https://news.example.com' } });
 *   const res = await handle(new Request('http://localhost/healthz'));
 *   await handle.close();
 */

// The HTTP API, embedded: a fetch handler, or an Express router to mount
export { createFetchHandler, createRouter } from './http/embed.js';
export type { FetchHandler, EmbeddedRouter, EmbedOptions } from './http/embed.js';

// The standalone server (`sharecard serve`) and the Express app it serves
export { startServer } from './http/listen.js';
export type { RunningServer } from './http/listen.js';
export { createApp } from './http/app.js';
export { createServices } from './services.js';
export type { Services, CreateServicesOptions } from './services.js';

// Configuration: the config file and the environment variables on top
export { loadConfig, parseConfig } from './config/load.js';
export type { Config, ConfigInput } from './config/schema.js';

// Storage (SQLite by default, PostgreSQL by config); each driver loads only when opened
export type { ArticleStore, ListQuery, ListResult, ChangeStamp } from './store/types.js';
export { openStore } from './store/open.js';
export { openSqliteStore } from './store/sqlite.js';
export { openPostgresStore } from './store/postgres.js';
export type { PostgresStoreOptions } from './store/postgres.js';

// Shared render cache (Redis) for several replicas
export { createRedisCache } from './cache/redis.js';
export type { RedisCacheOptions, RedisRenderCache, SingleFlightOptions } from './cache/redis.js';

// Card rendering with a cache and worker threads
export { createRenderer } from './render/renderer.js';
export type { Renderer, RendererOptions, CardRequest, CardArticle, RenderedCard } from './render/renderer.js';
export { createWorkerPool, createInlinePool } from './render/pool.js';
export type { RenderPool } from './render/pool.js';

// Feeds over a store: cached and paged, and the static export behind `sharecard feeds`
export { createFeedService } from './feed-service/service.js';
export type { FeedService, FeedRequest, FeedDocument } from './feed-service/service.js';
export { exportFeeds } from './feed-service/static-export.js';
export type { ExportSummary } from './feed-service/static-export.js';
