/**
 * sharecard's library API: one-call card rendering and the pure builders (article validation,
 * meta tags, JSON-LD, share payloads, feeds, the share bar), in groups.
 *
 * Importing this entry loads no database driver, Redis client, sharp or render worker and
 * changes nothing global; `renderCard` loads the renderer on its first call. The HTTP API
 * (fetch handler, Express router, stores, caches) is `sharecard/server`; the page checker
 * behind `sharecard check` (with its head parser and rules) is `sharecard/check`.
 *
 * @example
 *   import { renderCard, buildArticleMeta } from 'sharecard';
 */

// One card in one call (no store, server or cache)
export { renderCard } from './render-card.js';
export type { RenderCardOptions, RenderCardResult } from './render-card.js';

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

// Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1): the pure builders (the cached, paged feed service is in sharecard/server)
export { buildFeedModel, renderFeed, renderRss, renderAtom, renderJsonFeed, feedContentTypes } from './core/feeds/index.js';
export type { FeedBuildInput, FeedModel, FeedItem, FeedScopeRef } from './core/feeds/index.js';

// Share payloads (X, Bluesky, LinkedIn, WhatsApp, Facebook), meta tags, JSON-LD, share page
export { buildSharePayloads, shareContextFromConfig, xWeightedLength, buildBlueskyFacets, escapeLittleText, withUtm } from './core/share/index.js';
export type { SharePayloads, SharePayload, ShareContext, SharePlatform, ApiRequest, ImageUpload } from './core/share/index.js';
export { buildArticleMeta, buildMetaTags, buildNewsArticleJsonLd, renderHeadHtml, metaContextFromConfig, ogLocale } from './core/meta/index.js';
export type { ArticleMeta, HeadTag, JsonLd, MetaContext } from './core/meta/index.js';
export { renderSharePage } from './core/share-page.js';

// The share bar: privacy-friendly share links served by sharecard (fragment, labels, icons)
export { buildShareBar, renderShareBarHtml, resolveShareBarLabels, builtInShareBarLabels, defaultShareBarPlatforms } from './core/share-bar/index.js';
export type { ShareBarModel, ShareBarOptions, ShareBarLink, ShareBarStyle, ShareBarLabels, ShareBarLabelOverrides } from './core/share-bar/index.js';

// Configuration: the same schema as the config file
export { parseConfig, loadConfig } from './config/load.js';
export type { Config, ConfigInput } from './config/schema.js';

// Templates and fonts
export { templates } from './render/templates.js';
export { checkCoverage } from './render/font-manifest.js';
export { createCoverageChecker, defaultCoverage, uncoveredFields } from './render/coverage.js';
export type { CoverageChecker, UncoveredField } from './render/coverage.js';
