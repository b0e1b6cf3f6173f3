/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) through `feed` 6, plus what it lacks,
 * added through its item/channel extension hook (xml-js objects, so still a builder):
 * `dc:creator` per author (RSS <author> must be an e-mail address), Media RSS
 * `media:content`/`media:thumbnail` for the card and the hero image
 * (https://www.rssboard.org/media-rss), and `atom:link` self, hub and RFC 5005 paging links.
 *
 * Titles are plain text (RSS Best Practices Profile, "title"); descriptions are HTML, so the
 * plain-text description is HTML-escaped once and readers show it as written.
 */
import { Feed, type Extension } from 'feed';
import { escapeHtmlText } from '../escape.js';
import type { FeedImage, FeedItem, FeedModel } from './model.js';
import { extendRoot, forXmlJsAttrs, forXmlJsText, htmlForCdata } from './xml.js';

export const RSS_NAMESPACES = Object.freeze({
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
});

function mediaContent(image: FeedImage, isDefault: boolean): Record<string, unknown> {
  const el: Record<string, unknown> = {
    _attributes: forXmlJsAttrs({
      url: image.url,
      medium: 'image',
      type: image.type,
      width: image.width,
      height: image.height,
      // fileSize is left out: the card's byte length is only known once rendered, and the
      // hero is never fetched to build a feed (Media RSS makes fileSize optional).
      isDefault: isDefault ? 'true' : undefined,
    }),
  };
  if (image.alt) el['media:description'] = { _attributes: { type: 'plain' }, _text: forXmlJsText(image.alt) };
  if (image.credit) el['media:credit'] = { _text: forXmlJsText(image.credit) };
  return el;
}

function itemExtensions(item: FeedItem): Extension[] {
  const media = [mediaContent({ ...item.card, alt: item.title }, true)];
  if (item.hero) media.push(mediaContent(item.hero, false));
  const ext: Extension[] = [
    // Overrides feed's <title><![CDATA[…]]>: its CDATA writer splits only the first "]]>".
    { name: 'title', objects: { _text: forXmlJsText(item.title) } },
    { name: 'guid', objects: { _attributes: { isPermaLink: 'false' }, _text: forXmlJsText(item.id) } },
  ];
  if (item.authors.length) ext.push({ name: 'dc:creator', objects: item.authors.map((a) => ({ _text: forXmlJsText(a.name) })) as unknown as Record<string, unknown> });
  ext.push(
    { name: 'media:content', objects: media as unknown as Record<string, unknown> },
    {
      name: 'media:thumbnail',
      objects: { _attributes: forXmlJsAttrs({ url: item.card.url, width: item.card.width, height: item.card.height }) },
    },
  );
  return ext;
}

/** Serializes the model as RSS 2.0. */
export function renderRss(model: FeedModel): string {
  const links = model.links.rss;
  const feed = new Feed({
    title: forXmlJsText(model.title),
    description: forXmlJsText(model.description),
    link: model.homeUrl,
    id: links.feed,
    language: model.language,
    updated: new Date(model.updated),
    generator: 'sharecard',
    feedLinks: { rss: links.self },
    ...(model.logo ? { image: forXmlJsText(model.logo) } : {}),
  });
  for (const item of model.items) {
    feed.addItem({
      title: item.title,
      link: item.url,
      id: item.id,
      date: new Date(item.updated),
      published: new Date(item.published),
      ...(item.description ? { description: escapeHtmlText(item.description) } : {}),
      ...(item.contentHtml ? { content: htmlForCdata(item.contentHtml) } : {}),
      category: item.categories.map((c) => ({ name: forXmlJsText(c.label) })),
      extensions: itemExtensions(item),
    });
  }
  // Self, hub and paging links in one list (replaces the self link feed wrote), RFC 5005 §3
  // and WebSub §4 (https://www.w3.org/TR/websub/#discovery).
  const atomLinks: Record<string, string>[] = [{ href: links.self, rel: 'self', type: 'application/rss+xml' }];
  if (model.hub) atomLinks.push({ href: model.hub, rel: 'hub' });
  for (const rel of ['first', 'previous', 'next', 'last'] as const) {
    const href = links[rel];
    if (href) atomLinks.push({ href, rel, type: 'application/rss+xml' });
  }
  feed.addExtension({ name: 'atom:link', objects: atomLinks.map((a) => ({ _attributes: forXmlJsAttrs(a) })) as unknown as Record<string, unknown> });
  return extendRoot(feed.rss2(), 'rss', { ...RSS_NAMESPACES }, []) + '\n';
}
