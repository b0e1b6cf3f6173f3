/**
 * What a card template is: a pure module that turns a card (text, brand, optional photo) into
 * a satori element tree for one preset. Templates live in templates/ and import only this
 * file and h.ts; they never read files or the network.
 */
import type { TemplateName } from '../core/article.js';
import type { PresetName } from '../core/presets.js';
import type { El, Style } from './h.js';
import type { FontSet } from './fonts.js';
import type { TextFont, TextLayout } from './text/layout.js';

export type { TextFont, TextLayout, TextBox } from './text/layout.js';

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
  /** `fontFamily` values: every shipped font in fallback order, for this card's language and direction. */
  fonts: FontSet['stacks'];
  image?: CardImage;
  /** Lays out every text the card draws (line breaks per language, bidi order): text/layout.ts. */
  text: TextLayout;
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

/** The font a headline is set in at `fontSize`: one spelling for the fitter and the template. */
export function headlineFont(spec: HeadlineSpec, fonts: BaseContext['fonts'], fontSize: number): TextFont {
  return {
    family: spec.role === 'serif' ? fonts.serif : fonts.sans,
    weight: spec.weight,
    style: spec.style ?? 'normal',
    size: fontSize,
    lineHeight: spec.lineHeight,
    tracking: spec.tracking,
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

/**
 * The headline element as the template draws it: the fitted size, clamped to the lines that
 * fit with an ellipsis. `style` adds to its outer box (a text shadow, say).
 */
export function headlineElement(spec: HeadlineSpec, base: Pick<BaseContext, 'fonts' | 'text'>, fit: FittedHeadline, options: { style?: Style } = {}): El {
  return base.text.block(spec.text, headlineFont(spec, base.fonts, fit.fontSize), { width: spec.width, maxLines: fit.maxLines, style: options.style });
}

/** Candidate sizes from max down to min, in steps of about 4 px. */
export function candidateSizes(spec: HeadlineSpec): number[] {
  const out: number[] = [];
  for (let s = spec.maxSize; s > spec.minSize; s -= 4) out.push(s);
  out.push(spec.minSize);
  return out;
}

/**
 * Picks the largest candidate size at which the headline fits its box with no word broken
 * between letters; when every size breaks a word (a 60-letter compound), the smallest, where it
 * breaks least. When even that does not fit, the text is clamped to the lines that fit, with an
 * ellipsis at a word boundary. Synchronous: widths come from the card's TextLayout, which notes
 * what it has not measured (the pipeline measures and asks again).
 */
export function fitHeadline(spec: HeadlineSpec, base: Pick<BaseContext, 'fonts' | 'text'>): FittedHeadline {
  const linesAt = (size: number) => Math.max(1, Math.floor(spec.height / (size * spec.lineHeight) + 0.01));
  const tried = candidateSizes(spec).map((size) => {
    const p = base.text.paragraph(spec.text, headlineFont(spec, base.fonts, size), { width: spec.width });
    return { size, lines: p.lines.length, brokeWord: p.brokeWord };
  });
  const whole = tried.filter((t) => !t.brokeWord);
  const candidates = whole.length ? whole : tried.slice(-1);
  const fit = candidates.find((t) => t.lines * t.size * spec.lineHeight <= spec.height + 0.5);
  if (fit) return { fontSize: fit.size, maxLines: linesAt(fit.size), clamped: false };
  return { fontSize: spec.minSize, maxLines: linesAt(spec.minSize), clamped: true };
}
