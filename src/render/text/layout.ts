/**
 * Text for templates: every string a card draws goes through here, so every one is broken into
 * lines by its language's rules and ordered by the bidi algorithm (lines.ts), then handed to
 * satori as lines of runs that each go one way. Satori's own bidi is a simplification that drew
 * "14:30" as "30:14" in a right-to-left line and scrambled a Persian phrase across a line
 * break in an English headline; given one-direction runs in visual order it has nothing left to
 * reorder.
 *
 * Measuring is asynchronous (a satori layout pass) and templates are synchronous, so the layout
 * answers from a table of measured widths and notes what it has not measured; the pipeline
 * measures those in one pass and asks the template again (pipeline.ts, buildCardTree).
 */
import { h, type El, type Style } from '../h.js';
import { layoutParagraph, type Paragraph } from './lines.js';

/** How a text is set. Sizes in px; `tracking` (letter spacing) in em. */
export interface TextFont {
  family: string;
  weight: number;
  size: number;
  lineHeight: number;
  style?: 'normal' | 'italic';
  tracking?: number;
}

export interface TextBox {
  width: number;
  maxLines?: number;
  /** Added to the block's outer box (margins, colour, text shadow). */
  style?: Style;
}

/** A piece of text to measure at size 100, in one direction, in one font. */
export interface MeasureRequest {
  text: string;
  rtl: boolean;
  font: Omit<TextFont, 'size' | 'lineHeight'>;
}

export interface TextLayout {
  /** Width in px of `text` set on one line. */
  width(text: string, font: TextFont): number;
  /** `text` in lines at most `box.width` wide. */
  paragraph(text: string, font: TextFont, box: TextBox): Paragraph;
  /** `text` as a block of lines for the card: a column of rows, each in visual order. */
  block(text: string, font: TextFont, box: TextBox): El;
  /** The pieces asked for and not measured yet; forgets them. */
  takeMisses(): MeasureRequest[];
}

/** A font as satori's CSS properties. */
export function fontCss(font: TextFont): Style {
  return {
    fontFamily: font.family,
    fontWeight: font.weight,
    fontStyle: font.style ?? 'normal',
    fontSize: font.size,
    lineHeight: font.lineHeight,
    letterSpacing: font.tracking ? `${font.tracking}em` : undefined,
  };
}

/** Measured widths at size 100, shared by every card a worker draws. */
export type WidthTable = Map<string, number>;

/**
 * Fonts as short numbers in the width table's keys: a stack names every face of the card
 * (300-900 characters), and 50,000 keys that spelled it out held ~20 MB a worker.
 */
const fontIds = new Map<string, Map<string, number>>();
let nextFontId = 0;
const fontKey = (f: Omit<TextFont, 'size' | 'lineHeight'>) => {
  // By family first: the stack is the same string object all card long, and a map keyed by it
  // hashes it once; spelling it into a longer key would hash 900 characters a lookup.
  let byFamily = fontIds.get(f.family);
  if (!byFamily) {
    // Stacks differ by the CJK subsets a text needs; past this many, forget the names. Numbers
    // are never given twice, so a forgotten font's widths are merely never found again.
    if (fontIds.size >= 1024) fontIds.clear();
    fontIds.set(f.family, (byFamily = new Map()));
  }
  const rest = `${f.weight}\u0001${f.style ?? 'normal'}\u0001${f.tracking ?? 0}`;
  let id = byFamily.get(rest);
  if (id === undefined) byFamily.set(rest, (id = nextFontId++));
  return id;
};
export const widthKey = (r: MeasureRequest) => `${fontKey(r.font)}\u0001${r.rtl ? 1 : 0}\u0001${r.text}`;

/** Characters satori's own bidi pass would reorder inside a left-to-right run (Arabic-Indic digits, separators). */
const SATORI_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u061c\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const words = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Satori sets a text's baseline by the font of its first word, so a run of Persian in an English
 * line sat higher than the Latin around it (Vazirmatn's ascent and descent differ from the
 * serif's), and the lines of a mixed headline were unevenly spaced. Every run starts with a
 * word joiner (U+2060: no width, no break, no glyph in any shipped font), for which satori falls
 * back to the first face of the stack: every run of a card then sits on the lead family's
 * baseline, line after line. (A zero-width space did the same but made satori drop the run's
 * first space: "TokyoBureau".)
 */
const BASELINE_ANCHOR = '\u2060';

export function createTextLayout(options: { lang: string; dir: 'ltr' | 'rtl'; widths: WidthTable }): TextLayout {
  const misses = new Map<string, MeasureRequest>();
  const measurer = (font: TextFont) => (text: string, rtl: boolean) => {
    const req = { text, rtl, font: { family: font.family, weight: font.weight, style: font.style, tracking: font.tracking } };
    const key = widthKey(req);
    const w = options.widths.get(key);
    if (w === undefined) misses.set(key, req);
    return w;
  };

  const paragraph = (text: string, font: TextFont, box: TextBox) =>
    layoutParagraph(text, measurer(font), { lang: options.lang, dir: options.dir, size: font.size, width: box.width, maxLines: box.maxLines, fontKey: fontKey(font) });

  const runStyle = (font: TextFont, rtl: boolean): Style => ({ whiteSpace: 'pre', flexShrink: 0, direction: rtl ? 'rtl' : 'ltr', ...fontCss(font) });

  return {
    width: (text, font) => paragraph(text, font, { width: Number.MAX_SAFE_INTEGER }).lines[0]?.width ?? 0,
    paragraph,
    block(text, font, box) {
      const p = paragraph(text, font, box);
      // Lines start at the paragraph's start: the right edge in a right-to-left card.
      const justify = options.dir === 'rtl' ? 'flex-end' : 'flex-start';
      const rows = p.lines.map((line) => {
        const runs: El[] = [];
        for (const run of line.runs) {
          // A left-to-right run with Arabic-Indic digits or separators: one element per word,
          // so satori sees nothing it could reorder.
          const parts = !run.rtl && SATORI_RTL.test(run.text) ? [...words.segment(run.text)].map((s) => s.segment) : [run.text];
          for (const part of parts) runs.push(h('div', { style: runStyle(font, run.rtl) }, BASELINE_ANCHOR + part));
        }
        return h('div', { style: { flexDirection: 'row', direction: 'ltr', justifyContent: justify, alignItems: 'center', width: box.width, height: font.size * font.lineHeight, flexShrink: 0 } }, ...runs);
      });
      return h('div', { style: { flexDirection: 'column', width: box.width, flexShrink: 0, ...box.style } }, ...rows);
    },
    takeMisses() {
      const out = [...misses.values()];
      misses.clear();
      return out;
    },
  };
}
