/**
 * Bluesky: an `app.bsky.feed.post` record valid against the official lexicon, its rich-text
 * facets with UTF-8 byte offsets, an external link card, the compose intent and the
 * `com.atproto.repo.createRecord` request.
 * - Post text: at most 300 graphemes and 3000 bytes of UTF-8 (lexicon `maxGraphemes`/`maxLength`).
 *   https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json
 * - Facet offsets are UTF-8 byte offsets, end exclusive:
 *   https://docs.bsky.app/docs/advanced-guides/post-richtext
 * - The card thumbnail is a blob (≤ 1,000,000 bytes) that must be uploaded first, so the record
 *   leaves `thumb` out and the payload says what to upload and where the blob ref goes:
 *   https://docs.bsky.app/docs/advanced-guides/posts#website-card-embeds
 */
import { countGraphemes } from '../text.js';
import { cardUrl } from '../links.js';
import { mimeOf, preferredFormat } from '../card-choice.js';
import { presets } from '../presets.js';
import { shortenToFit } from './fit-text.js';
import { urlSpans } from './x.js';
import type { PublishedArticleLike, ShareContext, SharePayload } from './types.js';
import { urlWithQuery, withUtm } from './utm.js';

export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;
export const BLUESKY_MAX_LANGS = 3;
/** Blob size limit of `app.bsky.embed.external#external.thumb`. */
export const BLUESKY_THUMB_MAX_BYTES = 1_000_000;
// A link longer than this is left to the card alone, so the headline keeps room in the text.
const MAX_LINK_GRAPHEMES_IN_TEXT = 200;

const utf8 = new TextEncoder();
const byteLength = (s: string) => utf8.encode(s).length;

export interface BlueskyFacet {
  $type: 'app.bsky.richtext.facet';
  index: { byteStart: number; byteEnd: number };
  features: ({ $type: 'app.bsky.richtext.facet#link'; uri: string } | { $type: 'app.bsky.richtext.facet#tag'; tag: string })[];
}

// Same patterns as @atproto/api's RichText detection (rich-text/util.ts), so the facets we send
// are the ones the app would detect in the same text.
const BSKY_URL = /(^|\s|\()(https?:\/\/\S+)/gu;
const BSKY_TAG =
  /(^|\s)[#＃]((?!\ufe0f)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*)?/gu;

/** UTF-8 byte offset of a UTF-16 index in `text`. */
function byteOffset(text: string, utf16Index: number): number {
  return byteLength(text.slice(0, utf16Index));
}

/**
 * Link facets for every http(s) URL and tag facets for every `#tag` in `text`, sorted by offset.
 *
 * @example
 *   buildBlueskyFacets('🚢 https://example.com #Iran')
 *   // → link at bytes 5–24, tag at bytes 25–30
 */
export function buildBlueskyFacets(text: string): BlueskyFacet[] {
  const facets: BlueskyFacet[] = [];
  for (const m of text.matchAll(BSKY_URL)) {
    let uri = m[2];
    const start = m.index + m[1].length;
    // Trailing punctuation is not part of a link, nor an unbalanced closing parenthesis.
    if (/[.,;:!?]$/.test(uri)) uri = uri.slice(0, -1);
    if (uri.endsWith(')') && !uri.includes('(')) uri = uri.slice(0, -1);
    facets.push({
      $type: 'app.bsky.richtext.facet',
      index: { byteStart: byteOffset(text, start), byteEnd: byteOffset(text, start + uri.length) },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
    });
  }
  for (const m of text.matchAll(BSKY_TAG)) {
    if (!m[2]) continue;
    const tag = m[2].trim().replace(/\p{P}+$/gu, '');
    if (!tag || tag.length > 64) continue;
    const start = m.index + m[1].length;
    facets.push({
      $type: 'app.bsky.richtext.facet',
      index: { byteStart: byteOffset(text, start), byteEnd: byteOffset(text, start + 1 + tag.length) },
      features: [{ $type: 'app.bsky.richtext.facet#tag', tag }],
    });
  }
  return facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
}

function composeBluesky(headline: string, link: string | null, hashtags: readonly string[]): string {
  const parts = [headline];
  if (link) parts.push(link);
  if (hashtags.length) parts.push(hashtags.map((h) => `#${h}`).join(' '));
  return parts.filter(Boolean).join('\n\n');
}

const fitsBluesky = (s: string) => countGraphemes(s) <= BLUESKY_MAX_GRAPHEMES && byteLength(s) <= BLUESKY_MAX_BYTES;

export function buildBlueskyPayload(article: PublishedArticleLike, ctx: ShareContext, hashtags: readonly string[]): SharePayload {
  const link = withUtm(article.url, 'bluesky', ctx.utm);
  const linkInText = countGraphemes(link) <= MAX_LINK_GRAPHEMES_IN_TEXT ? link : null;
  const headline = shortenToFit(article.title, (h) => fitsBluesky(composeBluesky(h, linkInText, [])), {
    lang: article.lang,
    protect: urlSpans(article.title).map((u) => [u.start, u.end] as const),
  });
  const chosen: string[] = [];
  for (const tag of hashtags) if (fitsBluesky(composeBluesky(headline, linkInText, [...chosen, tag]))) chosen.push(tag);
  const text = composeBluesky(headline, linkInText, chosen);
  const facets = buildBlueskyFacets(text);

  const format = preferredFormat(article);
  const thumbUrl = cardUrl(ctx.publicUrl, article, 'og', format);
  const record = {
    $type: 'app.bsky.feed.post',
    text,
    ...(facets.length ? { facets } : {}),
    langs: [article.lang].slice(0, BLUESKY_MAX_LANGS),
    createdAt: ctx.now.toISOString(),
    embed: {
      $type: 'app.bsky.embed.external',
      external: { uri: link, title: article.title, description: article.description ?? '' },
    },
  };
  const xrpc = (method: string) => new URL(`/xrpc/${method}`, ctx.bluesky.service).href;
  const auth = 'Bearer <accessJwt from com.atproto.server.createSession>';
  return {
    platform: 'bluesky',
    text,
    link,
    counts: {
      graphemes: countGraphemes(text),
      maxGraphemes: BLUESKY_MAX_GRAPHEMES,
      bytes: byteLength(text),
      maxBytes: BLUESKY_MAX_BYTES,
    },
    // https://docs.bsky.app/docs/advanced-guides/intent-links
    intentUrl: urlWithQuery('https://bsky.app/intent/compose', { text }),
    request: {
      method: 'POST',
      url: xrpc('com.atproto.repo.createRecord'),
      headers: { 'Content-Type': 'application/json', Authorization: auth },
      body: { repo: ctx.site.bluesky ?? '<did or handle>', collection: 'app.bsky.feed.post', record },
    },
    thumbnail: {
      imageUrl: thumbUrl,
      mimeType: mimeOf[format],
      width: presets.og.width,
      height: presets.og.height,
      maxBytes: BLUESKY_THUMB_MAX_BYTES,
      upload: {
        method: 'POST',
        url: xrpc('com.atproto.repo.uploadBlob'),
        headers: { 'Content-Type': mimeOf[format], Authorization: auth },
        body: '<the image bytes>',
      },
      target: 'record.embed.external.thumb',
    },
  };
}
