/**
 * Meta for an article: the head tags as data, the NewsArticle JSON-LD, and the HTML fragment a
 * CMS embeds in its page head.
 *
 * @example
 *   const { html, tags, jsonLd } = buildArticleMeta(article, metaContextFromConfig(config));
 */
import type { MetaContext } from './context.js';
import { renderHeadHtml } from './head-html.js';
import { buildNewsArticleJsonLd, type JsonLd } from './jsonld.js';
import { buildMetaTags, type HeadTag, type MetaArticle } from './tags.js';

export interface ArticleMeta {
  html: string;
  tags: HeadTag[];
  jsonLd: JsonLd;
}

export function buildArticleMeta(article: MetaArticle, ctx: MetaContext): ArticleMeta {
  const tags = buildMetaTags(article, ctx);
  const jsonLd = buildNewsArticleJsonLd(article, ctx);
  return { html: renderHeadHtml(tags, jsonLd), tags, jsonLd };
}

export { buildMetaTags, shareImage, shareDescription } from './tags.js';
export type { HeadTag, MetaArticle } from './tags.js';
export { buildNewsArticleJsonLd, JSONLD_MAX_HEADLINE_CHARS } from './jsonld.js';
export type { JsonLd } from './jsonld.js';
export { renderHeadHtml } from './head-html.js';
export { metaContextFromConfig, ogLocale, siteLogoUrl, localLogoPath } from './context.js';
export type { MetaContext, MetaConfigLike } from './context.js';
