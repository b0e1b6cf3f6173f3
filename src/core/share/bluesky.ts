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
import { blueskyLinkRanges, detectBlueskyFacets, type BlueskyFacet } from './bluesky-facets.js';
import { isolateForRtl } from './bidi.js';
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

/**
 * Link, tag and cashtag facets (and mentions whose DID is in `dids`) for every entity the AT
 * Protocol's own detection finds in `text`, sorted by offset (bluesky-facets.ts).
 *
 * @example
 *   buildBlueskyFacets('🚢 https://example.com #Iran')
 *   // → link at bytes 5–24, tag at bytes 25–30
 */
export function buildBlueskyFacets(text: string, dids: Readonly<Record<string, string>> = {}): BlueskyFacet[] {
  return detectBlueskyFacets(text, dids).facets;
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
  // Right-to-left stories keep Latin tags, handles and links in reading order (bidi.ts).
  const compose = (h: string, tags: readonly string[]) => isolateForRtl(composeBluesky(h, linkInText, tags), 'bluesky');
  const headline = shortenToFit(article.title, (h) => fitsBluesky(compose(h, [])), {
    lang: article.lang,
    protect: blueskyLinkRanges(article.title),
  });
  const chosen: string[] = [];
  for (const tag of hashtags) if (fitsBluesky(compose(headline, [...chosen, tag]))) chosen.push(tag);
  const text = compose(headline, chosen);
  const { facets, unresolvedHandles } = detectBlueskyFacets(text, ctx.bluesky.dids);

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
    shortened: headline !== article.title,
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
    // Mentions need a DID (com.atproto.identity.resolveHandle); these had none in ctx.bluesky.dids.
    ...(unresolvedHandles.length ? { unresolvedHandles } : {}),
  };
}
