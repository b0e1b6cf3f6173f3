/**
 * The share bar as data: for each configured platform its intent URL (from the share payload
 * builders, so the bar and `GET /api/share/:slug` never disagree), its accessible name and its
 * visible label; the optional copy-link and native-share buttons; the direction and language.
 * Pure: the caller passes the share context and the options resolved from config and query.
 */
import { articleDirection } from '../article.js';
import type { Direction } from '../direction.js';
import { SharecardError } from '../errors.js';
import { isSafeHttpUrl } from '../escape.js';
import { buildSharePayloads } from '../share/index.js';
import type { PublishedArticleLike, ShareContext } from '../share/types.js';
import type { SharePlatform } from '../share/utm.js';
import { resolveShareBarLabels, shareOnLabel, type ShareBarLabelOverrides } from './labels.js';

export const shareBarStyles = Object.freeze(['compact', 'full'] as const);
/** `compact`: icons only (the name is the link's accessible name); `full`: icons and labels. */
export type ShareBarStyle = (typeof shareBarStyles)[number];

/** The order the issue and most news sites use; config `shareBar.platforms` changes it. */
export const defaultShareBarPlatforms: readonly SharePlatform[] = Object.freeze(['facebook', 'x', 'linkedin', 'bluesky', 'whatsapp']);

export interface ShareBarOptions {
  /** Platforms in reading order (a right-to-left bar shows the first at the right). */
  platforms: readonly SharePlatform[];
  style: ShareBarStyle;
  /** Offer a "copy link" button (shown only when the script finds the Clipboard API). */
  copyLink: boolean;
  /** Offer a native share button (shown only when the script finds `navigator.share`). */
  nativeShare: boolean;
  /** Per-language label overrides, keyed by BCP 47 tag (`fa`, `pt-BR`). */
  labels: Readonly<Record<string, ShareBarLabelOverrides>>;
}

export type ShareBarArticle = PublishedArticleLike;

export interface ShareBarLink {
  platform: SharePlatform;
  /** The platform's name in the bar's language (the visible label in the full style). */
  name: string;
  /** The accessible name: "Share on Bluesky". */
  label: string;
  /** The platform's share intent URL, with that platform's UTM parameters on the story link. */
  href: string;
}

export interface ShareBarModel {
  slug: string;
  revision: string;
  /** Language of the labels (the story's when built in or configured, else `en`). */
  lang: string;
  /** The story's direction: a right-to-left story gets a right-to-left bar. */
  dir: Direction;
  style: ShareBarStyle;
  /** Accessible name of the bar. */
  label: string;
  links: ShareBarLink[];
  /** The story's canonical URL, copied as is: the reader's destination is not known. */
  copyLink: { label: string; copiedLabel: string; url: string } | null;
  nativeShare: { label: string; url: string; title: string } | null;
}

/**
 * @example
 *   const bar = buildShareBar(article, shareContextFromConfig(config, new Date()), {
 *     platforms: ['x', 'bluesky'], style: 'compact', copyLink: true, nativeShare: false, labels: {},
 *   });
 *   bar.links[1].href // → 'https://bsky.app/intent/compose?text=…'
 */
export function buildShareBar(article: ShareBarArticle, ctx: ShareContext, options: ShareBarOptions): ShareBarModel {
  if (!options.platforms.length) throw new SharecardError('invalid_input', 'A share bar needs at least one platform', { problems: [{ path: ['platforms'], message: 'must name at least one platform' }] });
  const { lang, labels } = resolveShareBarLabels(article.lang, options.labels);
  const payloads = buildSharePayloads(article, ctx).platforms;
  const links = options.platforms.map((platform): ShareBarLink => {
    const href = payloads[platform].intentUrl;
    // The builders only make https intent URLs; this keeps any other scheme out of an href.
    if (!isSafeHttpUrl(href)) throw new SharecardError('internal', `Intent URL for ${platform} is not http(s)`);
    return { platform, name: labels.platforms[platform], label: shareOnLabel(labels, platform), href };
  });
  const url = new URL(article.url).href;
  return {
    slug: article.slug,
    revision: article.revision,
    lang,
    dir: articleDirection(article),
    style: options.style,
    label: labels.bar,
    links,
    copyLink: options.copyLink ? { label: labels.copyLink, copiedLabel: labels.copied, url } : null,
    nativeShare: options.nativeShare ? { label: labels.share, url, title: article.title } : null,
  };
}
