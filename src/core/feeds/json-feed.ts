/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). `feed` 6 writes version 1.0 (a
 * singular `author`, `content_html` holding the plain-text description, no `language`); this
 * takes its output and upgrades it: `authors` arrays, feed and item `language`, `hubs`,
 * `next_url` for paging, `content_html` only for HTML and `content_text` otherwise (1.1:
 * "the only place HTML is allowed in this format is in content_html"). Keys are written in a
 * fixed order, so the same data always gives the same bytes.
 */
import { Feed } from 'feed';
import type { FeedModel } from './model.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

interface JsonFeedV1Item {
  id: string;
  url?: string;
  title?: string;
  image?: string;
  date_published?: string;
  date_modified?: string;
  tags?: string[];
}

/** Serializes the model as JSON Feed 1.1. */
export function renderJsonFeed(model: FeedModel): string {
  const links = model.links.json;
  const feed = new Feed({
    title: model.title,
    description: model.description,
    link: model.homeUrl,
    id: links.feed,
    feedLinks: { json: links.feed },
    ...(model.logo ? { image: model.logo } : {}),
  });
  for (const item of model.items) {
    feed.addItem({
      title: item.title,
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      image: item.card.url,
      category: item.categories.map((c) => ({ name: c.label })),
    });
  }
  const v1 = JSON.parse(feed.json1()) as { title: string; home_page_url?: string; feed_url?: string; description?: string; icon?: string; items: JsonFeedV1Item[] };

  const items = model.items.map((item, i) => {
    const base = v1.items[i];
    return {
      id: base.id,
      url: base.url,
      title: base.title,
      ...(item.contentHtml ? { content_html: item.contentHtml } : { content_text: item.description ?? item.title }),
      // With content_text already the description, a summary would only repeat it.
      ...(item.contentHtml && item.description ? { summary: item.description } : {}),
      image: base.image,
      ...(item.hero ? { banner_image: item.hero.url } : {}),
      date_published: base.date_published,
      date_modified: base.date_modified,
      ...(item.authors.length ? { authors: item.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })) } : {}),
      ...(base.tags?.length ? { tags: base.tags } : {}),
      language: item.lang,
    };
  });

  const out = {
    version: JSON_FEED_VERSION,
    title: v1.title,
    home_page_url: v1.home_page_url,
    feed_url: v1.feed_url,
    ...(v1.description ? { description: v1.description } : {}),
    // 1.1 has only next_url; it must differ from feed_url and every earlier next_url.
    ...(links.next ? { next_url: links.next } : {}),
    ...(v1.icon ? { icon: v1.icon } : {}),
    authors: [{ name: model.author.name, url: model.author.url }],
    language: model.language,
    ...(model.hub ? { hubs: [{ type: 'WebSub', url: model.hub }] } : {}),
    items,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
