/**
 * sharecard's library API. Everything a program embedding sharecard needs, in groups.
 */

// Article model and validation
export { parseArticle, templateNames, articleStatuses, isValidSlug, articleDirection } from './core/article.js';
export type { Article, ArticleInput, StoredArticle, Author, ArticleImage, TemplateName, ArticleStatus } from './core/article.js';
export { defaultArticleLimits } from './core/limits.js';
export { computeRevision } from './core/revision.js';
export { SharecardError } from './core/errors.js';
export type { ErrorKind, Problem } from './core/errors.js';

// URLs and presets
export { presets, presetNames } from './core/presets.js';
export { articleLinks, cardUrl, feedUrl } from './core/links.js';

// Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1): the pure builders, and the cached service
export { buildFeedModel, renderFeed, renderRss, renderAtom, renderJsonFeed, feedContentTypes } from './core/feeds/index.js';
export type { FeedBuildInput, FeedModel, FeedItem, FeedScopeRef } from './core/feeds/index.js';
export { createFeedService } from './feeds/service.js';
export type { FeedService, FeedRequest, FeedDocument } from './feeds/service.js';
export { exportFeeds } from './cli/feeds.js';

// Share payloads (X, Bluesky, LinkedIn, WhatsApp, Facebook), meta tags, JSON-LD, share page
export { buildSharePayloads, shareContextFromConfig, xWeightedLength, buildBlueskyFacets, escapeLittleText, withUtm } from './core/share/index.js';
export type { SharePayloads, SharePayload, ShareContext, SharePlatform, ApiRequest, ImageUpload } from './core/share/index.js';
export { buildArticleMeta, buildMetaTags, buildNewsArticleJsonLd, renderHeadHtml, metaContextFromConfig, ogLocale } from './core/meta/index.js';
export type { ArticleMeta, HeadTag, JsonLd, MetaContext } from './core/meta/index.js';
export { renderSharePage } from './core/share-page.js';

// The share bar: privacy-friendly share links served by sharecard (fragment, labels, icons)
export { buildShareBar, renderShareBarHtml, resolveShareBarLabels, builtInShareBarLabels, defaultShareBarPlatforms } from './core/share-bar/index.js';
export type { ShareBarModel, ShareBarOptions, ShareBarLink, ShareBarStyle, ShareBarLabels, ShareBarLabelOverrides } from './core/share-bar/index.js';

// The share-metadata linter behind `sharecard check`
export { createChecker, formatReport, parseHead, lintHead, checkLimits } from './check/index.js';
export type { Checker, CheckerOptions, CheckReport, Finding, ImageProbe, HeadData } from './check/index.js';

// Configuration
export { loadConfig, parseConfig } from './config/load.js';
export type { Config } from './config/schema.js';

// Storage
export type { ArticleStore, ListQuery, ListResult, ChangeStamp } from './store/types.js';
export { openSqliteStore } from './store/sqlite.js';
export { openPostgresStore } from './store/postgres.js';
export type { PostgresStoreOptions } from './store/postgres.js';
export { openStore } from './store/open.js';

// Shared render cache (Redis) for several replicas
export { createRedisCache } from './cache/redis.js';
export type { RedisCacheOptions, RedisRenderCache, SingleFlightOptions } from './cache/redis.js';

// Card rendering: templates, fonts, the worker pool and the renderer service
export { createRenderer } from './render/renderer.js';
export type { Renderer, RendererOptions, CardRequest, CardArticle, RenderedCard } from './render/renderer.js';
export { createWorkerPool, createInlinePool } from './render/pool.js';
export type { RenderPool } from './render/pool.js';
export { templates } from './render/templates.js';
export { checkCoverage } from './render/font-manifest.js';
export { createCoverageChecker, defaultCoverage, uncoveredFields } from './render/coverage.js';
export type { CoverageChecker, UncoveredField } from './render/coverage.js';

// Service and HTTP
export { createServices } from './services.js';
export type { Services } from './services.js';
export { createApp } from './http/app.js';
export { startServer } from './cli/serve.js';
