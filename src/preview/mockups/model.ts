/**
 * What every platform mockup draws from: the story's shared fields, the card images and the
 * share texts. Built once per page by the story page; each mockup module turns it into HTML.
 */
import type { SharePlatform } from '../../core/share/index.js';
import { graphemes } from '../../core/text.js';
import { el, type SafeHtml } from '../html.js';

export interface MockImage {
  /** Same-origin URL of the rendered card (or a blob: URL once the script re-renders). */
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface MockupModel {
  title: string;
  /** What platforms show as the description: the article's, else its kicker (as the meta tags). */
  description?: string;
  url: string;
  lang: string;
  siteName: string;
  siteX: string | null;
  siteBluesky: string | null;
  images: { og: MockImage; x: MockImage };
  shareTexts: Record<SharePlatform, string>;
  /** WhatsApp drops an image over its budget: draw the preview without one. */
  whatsappImageDropped: boolean;
}

/** `URL.host` as Bluesky shows it (keeps www. and the port; C: toNiceDomain). */
export function hostOf(url: string): string {
  return new URL(url).host;
}

/** The host minus a leading "www.", as X, Facebook and LinkedIn show it. */
export function niceHost(url: string): string {
  return new URL(url).host.replace(/^www\./, '');
}

/**
 * Cuts text to at most `maxBytes` of UTF-8 at a grapheme boundary, adding "…" when cut.
 * Discord trims embed titles to 70 bytes and descriptions to 350 (PLATFORM-CARDS.md §7).
 */
export function trimToBytes(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (Buffer.byteLength(text) <= maxBytes) return { text, cut: false };
  const budget = maxBytes - Buffer.byteLength('…');
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const n = Buffer.byteLength(g);
    if (used + n > budget) break;
    out += g;
    used += n;
  }
  return { text: out.trimEnd() + '…', cut: true };
}

export function cardImage(kind: 'og' | 'x', img: MockImage, extra: Record<string, string> = {}): SafeHtml {
  return el('img', { class: 'card-img', src: img.src, alt: img.alt, width: img.width, height: img.height, 'data-card': kind, ...extra });
}

export function mockHeading(id: string, name: string, note: string): SafeHtml {
  return el('h3', { id }, name, el('span', { class: 'mock-note' }, note));
}

export const avatar = (): SafeHtml => el('span', { class: 'avatar', 'aria-hidden': 'true' });

/** The frame every mockup shares: a labelled article, the heading with its note, the platform frame. */
export function mockFrame(platform: string, name: string, note: string, frameClass: string, ...content: SafeHtml[]): SafeHtml {
  const id = `mock-${platform}-h`;
  return el('article', { class: 'mock', 'aria-labelledby': id, 'data-platform': platform }, mockHeading(id, name, note), el('div', { class: frameClass }, ...content));
}

/** A post by the site's account (X and Bluesky): avatar, name and handle, the share text, then the card. */
export function sitePost(m: MockupModel, platform: 'x' | 'bluesky', handle: string | null | undefined, card: SafeHtml): SafeHtml {
  return el(
    'div',
    { class: 'post' },
    avatar(),
    el(
      'div',
      null,
      el('div', { class: 'post-head' }, el('span', { class: 'name' }, m.siteName), el('span', { class: 'handle clamp-1', dir: 'ltr' }, handle ? `@${handle}` : '')),
      el('p', { class: 'post-text', dir: 'auto', lang: m.lang, 'data-share-text': platform }, m.shareTexts[platform]),
      card,
    ),
  );
}
