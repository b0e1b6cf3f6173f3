/**
 * Atom 1.0 (RFC 4287) through `feed` 6, plus what it lacks: `xml:lang` (the feed's, and an
 * entry's own when it differs), RFC 5005 paging
 * links, and categories with scheme and label. `feed`'s Atom writer has no extension hook and
 * writes category labels with `<` unescaped (malformed XML), so categories go in through a
 * per-entry slot (src/core/feeds/xml.ts) built with the element builder.
 *
 * `feed` marks entry titles and summaries `type="html"`, so plain text is HTML-escaped once
 * (RFC 4287 §3.1.1.2); the escaped text has no ">" and so never ends its CDATA section.
 */
import { Feed } from 'feed';
import { escapeHtmlText } from '../escape.js';
import type { FeedModel } from './model.js';
import { createSlots, extendRoot, forXmlJsText, htmlForCdata, type XmlElement } from './xml.js';

/** Serializes the model as Atom 1.0. */
export function renderAtom(model: FeedModel): string {
  const links = model.links.atom;
  const slots = createSlots(JSON.stringify(model), 'entry');
  const feed = new Feed({
    id: forXmlJsText(links.feed),
    title: forXmlJsText(model.title),
    description: forXmlJsText(model.description),
    link: model.homeUrl,
    updated: new Date(model.updated),
    generator: 'sharecard',
    feedLinks: { atom: links.self },
    ...(model.hub ? { hub: model.hub } : {}),
    // RFC 4287 §4.1.1: an entry without its own author inherits the feed's.
    author: { name: forXmlJsText(model.author.name), link: model.author.url },
    ...(model.logo ? { image: forXmlJsText(model.logo) } : {}),
  });
  model.items.forEach((item, i) => {
    feed.addItem({
      title: escapeHtmlText(item.title),
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      ...(item.description ? { description: escapeHtmlText(item.description) } : {}),
      ...(item.contentHtml ? { content: htmlForCdata(item.contentHtml) } : {}),
      author: item.authors.map((a) => ({ name: forXmlJsText(a.name), ...(a.url ? { link: a.url } : {}) })),
      category: [{ term: slots.term(i) }],
    });
  });
  const paging: XmlElement[] = (['first', 'previous', 'next', 'last'] as const)
    .filter((rel) => links[rel])
    .map((rel) => ({ name: 'link', attrs: { rel, type: 'application/atom+xml', href: links[rel] } }));
  const categories = model.items.map((item) =>
    item.categories.map((c): XmlElement => ({ name: 'category', attrs: { term: c.term, scheme: c.scheme, label: c.label } })),
  );
  // An entry in another language than the feed says so (XML 1.0 §2.12, RFC 4287 §2): a
  // Persian story in an English site feed is otherwise declared English to readers.
  const entryLangs = model.items.map((item) => (item.lang.toLowerCase() === model.language ? undefined : { 'xml:lang': item.lang }));
  const xml = extendRoot(feed.atom1(), 'feed', { 'xml:lang': model.language }, paging);
  return slots.fill(xml, categories, 2, entryLangs) + '\n';
}
