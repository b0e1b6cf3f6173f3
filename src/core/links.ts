/**
 * Public URLs of everything sharecard serves for an article, built with URL so that a slug or
 * value is always encoded. Image URLs carry `?v=<revision>`: platforms cache images by URL,
 * so a changed headline must change the URL.
 */
import type { StoredArticle } from './article.js';
import { presetNames, type ImageFormat, type PresetName } from './presets.js';
import { keyOf } from './text.js';

/** Joins a path of segments (each encoded) onto the public base URL. */
export function publicUrl(base: string, segments: string[], query?: Record<string, string>): string {
  const u = new URL(base.endsWith('/') ? base : `${base}/`);
  u.pathname = u.pathname.replace(/\/$/, '') + '/' + segments.map(encodeURIComponent).join('/');
  if (query) for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.href;
}

export function cardUrl(base: string, a: Pick<StoredArticle, 'slug' | 'revision'>, preset: PresetName = 'og', format: ImageFormat = 'png'): string {
  const segments = preset === 'og' && format === 'png' ? ['og', `${a.slug}.png`] : ['og', a.slug, `${preset}.${format}`];
  return publicUrl(base, segments, { v: a.revision });
}

export type FeedScope = 'sections' | 'tags' | 'authors' | 'languages';
export const feedScopes: readonly FeedScope[] = ['sections', 'tags', 'authors', 'languages'];
export const feedFiles = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;
export type FeedFormat = keyof typeof feedFiles;

export function feedUrl(base: string, format: FeedFormat, scope?: { scope: FeedScope; value: string }, file: string = feedFiles[format]): string {
  return scope ? publicUrl(base, ['feeds', scope.scope, scope.value, file]) : publicUrl(base, ['feeds', file]);
}

/**
 * The file a static export writes page `page` of a feed to: page 1 is the feed's own file
 * (`rss.xml`), later pages get the number before the extension (`rss-2.xml`, `feed-3.json`).
 */
export function staticFeedFile(format: FeedFormat, page: number): string {
  const file = feedFiles[format];
  return page <= 1 ? file : file.replace(/\.(xml|json)$/, `-${page}.$1`);
}

export interface ArticleLinks {
  page: string;
  canonical: string;
  images: Record<PresetName, { png: string; jpg: string }>;
  share: string;
  meta: string;
  preview: string;
  feeds: { rss: string; atom: string; json: string; section?: string; language: string };
}

export function articleLinks(base: string, a: StoredArticle): ArticleLinks {
  const images = Object.fromEntries(
    presetNames.map((p) => [p, { png: cardUrl(base, a, p, 'png'), jpg: cardUrl(base, a, p, 'jpg') }]),
  ) as ArticleLinks['images'];
  return {
    page: publicUrl(base, ['a', a.slug]),
    canonical: a.url,
    images,
    share: publicUrl(base, ['api', 'share', a.slug]),
    meta: publicUrl(base, ['api', 'meta', a.slug]),
    preview: publicUrl(base, ['preview', a.slug]),
    feeds: {
      rss: feedUrl(base, 'rss'),
      atom: feedUrl(base, 'atom'),
      json: feedUrl(base, 'json'),
      ...(a.section ? { section: feedUrl(base, 'rss', { scope: 'sections', value: keyOf(a.section) }) } : {}),
      language: feedUrl(base, 'rss', { scope: 'languages', value: a.lang.toLowerCase() }),
    },
  };
}
