/**
 * LinkedIn: the Posts API request for an article share, and the share-offsite intent.
 * - Posts API: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
 *   (`LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0` headers are required).
 * - `commentary` is "little" text: the reserved characters must be backslash-escaped or
 *   LinkedIn truncates the post at the first one; hashtags use the `{hashtag|\#|tag}` template.
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
 * - The article thumbnail is an image URN from the Images API, so the body carries a placeholder
 *   and `thumbnail` says what to upload.
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api
 */
import { cardUrl } from '../links.js';
import { mimeOf, preferredFormat } from '../card-choice.js';
import { presets } from '../presets.js';
import { shortenToFit } from './fit-text.js';
import type { PublishedArticleLike, ShareContext, SharePayload } from './types.js';
import { urlWithQuery, withUtm } from './utm.js';

export const LINKEDIN_MAX_COMMENTARY_CHARS = 3000;
export const LINKEDIN_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const LINKEDIN_THUMBNAIL_PLACEHOLDER = 'urn:li:image:<uploaded image id>';

// The reserved set of the little text format: \ | { } @ [ ] ( ) < > # * _ ~
const LITTLE_RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * Plain text as a little-text TextElement: every reserved character backslash-escaped.
 *
 * @example
 *   escapeLittleText('C# (beta)') // → 'C\\# \\(beta\\)'
 */
export function escapeLittleText(s: string): string {
  return s.replace(LITTLE_RESERVED, (c) => `\\${c}`);
}

/** A little-text hashtag template; the tag text itself is escaped like any text. */
export function littleHashtag(tag: string): string {
  return `{hashtag|\\#|${escapeLittleText(tag)}}`;
}

// A hashtag the writer typed in the headline: `#` at the start or after white space, then
// letters, marks, digits or `_` with at least one letter (LinkedIn links "#2026" as text).
const TYPED_HASHTAG = /(^|\s)#([\p{L}\p{M}\p{Nd}_]*\p{L}[\p{L}\p{M}\p{Nd}_]*)/gu;

/**
 * Plain text as little text, with the hashtags typed in it written as LinkedIn hashtag
 * templates (so they link on LinkedIn as they do on X and Bluesky) and everything else escaped.
 * `@handles` stay escaped text: a LinkedIn mention needs the member's or page's URN
 * (`@[Name](urn:li:organization:…)`), which an article does not carry.
 *
 * @example
 *   littleTextWithHashtags('Talks #Diplomacy (day 2)') // → 'Talks {hashtag|\\#|Diplomacy} \\(day 2\\)'
 */
export function littleTextWithHashtags(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(TYPED_HASHTAG)) {
    const start = m.index + m[1].length;
    out += escapeLittleText(s.slice(last, start)) + littleHashtag(m[2]);
    last = start + 1 + m[2].length;
  }
  return out + escapeLittleText(s.slice(last));
}

// LinkedIn counts characters; UTF-16 code units are never fewer than that, so this is safe.
const fitsCommentary = (s: string) => s.length <= LINKEDIN_MAX_COMMENTARY_CHARS;

export function buildLinkedInPayload(article: PublishedArticleLike, ctx: ShareContext, hashtags: readonly string[]): SharePayload {
  const link = withUtm(article.url, 'linkedin', ctx.utm);
  const compose = (headline: string, tags: readonly string[]) =>
    [littleTextWithHashtags(headline), tags.map(littleHashtag).join(' ')].filter(Boolean).join('\n\n');
  const headline = shortenToFit(article.title, (h) => fitsCommentary(compose(h, [])), { lang: article.lang });
  const chosen: string[] = [];
  for (const tag of hashtags) if (fitsCommentary(compose(headline, [...chosen, tag]))) chosen.push(tag);
  const commentary = compose(headline, chosen);

  const format = preferredFormat(article);
  const body = {
    author: ctx.linkedin.author,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    content: {
      article: {
        source: link,
        title: article.title,
        ...(article.description ? { description: article.description } : {}),
        thumbnail: LINKEDIN_THUMBNAIL_PLACEHOLDER,
      },
    },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
  };
  const headers = {
    'Content-Type': 'application/json',
    Authorization: 'Bearer <member or organization access token>',
    'LinkedIn-Version': ctx.linkedin.version,
    'X-Restli-Protocol-Version': '2.0.0',
  };
  return {
    platform: 'linkedin',
    text: commentary,
    link,
    counts: { chars: commentary.length, maxChars: LINKEDIN_MAX_COMMENTARY_CHARS },
    shortened: headline !== article.title,
    // share-offsite takes only `url`; title and image come from the page's og:* tags.
    // https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/share-on-linkedin
    intentUrl: urlWithQuery('https://www.linkedin.com/sharing/share-offsite/', { url: link }),
    request: { method: 'POST', url: 'https://api.linkedin.com/rest/posts', headers, body },
    thumbnail: {
      imageUrl: cardUrl(ctx.publicUrl, article, 'og', format),
      mimeType: mimeOf[format],
      width: presets.og.width,
      height: presets.og.height,
      maxBytes: LINKEDIN_MAX_IMAGE_BYTES,
      upload: {
        method: 'POST',
        url: 'https://api.linkedin.com/rest/images?action=initializeUpload',
        headers,
        body: { initializeUploadRequest: { owner: ctx.linkedin.author } },
      },
      target: 'content.article.thumbnail',
    },
  };
}
