/**
 * What a card template is: a pure module that turns a card (text, brand, optional photo) into
 * a satori element tree for one preset. Templates live in templates/ and import only this
 * file and h.ts; they never read files or the network.
 */
import type { TemplateName } from '../core/article.js';
import type { PresetName } from '../core/presets.js';
import { h, type El, type Style } from './h.js';
import type { FontSet } from './fonts.js';
import { scriptClass, type ScriptClass } from './scripts.js';

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

/** Marks and joiners belong to the word they sit in (ZWNJ in Persian, WJ in Japanese phrases). */
const JOINING = /[\p{M}\u200c\u200d\u2060]/u;

/** Line height of another script's words in a headline: too small to set a line's height. */
const OTHER_SCRIPT_LINE_HEIGHT = 0.5;

/**
 * The headline as satori's children: the words of a script other than the headline's main one
 * in spans with a small line height. Why: given plain text, satori sets each line's baseline by
 * the font of the line's first word, so in an English headline the line that began with a
 * Persian word sat ~6 px higher than the others (Vazirmatn's ascent and descent differ from the
 * serif's). Given spans, it lays lines out as CSS does (each word's box centred on its own
 * font's metrics, the line as tall as the tallest box), so the other script's words get a box
 * that never reaches past the main font's: every line is as tall as the main font makes it,
 * baselines evenly spaced. A headline in one script is returned as it is, and so is a
 * right-to-left one: satori reorders text across spans wrongly in a right-to-left paragraph
 * ("G7" moved to the wrong end of its line). Those lines are kept even by the fonts instead:
 * a right-to-left card's stacks start with its script's family, whose own Latin then draws the
 * Latin words (fonts.ts, leadFamily).
 */
export function headlineChildren(text: string, dir: 'ltr' | 'rtl'): (El | string)[] {
  const pieces: { cls: ScriptClass | null; text: string }[] = [];
  const letters = new Map<ScriptClass, number>();
  for (const ch of text) {
    const last = pieces[pieces.length - 1];
    const cls = JOINING.test(ch) && last ? last.cls : scriptClass(ch);
    if (cls && !JOINING.test(ch)) letters.set(cls, (letters.get(cls) ?? 0) + 1);
    if (last && last.cls === cls) last.text += ch;
    else pieces.push({ cls, text: ch });
  }
  if (letters.size < 2 || dir === 'rtl') return [text];
  const main = [...letters].sort((a, b) => b[1] - a[1])[0][0];
  const inside = { lineHeight: OTHER_SCRIPT_LINE_HEIGHT };
  const out: (El | string)[] = [];
  for (const p of pieces) {
    const el = p.cls && p.cls !== main ? h('span', { style: inside }, p.text) : p.text;
    if (typeof el === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += el;
    else out.push(el);
  }
  return out;
}

/**
 * The headline element, as the template draws it and the fitter measures it: one spelling, so
 * both lay the text out identically. `fit.maxLines` clamps with an ellipsis; `style` adds to it.
 */
export function headlineElement(
  spec: HeadlineSpec,
  base: Pick<BaseContext, 'fonts' | 'card'>,
  fit: Pick<FittedHeadline, 'fontSize'> & Partial<FittedHeadline>,
  options: { style?: Style; key?: string } = {},
): El {
  // A headline cut with an ellipsis stays plain text: satori's span layout does not clamp (the
  // lines ran past the card).
  const children = fit.clamped ? [spec.text] : headlineChildren(spec.text, base.card.dir);
  // Satori's layout for text with spans knows `balance` but not `pretty`: balanced lines keep a
  // mixed-script headline's last word from standing alone.
  const wrap = children.length > 1 ? { textWrap: 'balance' } : {};
  const style = { ...headlineStyle(spec, base.fonts, fit.fontSize, fit.maxLines), ...wrap, ...options.style };
  return h('div', { key: options.key, style }, ...children);
}

/** Candidate sizes from max down to min, in steps of about 4 px. */
export function candidateSizes(spec: HeadlineSpec): number[] {
  const out: number[] = [];
  for (let s = spec.maxSize; s > spec.minSize; s -= 4) out.push(s);
  out.push(spec.minSize);
  return out;
}
