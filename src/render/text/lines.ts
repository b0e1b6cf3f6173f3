/**
 * Lays a paragraph out in lines, the way a browser would, from widths someone else measured:
 * break opportunities per language (breaks.ts), lines filled greedily in logical order, then
 * each line put in visual order by the bidi algorithm (bidi.ts). Pure and synchronous: widths
 * come from `measure`, which answers undefined for a piece it has not measured yet (the caller
 * measures the misses and lays out again). See text-layout.ts for how templates use it.
 */
import { embeddingLevels, visualRuns, withoutBidiControls, type Direction } from './bidi.js';
import { breakOpportunities } from './breaks.js';

/** Width of `text` at font size 100, drawn in one direction; undefined when not measured yet. */
export type Measure = (text: string, rtl: boolean) => number | undefined;

export interface ParagraphOptions {
  lang: string;
  dir: Direction;
  /** Font size in px: widths scale linearly with it from the measured size 100. */
  size: number;
  width: number;
  maxLines?: number;
  /** Names the font `measure` measures in: segment widths are then remembered across sizes. */
  fontKey?: string | number;
}

/** A piece of a line drawn in one direction, text in logical order. */
export interface Run {
  text: string;
  rtl: boolean;
}

export interface Line {
  /** Runs in visual order, left to right. */
  runs: Run[];
  width: number;
}

export interface Paragraph {
  lines: Line[];
  /** True when a word had to be broken between letters because no line could hold it. */
  brokeWord: boolean;
  /** True when text was left out (maxLines) and an ellipsis drawn. */
  clamped: boolean;
  /** True when some width was not measured yet: the layout is a guess, lay out again. */
  missing: boolean;
}

export const ELLIPSIS = '\u2026';
const LAYOUT_SPACES = /[\t\n\r\f\v\u2028\u2029\u0085]+/gu;
/** Control characters, lone surrogates and non-characters: article validation strips them; never drawn (as boxes) if any get here. */
const NEVER_DRAWN = /[\p{Cc}\p{Cs}\ufffe\uffff]/gu;
const TRAILING_SPACE = /[\s\u200b]+$/u;
const BLANK = /^\s+$/u;
const LEAD_DRAWN = /^[\p{sc=Latin}\p{sc=Common}]$/u;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Whether the grapheme just before `at` is one printable ASCII character: the common case
 * (a Latin word before a space), answered without a grapheme segmenter (~1.5 ms a card). A
 * Prepend character (U+0600 and above) would join the character after it into one grapheme,
 * so one of those before it takes the long way.
 */
function asciiBefore(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  return c > 0x20 && c < 0x7f && (at < 2 || text.charCodeAt(at - 2) < 0x600);
}

/** Text as laid out: one paragraph, line and paragraph separators as spaces, runs of spaces as one. */
export function layoutText(text: string): string {
  return text.replace(LAYOUT_SPACES, ' ').replace(NEVER_DRAWN, '').replace(/ {2,}/g, ' ').trim();
}

/**
 * Levels and break opportunities of a text, remembered: a headline is laid out at every
 * candidate size, and every text of a card twice (the measuring round and the drawing one).
 */
const analyses = new Map<string, { levels: Uint8Array; breaks: number[] }>();
function analyzed(text: string, lang: string, dir: Direction): { levels: Uint8Array; breaks: number[] } {
  const key = `${lang}\u0001${dir}\u0001${text}`;
  let a = analyses.get(key);
  if (!a) {
    if (analyses.size >= 256) analyses.delete(analyses.keys().next().value as string);
    a = { levels: embeddingLevels(text, dir), breaks: breakOpportunities(text, lang) };
    analyses.set(key, a);
  }
  return a;
}

/** Segments with their widths at size 100, by font, language, direction and text. */
const measuredSegments = new Map<string, Segment[]>();

/** Forgets remembered segment widths (with the width table: a cold render, in benchmarks and tests). */
export function forgetMeasuredSegments(): void {
  measuredSegments.clear();
}

/** An unbreakable stretch of text: [start, contentEnd) is drawn, [contentEnd, end) is space. */
interface Segment {
  start: number;
  contentEnd: number;
  end: number;
  /** Widths in px of the content and of the trailing space. */
  content: number;
  space: number;
}

export function layoutParagraph(raw: string, measure: Measure, o: ParagraphOptions): Paragraph {
  const text = layoutText(raw);
  const scale = o.size / 100;
  let missing = false;
  const { levels, breaks } = analyzed(text, o.lang, o.dir);

  /**
   * A space is as wide as the font that draws it makes it, and satori draws it in the font of
   * the letter before it (a Sinhala word's space in Noto Sans Sinhala is wider than Inter's):
   * measured after that grapheme, less the grapheme alone.
   */
  const spaceWidth = (space: string, at: number, rtl: boolean): number | undefined => {
    let last = asciiBefore(text, at) ? 'x' : [...graphemes.segment(withoutBidiControls(text.slice(Math.max(0, at - 12), at)))].pop()?.segment;
    if (!last || BLANK.test(last)) return measure(space, rtl);
    // Latin letters, digits and punctuation are drawn by the stack's lead family: one
    // measurement serves every space after them.
    if (LEAD_DRAWN.test(last)) last = 'x';
    const withSpace = measure(last + space, rtl);
    const alone = measure(last, rtl);
    return withSpace === undefined || alone === undefined ? undefined : Math.max(0, withSpace - alone);
  };

  /**
   * Width at size 100 of text[start, end), which lies inside one segment (or is one grapheme),
   * as the sum of its pieces of one level each: the keys measured are the same whatever the line.
   */
  const widthOf = (start: number, end: number): number => {
    let total = 0;
    for (let i = start; i < end; ) {
      let j = i + 1;
      while (j < end && levels[j] === levels[i]) j++;
      const piece = withoutBidiControls(text.slice(i, j));
      if (piece) {
        const w = BLANK.test(piece) ? spaceWidth(piece, i, levels[i] % 2 === 1) : measure(piece, levels[i] % 2 === 1);
        if (w === undefined) missing = true;
        total += w ?? 55 * [...piece].length;
      }
      i = j;
    }
    return total;
  };

  // The segments at size 100, remembered per font (a headline is tried at every candidate size).
  const memoKey = o.fontKey === undefined ? undefined : `${o.fontKey}\u0001${o.lang}\u0001${o.dir}\u0001${text}`;
  let at100 = memoKey === undefined ? undefined : measuredSegments.get(memoKey);
  if (!at100) {
    at100 = [];
    let prev = 0;
    for (const b of [...breaks, text.length]) {
      if (b <= prev) continue;
      const chunk = text.slice(prev, b);
      const trailing = TRAILING_SPACE.exec(chunk)?.[0].length ?? 0;
      const contentEnd = b - trailing;
      at100.push({ start: prev, contentEnd, end: b, content: widthOf(prev, contentEnd), space: widthOf(contentEnd, b) });
      prev = b;
    }
    if (memoKey !== undefined && !missing) {
      if (measuredSegments.size >= 512) measuredSegments.delete(measuredSegments.keys().next().value as string);
      measuredSegments.set(memoKey, at100);
    }
  }
  const segments: Segment[] = at100.map((seg) => ({ ...seg, content: seg.content * scale, space: seg.space * scale }));

  /** A segment too wide for any line, as grapheme-sized segments (never inside a grapheme). */
  const splitGraphemes = (seg: Segment): Segment[] => {
    const out: Segment[] = [];
    for (const g of graphemes.segment(text.slice(seg.start, seg.contentEnd))) {
      const s = seg.start + g.index;
      const e = s + g.segment.length;
      out.push({ start: s, contentEnd: e, end: e, content: widthOf(s, e) * scale, space: 0 });
    }
    const last = out[out.length - 1];
    if (last) {
      last.end = seg.end;
      last.space = seg.space;
    }
    return out;
  };

  let brokeWord = false;
  /** Lines as lists of segments, filled greedily to `width`; the width of each without its trailing space. */
  const fill = (width: number): { segs: Segment[]; width: number }[] => {
    const lines: { segs: Segment[]; width: number }[] = [];
    let line: Segment[] = [];
    let used = 0; // width of the line so far, its last segment's trailing space included
    const push = () => {
      if (line.length) lines.push({ segs: line, width: used - line[line.length - 1].space });
      line = [];
      used = 0;
    };
    for (const seg of segments) {
      if (seg.content > width + 0.5) {
        brokeWord = true;
        for (const g of splitGraphemes(seg)) {
          if (line.length && used + g.content > width + 0.5) push();
          line.push(g);
          used += g.content + g.space;
        }
        continue;
      }
      if (line.length && used + seg.content > width + 0.5) push();
      line.push(seg);
      used += seg.content + seg.space;
    }
    push();
    return lines;
  };

  let filled = fill(o.width);
  // No widow: a last line under a third of the width reads as an accident. Lay the text out
  // narrower when that keeps the number of lines (CSS text-wrap: pretty, roughly).
  const lastOf = <T>(ls: T[]): T => ls[ls.length - 1];
  if (filled.length >= 2 && !brokeWord && lastOf(filled).width < o.width / 3) {
    for (const f of [0.9, 0.8]) {
      const narrower = fill(o.width * f);
      if (brokeWord) {
        brokeWord = false;
        break;
      }
      if (narrower.length === filled.length) {
        filled = narrower;
        break;
      }
    }
  }

  let clamped = false;
  const ellipsisWidth = () => {
    const w = measure(ELLIPSIS, o.dir === 'rtl');
    if (w === undefined) missing = true;
    return (w ?? 60) * scale;
  };
  if (o.maxLines !== undefined && filled.length > o.maxLines) {
    clamped = true;
    filled = filled.slice(0, o.maxLines);
    const last = lastOf(filled);
    const room = o.width + 0.5 - ellipsisWidth();
    // Cut at the last word boundary that leaves room for the ellipsis; mid-word only when the
    // line's first word alone does not leave room.
    let segs = last.segs;
    const widthOfSegs = (ss: Segment[]) => ss.reduce((sum, s, i) => sum + s.content + (i < ss.length - 1 ? s.space : 0), 0);
    while (segs.length > 1 && widthOfSegs(segs) > room) segs = segs.slice(0, -1);
    if (widthOfSegs(segs) > room) {
      const kept: Segment[] = [];
      for (const g of splitGraphemes(segs[0])) {
        if (widthOfSegs([...kept, g]) > room) break;
        kept.push({ ...g, end: g.contentEnd, space: 0 });
      }
      segs = kept;
    }
    filled[filled.length - 1] = { segs, width: widthOfSegs(segs) + ellipsisWidth() };
  }

  const lines: Line[] = filled.map(({ segs, width }, i) => {
    if (!segs.length) return { runs: [{ text: ELLIPSIS, rtl: o.dir === 'rtl' }], width };
    const start = segs[0].start;
    let end = segs[segs.length - 1].contentEnd;
    let lineText = text;
    let lineLevels = levels;
    if (clamped && i === filled.length - 1) {
      // Punctuation right before the ellipsis reads as a typo ("talks,…").
      while (end > start + 1 && /[\p{Po}\p{Pd}]/u.test(text[end - 1])) end--;
      lineText = text.slice(0, end) + ELLIPSIS;
      lineLevels = Uint8Array.from([...levels.subarray(0, end), o.dir === 'rtl' ? 1 : 0]);
      end += 1;
    }
    const runs = visualRuns(lineText, lineLevels, start, end, o.dir)
      .map((r) => ({ text: withoutBidiControls(lineText.slice(r.start, r.end)), rtl: r.level % 2 === 1 }))
      .filter((r) => r.text);
    return { runs, width };
  });
  return { lines, brokeWord, clamped, missing };
}
