/**
 * Share payloads for every platform from one stored article: fitted text, intent URL and API
 * request per platform. Pure: the caller passes the context (config values and the time).
 *
 * @example
 *   const share = buildSharePayloads(article, shareContextFromConfig(config, new Date()));
 *   share.platforms.x.intentUrl // → 'https://x.com/intent/tweet?text=…'
 */
import { buildBlueskyPayload } from './bluesky.js';
import { buildFacebookPayload } from './facebook.js';
import { hashtagsOf } from './hashtags.js';
import { buildLinkedInPayload } from './linkedin.js';
import type { PublishedArticleLike, ShareContext, SharePayload } from './types.js';
import type { SharePlatform } from './utm.js';
import { buildWhatsAppPayload } from './whatsapp.js';
import { buildXPayload } from './x.js';

export interface SharePayloads {
  slug: string;
  revision: string;
  canonical: string;
  platforms: Record<SharePlatform, SharePayload>;
}

/** Config keys the builders read, without importing the config module into the core. */
export interface ShareConfigLike {
  server: { publicUrl: string };
  site: { name: string; x: string | null; bluesky: string | null };
  share: {
    utm: boolean;
    utmMedium: string;
    utmCampaign: string;
    maxHashtags: number;
    linkedinVersion: string;
    linkedinAuthor: string;
    facebookPageId: string;
    facebookGraphVersion: string;
    blueskyService: string;
  };
}

export function shareContextFromConfig(config: ShareConfigLike, now: Date): ShareContext {
  const s = config.share;
  return {
    publicUrl: config.server.publicUrl,
    site: { name: config.site.name, x: config.site.x, bluesky: config.site.bluesky },
    utm: { enabled: s.utm, medium: s.utmMedium, campaign: s.utmCampaign },
    maxHashtags: s.maxHashtags,
    linkedin: { version: s.linkedinVersion, author: s.linkedinAuthor },
    facebook: { pageId: s.facebookPageId, graphVersion: s.facebookGraphVersion },
    bluesky: { service: s.blueskyService },
    now,
  };
}

export function buildSharePayloads(article: PublishedArticleLike, ctx: ShareContext): SharePayloads {
  const hashtags = hashtagsOf(article.tags, ctx.maxHashtags);
  return {
    slug: article.slug,
    revision: article.revision,
    canonical: article.url,
    platforms: {
      x: buildXPayload(article, ctx, hashtags),
      bluesky: buildBlueskyPayload(article, ctx, hashtags),
      linkedin: buildLinkedInPayload(article, ctx, hashtags),
      whatsapp: buildWhatsAppPayload(article, ctx),
      facebook: buildFacebookPayload(article, ctx),
    },
  };
}

export { buildXPayload, parseXText, xWeightedLength, X_MAX_WEIGHTED_LENGTH } from './x.js';
export { buildBlueskyPayload, buildBlueskyFacets, BLUESKY_MAX_BYTES, BLUESKY_MAX_GRAPHEMES } from './bluesky.js';
export { detectBlueskyFacets } from './bluesky-facets.js';
export type { BlueskyFacet, BlueskyHandleSpan } from './bluesky-facets.js';
export { isolateForRtl } from './bidi.js';
export { buildLinkedInPayload, escapeLittleText } from './linkedin.js';
export { buildWhatsAppPayload } from './whatsapp.js';
export { buildFacebookPayload } from './facebook.js';
export { withUtm, sharePlatforms } from './utm.js';
export type { SharePlatform, UtmOptions } from './utm.js';
export { hashtagOf, hashtagsOf } from './hashtags.js';
export { shortenToFit } from './fit-text.js';
export type { ShareContext, SharePayload, ApiRequest, ImageUpload, PublishedArticleLike } from './types.js';
