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

// Configuration
export { loadConfig, parseConfig } from './config/load.js';
export type { Config } from './config/schema.js';

// Storage
export type { ArticleStore, ListQuery, ListResult } from './store/types.js';
export { openSqliteStore } from './store/sqlite.js';

// Service and HTTP
export { createServices } from './services.js';
export type { Services } from './services.js';
export { createApp } from './http/app.js';
export { startServer } from './cli/serve.js';
