/**
 * Reads HTML back with a real parser (htmlparser2) so tests check what a crawler would see,
 * not the strings we wrote.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';

export interface ParsedPage {
  all: Element[];
  head: Element[];
  body: Element[];
  /** `property` or `name` → every `content` with that key, in order. */
  meta: Map<string, string[]>;
  links: Record<string, string>[];
  jsonLd: unknown[];
  title: string | null;
  text: (el: Element) => string;
}

export function parseHtml(html: string): ParsedPage {
  const doc = parseDocument(html);
  const all = DomUtils.findAll(() => true, doc.children);
  const headEl = all.find((e) => e.name === 'head');
  const bodyEl = all.find((e) => e.name === 'body');
  // A fragment (the CMS head) has no <head>: every element is head content then.
  const head = headEl ? DomUtils.findAll(() => true, headEl.children) : bodyEl ? [] : all;
  const body = bodyEl ? DomUtils.findAll(() => true, bodyEl.children) : [];
  const meta = new Map<string, string[]>();
  for (const e of head.filter((x) => x.name === 'meta')) {
    const key = e.attribs.property ?? e.attribs.name;
    if (key) meta.set(key, [...(meta.get(key) ?? []), e.attribs.content]);
  }
  return {
    all,
    head,
    body,
    meta,
    links: head.filter((e) => e.name === 'link').map((e) => e.attribs),
    jsonLd: head
      .filter((e) => e.name === 'script' && e.attribs.type === 'application/ld+json')
      .map((e) => JSON.parse(DomUtils.textContent(e))),
    title: head.find((e) => e.name === 'title') ? DomUtils.textContent(head.find((e) => e.name === 'title')!) : null,
    text: (el) => DomUtils.textContent(el),
  };
}
