/**
 * Feeds, pure: the model from articles and config, and its RSS 2.0, Atom 1.0 and JSON Feed
 * 1.1 serializations. No I/O and no clock; the same input always gives the same bytes.
 *
 * @example
 *   const doc = renderFeed('atom', buildFeedModel(input)); // { body, contentType }
 */
import type { FeedFormat } from '../links.js';
import { renderAtom } from './atom.js';
import { renderJsonFeed } from './json-feed.js';
import type { FeedModel } from './model.js';
import { renderRss } from './rss.js';

export { buildFeedModel, scopeValuesOf } from './model.js';
export type { FeedBuildInput, FeedPaging, FeedModel, FeedItem, FeedImage, FeedCategory, FeedLinks, FeedScopeRef } from './model.js';
export { renderRss, renderAtom, renderJsonFeed };

/** Media types with charset: RSS Advisory Board, RFC 4287 §7, JSON Feed 1.1 "Suggestions for Publishers". */
export const feedContentTypes: Readonly<Record<FeedFormat, string>> = Object.freeze({
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
});

const renderers: Readonly<Record<FeedFormat, (m: FeedModel) => string>> = Object.freeze({ rss: renderRss, atom: renderAtom, json: renderJsonFeed });

/** Serializes a feed model in one format. */
export function renderFeed(format: FeedFormat, model: FeedModel): { body: string; contentType: string } {
  return { body: renderers[format](model), contentType: feedContentTypes[format] };
}
