/**
 * Recognizes what a source URL answered and lists the stories in it: RSS 2.0 (and RSS 1.0),
 * Atom 1.0, JSON Feed 1.x, a sitemap, a sitemap index, a Google News sitemap, or a WordPress
 * REST API posts page (with Yoast's `yoast_head_json` when present). Anything else is one
 * article page. Pure: bytes are decoded and limited by the fetcher.
 *
 * XML is read with htmlparser2 in XML mode, which knows no DTDs: no external entity, no entity
 * expansion, nothing outside the document is ever resolved.
 */
import { parseDocument } from 'htmlparser2';
import { compactFacts, type FactAuthor, type FactImage, type Facts, type SourceEntry } from './facts.js';
import { factsFromJsonLd } from './parse-jsonld.js';
import { localeToLang, resolveUrl, textOf, toIsoDate, toPositiveInt } from './parse-text.js';

export type SourceKind = 'rss' | 'atom' | 'json-feed' | 'sitemap' | 'sitemap-index' | 'news-sitemap' | 'wordpress' | 'page';

export interface ParsedSource {
  kind: SourceKind;
  entries: SourceEntry[];
  /** Child sitemaps of a sitemap index, to read next. */
  sitemaps: string[];
}

/** The DOM nodes htmlparser2 builds, as far as this module looks at them. */
interface XNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XNode[];
  data?: string;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const localName = (s: string | undefined) => lower(s).split(':').pop() ?? '';

function elements(n: XNode): XNode[] {
  return (n.children ?? []).filter((c) => c.type === 'tag' || c.type === 'script' || c.type === 'style');
}

/** Child elements named `name` (exact, case-insensitive, e.g. `dc:creator`) or, with `local`, by local name. */
function kids(n: XNode, name: string, local = false): XNode[] {
  return elements(n).filter((c) => (local ? localName(c.name) === name : lower(c.name) === name));
}

function kid(n: XNode, name: string, local = false): XNode | undefined {
  return kids(n, name, local)[0];
}

/** Text of a node, CDATA included. */
function rawText(n: XNode | undefined): string | undefined {
  if (!n) return undefined;
  let out = '';
  const walk = (x: XNode) => {
    if (x.type === 'text') out += x.data ?? '';
    for (const c of x.children ?? []) walk(c);
  };
  walk(n);
  return out;
}

function attr(n: XNode | undefined, name: string): string | undefined {
  return n?.attribs?.[name];
}

function parseXml(text: string): XNode {
  return parseDocument(text, { xmlMode: true, decodeEntities: true, recognizeCDATA: true }) as unknown as XNode;
}

function rootElement(doc: XNode): XNode | undefined {
  return elements(doc)[0];
}

// ---- RSS ---------------------------------------------------------------------------------

function rssImage(item: XNode, base: string): FactImage | undefined {
  for (const m of [...kids(item, 'media:content'), ...kids(item, 'media:thumbnail')]) {
    const medium = lower(attr(m, 'medium'));
    const type = lower(attr(m, 'type'));
    if (medium && medium !== 'image') continue;
    if (type && !type.startsWith('image/')) continue;
    const url = resolveUrl(attr(m, 'url'), base);
    if (!url) continue;
    const image: FactImage = { url };
    const alt = textOf(rawText(kid(m, 'media:description'))) ?? textOf(rawText(kid(m, 'media:title')));
    if (alt) image.alt = alt;
    const width = toPositiveInt(attr(m, 'width'));
    const height = toPositiveInt(attr(m, 'height'));
    if (width && height) Object.assign(image, { width, height });
    return image;
  }
  for (const e of kids(item, 'enclosure')) {
    if (!lower(attr(e, 'type')).startsWith('image/')) continue;
    const url = resolveUrl(attr(e, 'url'), base);
    if (url) return { url };
  }
  return undefined;
}

function parseRss(root: XNode, base: string): SourceEntry[] {
  const channel = kid(root, 'channel') ?? root;
  const feedLang = textOf(rawText(kid(channel, 'language'))) ?? textOf(rawText(kid(channel, 'dc:language')));
  // RSS 1.0 (RDF) puts items beside the channel; RSS 2.0 inside it.
  const items = [...kids(channel, 'item'), ...(channel === root ? [] : kids(root, 'item'))];
  const out: SourceEntry[] = [];
  for (const item of items) {
    const guid = kid(item, 'guid');
    const permalink = guid && lower(attr(guid, 'ispermalink')) !== 'false' ? rawText(guid) : undefined;
    const pageUrl = resolveUrl(rawText(kid(item, 'link'))?.trim(), base) ?? resolveUrl(permalink, base);
    if (!pageUrl) continue;
    const creators = [...kids(item, 'dc:creator'), ...kids(item, 'author')].map((n) => textOf(rawText(n))).filter((s): s is string => Boolean(s));
    out.push({
      pageUrl,
      facts: compactFacts({
        title: textOf(rawText(kid(item, 'title'))),
        description: textOf(rawText(kid(item, 'description'))),
        tags: kids(item, 'category').map((c) => textOf(rawText(c))).filter((s): s is string => Boolean(s)),
        authors: creators.map((name) => ({ name })),
        image: rssImage(item, base),
        publishedAt: toIsoDate(rawText(kid(item, 'pubdate'))) ?? toIsoDate(rawText(kid(item, 'dc:date'))),
        lang: feedLang,
      }),
    });
  }
  return out;
}

// ---- Atom --------------------------------------------------------------------------------

/** Atom text constructs: type="text", escaped "html" and inline "xhtml" all reduce to their text. */
function atomText(n: XNode | undefined): string | undefined {
  return textOf(rawText(n));
}

function parseAtom(root: XNode, base: string): SourceEntry[] {
  const feedLang = attr(root, 'xml:lang');
  const out: SourceEntry[] = [];
  for (const entry of kids(root, 'entry')) {
    const links = kids(entry, 'link');
    const alternate = links.find((l) => !attr(l, 'rel') || attr(l, 'rel') === 'alternate');
    const pageUrl = resolveUrl(attr(alternate, 'href'), base);
    if (!pageUrl) continue;
    const enclosure = links.find((l) => attr(l, 'rel') === 'enclosure' && lower(attr(l, 'type')).startsWith('image/'));
    const imageUrl = resolveUrl(attr(enclosure, 'href'), base);
    const authors: FactAuthor[] = [];
    for (const a of kids(entry, 'author')) {
      const name = textOf(rawText(kid(a, 'name')));
      const uri = resolveUrl(rawText(kid(a, 'uri'))?.trim(), base);
      if (name) authors.push(uri ? { name, url: uri } : { name });
    }
    out.push({
      pageUrl,
      facts: compactFacts({
        title: atomText(kid(entry, 'title')),
        description: atomText(kid(entry, 'summary')),
        tags: kids(entry, 'category').map((c) => textOf(attr(c, 'label') ?? attr(c, 'term'))).filter((s): s is string => Boolean(s)),
        authors,
        image: imageUrl ? { url: imageUrl } : undefined,
        publishedAt: toIsoDate(rawText(kid(entry, 'published'))),
        updatedAt: toIsoDate(rawText(kid(entry, 'updated'))),
        lang: attr(entry, 'xml:lang') ?? feedLang,
      }),
    });
  }
  return out;
}

// ---- Sitemaps ----------------------------------------------------------------------------

function parseUrlset(root: XNode, base: string): { entries: SourceEntry[]; news: boolean } {
  let news = false;
  const out: SourceEntry[] = [];
  for (const u of kids(root, 'url', true)) {
    const pageUrl = resolveUrl(rawText(kid(u, 'loc', true))?.trim(), base);
    if (!pageUrl) continue;
    // Google News sitemap: https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
    const n = kid(u, 'news', true);
    if (n) news = true;
    const publication = n ? kid(n, 'publication', true) : undefined;
    const imageNode = kid(u, 'image', true);
    const imageUrl = imageNode ? resolveUrl(rawText(kid(imageNode, 'loc', true))?.trim(), base) : undefined;
    const imageAlt = imageNode ? (textOf(rawText(kid(imageNode, 'caption', true))) ?? textOf(rawText(kid(imageNode, 'title', true)))) : undefined;
    out.push({
      pageUrl,
      facts: compactFacts({
        title: n ? textOf(rawText(kid(n, 'title', true))) : undefined,
        tags: n ? (textOf(rawText(kid(n, 'keywords', true)))?.split(',').map((s) => s.trim()).filter(Boolean) ?? []) : undefined,
        publishedAt: n ? toIsoDate(rawText(kid(n, 'publication_date', true))) : undefined,
        updatedAt: toIsoDate(rawText(kid(u, 'lastmod', true))),
        lang: publication ? textOf(rawText(kid(publication, 'language', true))) : undefined,
        image: imageUrl ? (imageAlt ? { url: imageUrl, alt: imageAlt } : { url: imageUrl }) : undefined,
      }),
    });
  }
  return { entries: out, news };
}

// ---- JSON Feed and WordPress --------------------------------------------------------------

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonAuthors(item: Json, base: string): FactAuthor[] {
  const list = Array.isArray(item.authors) ? item.authors : isObj(item.author) ? [item.author] : [];
  const out: FactAuthor[] = [];
  for (const a of list) {
    if (!isObj(a)) continue;
    const name = textOf(a.name);
    const url = resolveUrl(a.url, base);
    if (name) out.push(url ? { name, url } : { name });
  }
  return out;
}

function parseJsonFeed(feed: Json, base: string): SourceEntry[] {
  const out: SourceEntry[] = [];
  const feedLang = typeof feed.language === 'string' ? feed.language : undefined;
  for (const item of Array.isArray(feed.items) ? feed.items : []) {
    if (!isObj(item)) continue;
    const pageUrl = resolveUrl(item.url, base) ?? resolveUrl(item.external_url, base);
    if (!pageUrl) continue;
    const imageUrl = resolveUrl(item.image, base) ?? resolveUrl(item.banner_image, base);
    out.push({
      pageUrl,
      facts: compactFacts({
        title: textOf(item.title),
        description: textOf(item.summary),
        tags: (Array.isArray(item.tags) ? item.tags : []).map(textOf).filter((s): s is string => Boolean(s)),
        authors: jsonAuthors(item, base),
        image: imageUrl ? { url: imageUrl } : undefined,
        publishedAt: toIsoDate(item.date_published),
        updatedAt: toIsoDate(item.date_modified),
        lang: typeof item.language === 'string' ? item.language : feedLang,
      }),
    });
  }
  return out;
}

function rendered(v: unknown): string | undefined {
  return isObj(v) ? textOf(v.rendered) : textOf(v);
}

/** Facts from Yoast SEO's `yoast_head_json` (its og/article fields, then its schema graph). */
function yoastFacts(y: Json, base: string): Facts {
  const schema = isObj(y.schema) ? factsFromJsonLd([y.schema], base) : {};
  const og = Array.isArray(y.og_image) ? y.og_image.find(isObj) : undefined;
  const ogUrl = og ? resolveUrl(og.url, base) : undefined;
  const image: FactImage | undefined = ogUrl ? { url: ogUrl } : undefined;
  if (image && og) {
    const width = toPositiveInt(og.width);
    const height = toPositiveInt(og.height);
    if (width && height) Object.assign(image, { width, height });
    if (schema.image?.url === ogUrl && schema.image?.alt) image.alt = schema.image.alt;
  }
  const author = textOf(y.author);
  return compactFacts({
    url: resolveUrl(y.canonical, base) ?? resolveUrl(y.og_url, base),
    title: textOf(y.og_title) ?? schema.title ?? textOf(y.title),
    description: textOf(y.og_description) ?? textOf(y.description) ?? schema.description,
    section: schema.section,
    tags: schema.tags,
    authors: author ? [{ name: author }] : schema.authors,
    image: image ?? schema.image,
    publishedAt: toIsoDate(y.article_published_time) ?? schema.publishedAt,
    updatedAt: toIsoDate(y.article_modified_time) ?? schema.updatedAt,
    lang: localeToLang(typeof y.og_locale === 'string' ? y.og_locale : undefined) ?? schema.lang,
  });
}

function parseWordPress(posts: Json[], base: string): SourceEntry[] {
  const out: SourceEntry[] = [];
  for (const p of posts) {
    const pageUrl = resolveUrl(p.link, base);
    if (!pageUrl) continue;
    // WordPress's own fields; `date_gmt` has no zone and is UTC by name.
    const own = compactFacts({
      title: rendered(p.title),
      description: rendered(p.excerpt),
      publishedAt: toIsoDate(p.date_gmt),
      updatedAt: toIsoDate(p.modified_gmt),
    });
    const yoast = isObj(p.yoast_head_json) ? yoastFacts(p.yoast_head_json, base) : {};
    // Yoast's fields are what the page's head says, so they come before WordPress's raw ones.
    out.push({ pageUrl, facts: compactFacts({ ...own, ...yoast }) });
  }
  return out;
}

function isWordPressPosts(v: unknown): v is Json[] {
  return Array.isArray(v) && v.length > 0 && v.every((p) => isObj(p) && typeof p.link === 'string' && 'title' in p && ('date_gmt' in p || 'yoast_head_json' in p || isObj(p.title)));
}

// ---- Detection ---------------------------------------------------------------------------

/**
 * Parses what `url` answered. `contentType` is the response's media type (lower-case, no
 * parameters). Throws an Error with a reason when the body is a feed-like document that cannot
 * be read (bad JSON, XML that is neither a feed nor a sitemap); HTML is always a page.
 */
export function parseSource(text: string, contentType: string, url: string): ParsedSource {
  const head = text.slice(0, 1024).replace(/^\uFEFF/, '').trimStart();
  const looksJson = contentType.includes('json') || head.startsWith('{') || head.startsWith('[');
  if (looksJson && !contentType.includes('html')) {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new Error('the response is not valid JSON');
    }
    if (isObj(data) && typeof data.version === 'string' && data.version.startsWith('https://jsonfeed.org/version/')) {
      return { kind: 'json-feed', entries: parseJsonFeed(data, url), sitemaps: [] };
    }
    if (Array.isArray(data) && data.length === 0) return { kind: 'wordpress', entries: [], sitemaps: [] };
    if (isWordPressPosts(data)) return { kind: 'wordpress', entries: parseWordPress(data, url), sitemaps: [] };
    throw new Error('JSON that is neither a JSON Feed nor a WordPress REST API posts list');
  }
  const isHtml = contentType.includes('html') || /^<!doctype html|^<html[\s>]/i.test(head);
  if (!isHtml && (contentType.includes('xml') || head.startsWith('<?xml') || /^<(rss|feed|urlset|sitemapindex|rdf:rdf)[\s>]/i.test(head))) {
    const root = rootElement(parseXml(text));
    const name = localName(root?.name);
    if (root && (name === 'rss' || name === 'rdf')) return { kind: 'rss', entries: parseRss(root, url), sitemaps: [] };
    if (root && name === 'feed') return { kind: 'atom', entries: parseAtom(root, url), sitemaps: [] };
    if (root && name === 'urlset') {
      const { entries, news } = parseUrlset(root, url);
      return { kind: news ? 'news-sitemap' : 'sitemap', entries, sitemaps: [] };
    }
    if (root && name === 'sitemapindex') {
      const sitemaps = kids(root, 'sitemap', true)
        .map((s) => resolveUrl(rawText(kid(s, 'loc', true))?.trim(), url))
        .filter((u): u is string => Boolean(u));
      return { kind: 'sitemap-index', entries: [], sitemaps };
    }
    throw new Error(`XML whose root element <${root?.name ?? '?'}> is neither a feed nor a sitemap`);
  }
  return { kind: 'page', entries: [{ pageUrl: url, facts: {} }], sitemaps: [] };
}
