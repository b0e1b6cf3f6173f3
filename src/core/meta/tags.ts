/**
 * The head tags crawlers read, as data: Open Graph (https://ogp.me), `article:*`
 * (https://ogp.me/#type_article), X cards
 * (https://developer.x.com/en/docs/x-for-websites/cards/overview/markup), `fb:app_id`, the
 * canonical link and feed autodiscovery (https://www.rssboard.org/rss-autodiscovery).
 * Values are plain text here; src/core/meta/head-html.ts escapes them when serializing.
 */
import type { StoredArticle } from '../article.js';
import { mimeOf, preferredFormat } from '../card-choice.js';
import { cardUrl, feedUrl } from '../links.js';
import { keyOf } from '../text.js';
import { presets } from '../presets.js';
import type { MetaContext } from './context.js';
import { ogLocale } from './context.js';

/** One element of the head: its tag name and attributes, in output order. */
export interface HeadTag {
  tag: 'meta' | 'link';
  attrs: Record<string, string>;
}

export type MetaArticle = Pick<
  StoredArticle,
  'slug' | 'revision' | 'url' | 'title' | 'description' | 'kicker' | 'section' | 'tags' | 'authors' | 'image' | 'publishedAt' | 'updatedAt' | 'lang' | 'template'
>;

/** The image every platform is pointed at: the `og` preset card in the article's format. */
export function shareImage(article: MetaArticle, ctx: Pick<MetaContext, 'publicUrl'>) {
  const format = preferredFormat(article);
  return {
    url: cardUrl(ctx.publicUrl, article, 'og', format),
    xUrl: cardUrl(ctx.publicUrl, article, 'x', format),
    type: mimeOf[format],
    width: presets.og.width,
    height: presets.og.height,
    alt: article.image?.alt || article.title,
  };
}

/** The description shared everywhere: the article's, else its kicker, else none. */
export function shareDescription(article: Pick<MetaArticle, 'description' | 'kicker'>): string | undefined {
  return article.description || article.kicker || undefined;
}

const meta = (key: 'property' | 'name', k: string, content: string): HeadTag => ({ tag: 'meta', attrs: { [key]: k, content } });
const og = (k: string, content: string) => meta('property', k, content);
const tw = (k: string, content: string) => meta('name', k, content);

/**
 * Every head tag for an article, in a stable order.
 *
 * @example
 *   buildMetaTags(article, ctx).find((t) => t.attrs.property === 'og:image')?.attrs.content
 *   // → 'https://share.example.com/og/slug/og.jpg?v=…'
 */
export function buildMetaTags(article: MetaArticle, ctx: MetaContext): HeadTag[] {
  const image = shareImage(article, ctx);
  const description = shareDescription(article);
  const tags: HeadTag[] = [];
  if (description) tags.push(meta('name', 'description', description));

  tags.push(og('og:type', 'article'), og('og:site_name', ctx.site.name), og('og:title', article.title));
  if (description) tags.push(og('og:description', description));
  tags.push(og('og:url', article.url), og('og:locale', ogLocale(article.lang, ctx.site.locale)));
  tags.push(og('og:image', image.url));
  if (image.url.startsWith('https:')) tags.push(og('og:image:secure_url', image.url));
  // Width and height let Facebook render the image on the very first share, before it has
  // fetched it: https://developers.facebook.com/docs/sharing/webmasters/images
  tags.push(
    og('og:image:type', image.type),
    og('og:image:width', String(image.width)),
    og('og:image:height', String(image.height)),
    og('og:image:alt', image.alt),
  );

  if (article.publishedAt) tags.push(og('article:published_time', article.publishedAt));
  if (article.updatedAt) tags.push(og('article:modified_time', article.updatedAt));
  if (article.section) tags.push(og('article:section', article.section));
  for (const a of article.authors) tags.push(og('article:author', a.url ?? a.name));
  for (const t of article.tags) tags.push(og('article:tag', t));
  if (ctx.site.facebookAppId) tags.push(og('fb:app_id', ctx.site.facebookAppId));

  // X reads twitter:* and falls back to og:* for title and description, so only what differs is here.
  tags.push(tw('twitter:card', 'summary_large_image'));
  if (ctx.site.x) tags.push(tw('twitter:site', `@${ctx.site.x}`));
  const creator = article.authors.find((a) => a.x)?.x;
  if (creator) tags.push(tw('twitter:creator', `@${creator}`));
  tags.push(tw('twitter:image', image.xUrl), tw('twitter:image:alt', image.alt));

  tags.push({ tag: 'link', attrs: { rel: 'canonical', href: article.url } });
  const alt = (type: string, title: string, href: string): HeadTag => ({ tag: 'link', attrs: { rel: 'alternate', type, title, href } });
  tags.push(
    alt('application/rss+xml', `${ctx.feedTitle} (RSS)`, feedUrl(ctx.publicUrl, 'rss')),
    alt('application/atom+xml', `${ctx.feedTitle} (Atom)`, feedUrl(ctx.publicUrl, 'atom')),
    alt('application/feed+json', `${ctx.feedTitle} (JSON Feed)`, feedUrl(ctx.publicUrl, 'json')),
  );
  if (article.section) {
    // Same section key as the feed routes and articleLinks (src/core/links.ts).
    const href = feedUrl(ctx.publicUrl, 'rss', { scope: 'sections', value: keyOf(article.section) });
    tags.push(alt('application/rss+xml', `${ctx.feedTitle}: ${article.section} (RSS)`, href));
  }
  return tags;
}
