/**
 * The article a page describes in JSON-LD (schema.org NewsArticle, Article and their kin), as
 * Facts. Handles what CMSs emit in practice: several blocks, arrays, Yoast's `@graph` with
 * authors and images given by `@id` reference, strings where objects are allowed. Pure.
 */
import { compactFacts, type FactAuthor, type FactImage, type Facts } from './facts.js';
import { resolveUrl, textOf, toIsoDate, toPositiveInt } from './parse-text.js';

type Node = Record<string, unknown>;

/** Types whose node describes the story itself, most specific first: a NewsArticle beats an Article beats a BlogPosting. */
const ARTICLE_TYPES: readonly string[] = [
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'AskPublicNewsArticle',
  'LiveBlogPosting',
  'Article',
  'BlogPosting',
  'Report',
  'TechArticle',
];

const MAX_NODES = 2000;

function isNode(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typesOf(n: Node): string[] {
  const t = n['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^https?:\/\/schema\.org\//, ''));
}

/** Every node of every block, depth first, bounded (a hostile page may nest deeply). */
function collectNodes(blocks: unknown[]): Node[] {
  const out: Node[] = [];
  const walk = (v: unknown, depth: number) => {
    if (out.length >= MAX_NODES || depth > 8) return;
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (isNode(v)) {
      out.push(v);
      if (Array.isArray(v['@graph'])) walk(v['@graph'], depth + 1);
    }
  };
  walk(blocks, 0);
  return out;
}

/** Follows `{ "@id": … }` references to the node with that id, once. */
function resolver(nodes: Node[]): (v: unknown) => unknown {
  const byId = new Map<string, Node>();
  for (const n of nodes) if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'], n);
  return (v) => (isNode(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1 ? (byId.get(v['@id']) ?? v) : v);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function urlOf(v: unknown, base: string): string | undefined {
  if (typeof v === 'string') return resolveUrl(v, base);
  if (isNode(v)) return resolveUrl(v.url ?? v['@id'], base);
  return undefined;
}

function sizeOf(v: unknown): number | undefined {
  return toPositiveInt(isNode(v) ? v.value : v);
}

function imageOf(v: unknown, base: string, resolve: (v: unknown) => unknown): FactImage | undefined {
  for (const item of asList(v).map(resolve)) {
    if (typeof item === 'string') {
      const url = resolveUrl(item, base);
      if (url) return { url };
    } else if (isNode(item)) {
      const url = resolveUrl(item.url ?? item.contentUrl, base);
      if (!url) continue;
      const image: FactImage = { url };
      const alt = textOf(item.caption) ?? textOf(item.description);
      if (alt) image.alt = alt;
      const width = sizeOf(item.width);
      const height = sizeOf(item.height);
      if (width && height) Object.assign(image, { width, height });
      return image;
    }
  }
  return undefined;
}

function authorsOf(v: unknown, base: string, resolve: (v: unknown) => unknown): FactAuthor[] {
  const out: FactAuthor[] = [];
  for (const item of asList(v).map(resolve)) {
    if (typeof item === 'string') {
      const name = textOf(item);
      if (name) out.push({ name });
    } else if (isNode(item)) {
      const name = textOf(item.name);
      if (!name) continue;
      const url = resolveUrl(item.url, base);
      out.push(url ? { name, url } : { name });
    }
  }
  return out;
}

function tagsOf(v: unknown): string[] {
  const raw = typeof v === 'string' ? v.split(',') : asList(v);
  return raw.map(textOf).filter((t): t is string => Boolean(t));
}

function langOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (isNode(v)) return textOf(v.alternateName) ?? textOf(v.name);
  return undefined;
}

/** The best article node of the page's JSON-LD blocks, or null when none describes an article. */
export function findArticleNode(blocks: unknown[]): { node: Node; resolve: (v: unknown) => unknown } | null {
  const nodes = collectNodes(blocks);
  const resolve = resolver(nodes);
  for (const type of ARTICLE_TYPES) {
    const node = nodes.find((n) => typesOf(n).includes(type));
    if (node) return { node, resolve };
  }
  return null;
}

/** Facts from JSON-LD blocks (already JSON-parsed), URLs resolved against `base`. */
export function factsFromJsonLd(blocks: unknown[], base: string): Facts {
  const found = findArticleNode(blocks);
  if (!found) return {};
  const { node: n, resolve } = found;
  const mainEntity = resolve(n.mainEntityOfPage);
  return compactFacts({
    url: urlOf(n.url, base) ?? urlOf(mainEntity, base),
    title: textOf(n.headline) ?? textOf(n.name),
    description: textOf(n.description),
    section: asList(n.articleSection).map(textOf).find(Boolean),
    tags: tagsOf(n.keywords),
    authors: authorsOf(n.author, base, resolve),
    image: imageOf(n.image, base, resolve),
    publishedAt: toIsoDate(n.datePublished),
    updatedAt: toIsoDate(n.dateModified),
    lang: langOf(n.inLanguage),
  });
}
