/**
 * What a card template is: a pure module that turns a card (text, brand, optional photo) into
 * a satori element tree for one preset. Templates live in templates/ and import only this
 * file and h.ts; they never read files or the network.
 */
import type { TemplateName } from '../core/article.js';
import type { PresetName } from '../core/presets.js';
import type { El, Style } from './h.js';

/** The text of a card, cleaned and ready to draw. */
export interface CardText {
  title: string;
  description?: string;
  kicker?: string;
  section?: string;
  /** Author names, joined for display. */
  byline?: string;
  /** Publication date formatted for the card's language. */
  date?: string;
  /** Photo credit, drawn only when the photo is. */
  credit?: string;
  lang: string;
  dir: 'ltr' | 'rtl';
}

/** Brand identity from config `site`. The logo is a data: URI, never a URL. */
export interface Brand {
  name: string;
  themeColor: string;
  accentColor: string;
  logo?: { src: string; width: number; height: number };
}

/** An embedded image, already cropped to the size the template asked for. */
export interface CardImage {
  src: string;
  width: number;
  height: number;
}

export interface BaseContext {
  preset: PresetName;
  width: number;
  height: number;
  card: CardText;
  brand: Brand;
  /** `fontFamily` values: every shipped font in fallback order, for this card's language. */
  fonts: { sans: string; serif: string };
  image?: CardImage;
}

/** The box the headline must fit in, and how it is set. */
export interface HeadlineSpec {
  /** The text set as the headline (the quote template sets only the quoted words). */
  text: string;
  width: number;
  height: number;
  maxSize: number;
  minSize: number;
  lineHeight: number;
  role: 'sans' | 'serif';
  weight: number;
  style?: 'normal' | 'italic';
  /** Letter spacing in em. */
  tracking?: number;
}

export interface FittedHeadline {
  fontSize: number;
  /** Lines that fit the box at that size: the clamp that guarantees no overflow. */
  maxLines: number;
  /** True when even the minimum size did not fit and the text is cut with an ellipsis. */
  clamped: boolean;
}

export interface TemplateContext extends BaseContext {
  headline: FittedHeadline;
}

export interface Template {
  name: TemplateName;
  /** Bump on any visual change: it is part of the render cache key. */
  version: number;
  /** Size of the photo this template wants (photo template only), or null for none. */
  imageSize(preset: { width: number; height: number }): { width: number; height: number } | null;
  headline(ctx: BaseContext): HeadlineSpec;
  render(ctx: TemplateContext): El;
}

/**
 * The style of a headline, shared by the fitter's measurement and the template's drawing so
 * both lay the text out identically. `maxLines` adds the clamp with an ellipsis.
 */
export function headlineStyle(spec: HeadlineSpec, fonts: BaseContext['fonts'], fontSize: number, maxLines?: number): Style {
  return {
    display: 'block',
    width: spec.width,
    fontFamily: spec.role === 'serif' ? fonts.serif : fonts.sans,
    fontWeight: spec.weight,
    fontStyle: spec.style ?? 'normal',
    fontSize,
    lineHeight: spec.lineHeight,
    letterSpacing: spec.tracking ? `${spec.tracking}em` : undefined,
    textAlign: 'start',
    // A word wider than the box (a long compound, a URL) breaks instead of running off the
    // card. The fitter first picks a size at which the widest word fits (fitHeadline), so a
    // word is only broken when even the smallest size cannot hold it.
    overflowWrap: 'break-word',
    // No widow: when the last line would hold less than a third of the width, satori lays the
    // text out again at 90% width (a word or a short phrase alone on the last line reads
    // as an accident on a card). `balance` evened every line and changed most cards.
    textWrap: 'pretty',
    // No overflow: hidden: it would clip marks and descenders that reach past the line box.
    ...(maxLines ? { lineClamp: maxLines, textOverflow: 'ellipsis' } : {}),
  };
}

/**
 * The `lang` attribute to give satori. Satori picks a locale as the first of its keys that
 * starts with the tag, and some keys are script names: `de` selected `devanagari` (and `ka`
 * `kannada`), whose `toLocaleUpperCase` threw, so no German card with a section label could
 * render. Only languages satori has a locale for (CJK font choice, Thai, Arabic, Hebrew,
 * Indic) are passed on; other languages need none.
 */
export function satoriLang(lang: string): string | undefined {
  return /^(ja|ko|zh|th|bn|ar|ta|ml|he|te)(-|$)/i.test(lang) ? lang : undefined;
}

/** Candidate sizes from max down to min, in steps of about 4 px. */
export function candidateSizes(spec: HeadlineSpec): number[] {
  const out: number[] = [];
  for (let s = spec.maxSize; s > spec.minSize; s -= 4) out.push(s);
  out.push(spec.minSize);
  return out;
}
