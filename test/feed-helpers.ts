/**
 * Shared setup for the feed tests: a server with every fixture stored, a strict XML parse,
 * and Debian's python3-feedparser as an out-of-process reader.
 */
import { spawnSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { Services } from '../src/services.js';
import { auth, createTestServices, fixtureBody, listen, loadFixtures } from './helpers.js';

export interface FeedTestServer {
  services: Services;
  base: string;
  put(slug: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/** Services + HTTP server with every fixture PUT (the draft included). */
export async function startFeedServer(overrides: Record<string, unknown> = {}): Promise<FeedTestServer> {
  const t = await createTestServices(overrides);
  const server = await listen(t.services);
  const put = (slug: string, body: unknown) =>
    fetch(`${server.url}/api/articles/${slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  for (const f of loadFixtures()) {
    const res = await put(f.slug, fixtureBody(f));
    expect(res.status, f.slug).toBeLessThan(300);
  }
  return {
    services: t.services,
    base: server.url,
    put,
    stop: async () => {
      await server.close();
      await t.cleanup();
    },
  };
}

/** Published fixtures, newest first (the order feeds list them in). */
export function publishedFixtures() {
  return loadFixtures()
    .filter((f) => f.status !== 'draft')
    .sort((a, b) => (a.publishedAt === b.publishedAt ? (a.slug < b.slug ? 1 : -1) : String(a.publishedAt) < String(b.publishedAt) ? 1 : -1));
}

// XML 1.0 §2.2 Char: anything else must never reach a document.
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ARRAYS = new Set(['item', 'entry', 'category', 'atom:link', 'dc:creator', 'media:content', 'author']);

/** Validates well-formedness strictly, then parses to a tree (attributes under "@name", text under "#text" when mixed). */
export function parseXml(xml: string): any {
  expect(NON_XML_CHAR.test(xml), 'only XML 1.0 characters').toBe(false);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  expect(valid, JSON.stringify(valid)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Atom <link> repeats; RSS <link> is one text element.
    isArray: (name, jpath) => ARRAYS.has(name) || (name === 'link' && String(jpath).startsWith('feed')),
  }).parse(xml);
}

/** Text of a parsed element that may carry attributes. */
export function textOf(node: unknown): string {
  if (node && typeof node === 'object') return String((node as Record<string, unknown>)['#text'] ?? '');
  return node === undefined ? '' : String(node);
}

/** Inverse of escapeHtmlText, for fields the feeds carry as HTML. */
export function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

let pythonBin: string | null | undefined;
/** A Python 3 with Debian's feedparser module (python3-feedparser; .ci/run installs it). */
function python(): string {
  if (pythonBin === undefined) {
    pythonBin = null;
    for (const candidate of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
      if (candidate && spawnSync(candidate, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0) {
        pythonBin = candidate;
        break;
      }
    }
  }
  if (!pythonBin) throw new Error('python3-feedparser is not installed (apt-get install python3-feedparser)');
  return pythonBin;
}

const FEEDPARSER_SCRIPT = `
import sys, json, calendar, html, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def text(detail, value):
    if value is None: return None
    return html.unescape(value) if detail is not None and detail.get('type') == 'text/html' else value
def iso(t):
    return None if t is None else calendar.timegm(t)
print(json.dumps({
  'bozo': bool(d.bozo),
  'bozo_exception': str(d.get('bozo_exception', '')),
  'version': d.version,
  'title': text(d.feed.get('title_detail'), d.feed.get('title')),
  'links': [{'rel': l.get('rel'), 'href': l.get('href')} for l in d.feed.get('links', [])],
  'entries': [{
    'title': text(e.get('title_detail'), e.get('title')),
    'link': e.get('link'),
    'id': e.get('id'),
    'published': iso(e.get('published_parsed')),
    'updated': iso(e.get('updated_parsed')),
    'author': e.get('author'),
    'authors': [a.get('name') for a in e.get('authors', [])],
    'tags': [t.get('label') or t.get('term') for t in e.get('tags', [])],
    'summary': text(e.get('summary_detail'), e.get('summary')),
    'media': [m.get('url') for m in e.get('media_content', [])],
  } for e in d.entries],
}))
`;

export interface FeedparserResult {
  bozo: boolean;
  bozo_exception: string;
  version: string;
  title: string;
  links: { rel: string; href: string }[];
  entries: { title: string; link: string; id: string; published: number | null; updated: number | null; author: string | null; authors: string[]; tags: string[]; summary: string | null; media: string[] }[];
}

/** Runs the document through Universal Feed Parser (python3-feedparser). */
export function feedparser(doc: string): FeedparserResult {
  const r = spawnSync(python(), ['-c', FEEDPARSER_SCRIPT], { input: doc, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`feedparser failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
