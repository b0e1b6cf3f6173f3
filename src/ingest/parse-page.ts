/**
 * Reads one article page into Facts, one layer per kind of evidence, most trusted first:
 * JSON-LD, then og:/article:/twitter: meta tags, then the document itself (<link
 * rel=canonical>, <html lang>, <title>). The merge by trust is src/ingest/build-article.ts.
 * Pure: the HTML comes in as a string, already limited in size by the fetcher.
 */
import { Parser } from 'htmlparser2';
import { compactFacts, type FactAuthor, type FactImage, type Facts } from './facts.js';
import { factsFromJsonLd } from './parse-jsonld.js';
import { localeToLang, resolveUrl, textOf, toIsoDate, toPositiveInt } from './parse-text.js';

export interface PageFacts {
  jsonLd: Facts;
  meta: Facts;
  document: Facts;
  /** The <title>: weaker than what the feed says, since it usually carries the site's name. */
  fallback: Facts;
  /** `<html dir>` when given (direction is derived from the language and headline when stored). */
  dir?: 'ltr' | 'rtl' | 'auto';
  /** JSON-LD blocks that were not valid JSON (reported, otherwise ignored). */
  jsonLdErrors: number;
  /** What a site's page (a home or section page, not an article) points to. */
  discovery: Discovery;
}

export interface Discovery {
  /**
   * The page is a site's page rather than an article: no article in its JSON-LD, og:type not
   * "article", and og:type "website" or the site's root path. (Article pages link the site's
   * feed too, so a link alone decides nothing.)
   */
  isSitePage: boolean;
  /** Feed autodiscovery links (RSS, Atom, JSON Feed), in document order, absolute. */
  feeds: string[];
  /** The WordPress posts endpoint, from `<link rel="https://api.w.org/">` (https://developer.wordpress.org/rest-api/using-the-rest-api/discovery/). */
  wordpressPosts?: string;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json']);

interface RawPage {
  htmlLang?: string;
  htmlDir?: string;
  title?: string;
  canonical?: string;
  feeds: string[];
  wordpressApi?: string;
  /** Meta tags in document order, key lower-cased (`property`, else `name`). */
  metas: { key: string; content: string }[];
  jsonLd: unknown[];
  jsonLdErrors: number;
}

/** Caps what a hostile page can make us hold: the fetcher limits bytes, these limit counts. */
const MAX_METAS = 2000;
const MAX_JSONLD_BLOCKS = 50;

function scan(html: string): RawPage {
  const raw: RawPage = { metas: [], jsonLd: [], jsonLdErrors: 0, feeds: [] };
  let capture: 'title' | 'jsonld' | null = null;
  let buffer = '';
  const parser = new Parser(
    {
      onopentag(name, a) {
        if (name === 'html' && raw.htmlLang === undefined) {
          raw.htmlLang = a.lang ?? a['xml:lang'];
          raw.htmlDir = a.dir;
        } else if (name === 'meta' && raw.metas.length < MAX_METAS) {
          const key = (a.property ?? a.name ?? a.itemprop ?? '').trim().toLowerCase();
          if (key && a.content !== undefined) raw.metas.push({ key, content: a.content });
        } else if (name === 'link' && a.href) {
          const rels = (a.rel ?? '').toLowerCase().split(/\s+/);
          if (rels.includes('canonical') && raw.canonical === undefined) raw.canonical = a.href;
          if (rels.includes('alternate') && FEED_TYPES.has((a.type ?? '').trim().toLowerCase()) && raw.feeds.length < 20) raw.feeds.push(a.href);
          if (rels.includes('https://api.w.org/') && raw.wordpressApi === undefined) raw.wordpressApi = a.href;
        } else if (name === 'title' && raw.title === undefined && capture === null) {
          capture = 'title';
          buffer = '';
        } else if (name === 'script' && (a.type ?? '').trim().toLowerCase().startsWith('application/ld+json')) {
          capture = 'jsonld';
          buffer = '';
        }
      },
      ontext(text) {
        if (capture) buffer += text;
      },
      onclosetag(name) {
        if (capture === 'title' && name === 'title') {
          raw.title = buffer;
          capture = null;
        } else if (capture === 'jsonld' && name === 'script') {
          capture = null;
          if (raw.jsonLd.length >= MAX_JSONLD_BLOCKS) return;
          try {
            raw.jsonLd.push(JSON.parse(buffer));
          } catch {
            raw.jsonLdErrors++;
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return raw;
}

function metaFacts(metas: RawPage['metas'], base: string): Facts {
  const first = (...keys: string[]) => {
    for (const k of keys) {
      const m = metas.find((x) => x.key === k && x.content.trim());
      if (m) return m.content;
    }
    return undefined;
  };
  const all = (key: string) => metas.filter((x) => x.key === key).map((x) => x.content);

  // The first og:image and the structured properties that follow it (before the next og:image)
  // describe one image: https://ogp.me/#array
  let image: FactImage | undefined;
  const ogIndex = metas.findIndex((m) => (m.key === 'og:image' || m.key === 'og:image:url' || m.key === 'og:image:secure_url') && resolveUrl(m.content, base));
  if (ogIndex >= 0) {
    const url = resolveUrl(metas[ogIndex].content, base)!;
    const props: Record<string, string> = {};
    for (const m of metas.slice(ogIndex + 1)) {
      if (m.key === 'og:image') break;
      if (m.key.startsWith('og:image:') && props[m.key] === undefined) props[m.key] = m.content;
    }
    image = { url };
    const alt = textOf(props['og:image:alt']);
    if (alt) image.alt = alt;
    const width = toPositiveInt(props['og:image:width']);
    const height = toPositiveInt(props['og:image:height']);
    if (width && height) Object.assign(image, { width, height });
  } else {
    const url = resolveUrl(first('twitter:image', 'twitter:image:src'), base);
    if (url) {
      image = { url };
      const alt = textOf(first('twitter:image:alt'));
      if (alt) image.alt = alt;
    }
  }
  if (image && !image.alt) {
    // twitter:image:alt describes the same picture when both name the same URL.
    const tw = resolveUrl(first('twitter:image', 'twitter:image:src'), base);
    const alt = tw === image.url ? textOf(first('twitter:image:alt')) : undefined;
    if (alt) image.alt = alt;
  }

  // article:author is a profile URL or a name (https://ogp.me/#type_article); meta name=author a name.
  const authors: FactAuthor[] = [];
  for (const value of [...all('article:author'), ...(all('article:author').length ? [] : all('author'))]) {
    const asUrl = /^https?:\/\//i.test(value.trim()) ? resolveUrl(value, base) : undefined;
    const name = asUrl ? undefined : textOf(value);
    if (name) authors.push({ name });
  }

  return compactFacts({
    url: resolveUrl(first('og:url'), base),
    title: textOf(first('og:title', 'twitter:title')),
    description: textOf(first('og:description', 'twitter:description', 'description')),
    section: textOf(first('article:section')),
    tags: all('article:tag').map(textOf).filter((t): t is string => Boolean(t)),
    authors,
    image,
    publishedAt: toIsoDate(first('article:published_time', 'datepublished')),
    updatedAt: toIsoDate(first('article:modified_time', 'og:updated_time', 'datemodified')),
    lang: localeToLang(first('og:locale')),
  });
}

/** Reads a page; `pageUrl` is where it was fetched from (the base of relative URLs). */
export function parsePage(html: string, pageUrl: string): PageFacts {
  const raw = scan(html);
  const dir = raw.htmlDir?.trim().toLowerCase();
  const jsonLd = factsFromJsonLd(raw.jsonLd, pageUrl);
  const ogType = raw.metas.find((m) => m.key === 'og:type')?.content.trim().toLowerCase();
  const api = resolveUrl(raw.wordpressApi, pageUrl);
  return {
    discovery: {
      isSitePage: Object.keys(jsonLd).length === 0 && ogType !== 'article' && (ogType === 'website' || new URL(pageUrl).pathname === '/'),
      feeds: raw.feeds.map((f) => resolveUrl(f, pageUrl)).filter((f): f is string => Boolean(f)),
      ...(api ? { wordpressPosts: new URL('wp/v2/posts', api.endsWith('/') ? api : `${api}/`).href } : {}),
    },
    jsonLd,
    meta: metaFacts(raw.metas, pageUrl),
    document: compactFacts({
      url: resolveUrl(raw.canonical, pageUrl),
      lang: raw.htmlLang?.trim() || undefined,
    }),
    fallback: compactFacts({ title: textOf(raw.title) }),
    ...(dir === 'rtl' || dir === 'ltr' || dir === 'auto' ? { dir } : {}),
    jsonLdErrors: raw.jsonLdErrors,
  };
}
