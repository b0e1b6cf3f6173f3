/**
 * Shapes shared by the share payload builders. A builder takes a stored article and a context
 * derived from config, and returns the fitted text, the intent URL and the API request.
 */
import type { StoredArticle } from '../article.js';
import type { ImageFormat } from '../presets.js';
import type { SharePlatform, UtmOptions } from './utm.js';

export type PublishedArticleLike = Pick<
  StoredArticle,
  'slug' | 'revision' | 'url' | 'title' | 'description' | 'lang' | 'tags' | 'template' | 'image' | 'section'
>;

/** Everything the builders need from config, as plain data (src/core reads no config itself). */
export interface ShareContext {
  /** Public base URL of this sharecard (card image URLs). */
  publicUrl: string;
  site: { name: string; x: string | null; bluesky: string | null };
  utm: UtmOptions;
  /** Most hashtags to add from tags (X and Bluesky), where they fit. */
  maxHashtags: number;
  linkedin: { version: string; author: string };
  facebook: { pageId: string; graphVersion: string };
  bluesky: {
    service: string;
    /** Handle (lower case) → DID, for the `@handles` in the text to become mention facets. */
    dids?: Readonly<Record<string, string>>;
  };
  /** Time the post would be created (Bluesky `createdAt`); passed in so the core stays pure. */
  now: Date;
}

/** An HTTP request a posting tool would send, with placeholders where credentials go. */
export interface ApiRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** An image the posting tool must upload first, and where the resulting reference goes. */
export interface ImageUpload {
  /** The card to fetch and upload. */
  imageUrl: string;
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** The platform's size limit for it, in bytes. */
  maxBytes: number;
  /** The upload call (body is the image bytes unless stated). */
  upload: ApiRequest;
  /** JSON path in `request.body` where the uploaded reference replaces the placeholder. */
  target: string;
}

export interface SharePayload {
  platform: SharePlatform;
  /** The post text, fitted to the platform's own counting. */
  text: string;
  /** The shared link (canonical URL with this platform's UTM parameters). */
  link: string;
  /** The platform's counters for `text`, with their limits. */
  counts: Record<string, number>;
  intentUrl: string;
  request: ApiRequest | null;
  thumbnail?: ImageUpload;
  /** X, Bluesky and LinkedIn: true when the headline was cut (with "…") to fit the limit. */
  shortened?: boolean;
  /**
   * Bluesky: `@handles` in the text that are not mention facets yet because no DID was given
   * for them; a posting tool resolves each (com.atproto.identity.resolveHandle) and adds a
   * `app.bsky.richtext.facet#mention` facet at these UTF-8 byte offsets.
   */
  unresolvedHandles?: { handle: string; byteStart: number; byteEnd: number }[];
}

export type { ImageFormat };
