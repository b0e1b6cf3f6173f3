/**
 * `NewsArticle` structured data, per Google's article guidelines:
 * https://developers.google.com/search/docs/appearance/structured-data/article
 * (headline of at most 110 characters, several images of different aspect ratios, authors as
 * Person with a url, dates in ISO 8601) and schema.org/NewsArticle for the rest.
 */
import { presetNames } from '../presets.js';
import { cardUrl } from '../links.js';
import { preferredFormat } from '../card-choice.js';
import { countGraphemes } from '../text.js';
import { shortenToFit } from '../share/fit-text.js';
import type { MetaContext } from './context.js';
import { shareDescription, type MetaArticle } from './tags.js';

export const JSONLD_MAX_HEADLINE_CHARS = 110;

export type JsonLd = Record<string, unknown>;

export function buildNewsArticleJsonLd(article: MetaArticle, ctx: MetaContext): JsonLd {
  const format = preferredFormat(article);
  const description = shareDescription(article);
  const headline = shortenToFit(article.title, (h) => countGraphemes(h) <= JSONLD_MAX_HEADLINE_CHARS, { lang: article.lang });
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
    url: article.url,
    headline,
    ...(description ? { description } : {}),
    // The three presets: 1.91:1, 2:1 and 1:1, the aspect ratios Google asks for.
    image: presetNames.map((p) => cardUrl(ctx.publicUrl, article, p, format)),
    ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
    ...(article.updatedAt || article.publishedAt ? { dateModified: article.updatedAt ?? article.publishedAt } : {}),
    ...(article.authors.length
      ? { author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, ...(a.url ? { url: a.url } : {}) })) }
      : {}),
    publisher: {
      '@type': 'Organization',
      name: ctx.site.name,
      url: ctx.site.url,
      ...(ctx.site.logoUrl ? { logo: { '@type': 'ImageObject', url: ctx.site.logoUrl } } : {}),
    },
    inLanguage: article.lang,
    ...(article.section ? { articleSection: article.section } : {}),
    ...(article.tags.length ? { keywords: article.tags.join(', ') } : {}),
  };
}
