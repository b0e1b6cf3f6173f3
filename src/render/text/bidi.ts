/**
 * The Unicode Bidirectional Algorithm (UAX #9) for card text, by bidi-js (a maintained,
 * conformance-tested implementation): embedding levels for a paragraph, then, per line, rule L1
 * (trailing whitespace takes the paragraph level) and rule L2 (reverse every sequence at or
 * above each odd level, highest first) over runs of one level. Mirroring of brackets and
 * quotation marks is done by the shaper: HarfBuzz mirrors glyphs in text shaped right to left,
 * and every odd-level run is shaped right to left.
 */
import bidiModule from 'bidi-js';

// bidi-js is CommonJS: its default import is the factory, whatever its types say.
const bidi = (bidiModule as unknown as typeof import('bidi-js').default)();

export type Direction = 'ltr' | 'rtl';

/** Formatting characters the algorithm consumes: never drawn, never measured. */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'gu');

/** `text` without the formatting characters the algorithm consumed. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Embedding levels, one per code unit of `text`, for a paragraph in direction `base`. */
export function embeddingLevels(text: string, base: Direction): Uint8Array {
  return bidi.getEmbeddingLevels(text, base).levels;
}

/** A piece of a line at one level, in logical order inside itself. */
export interface LevelRun {
  start: number;
  end: number;
  level: number;
}

const WHITESPACE = /[\s\u200b]/u;

/**
 * The runs of `text[start, end)` (one line) in visual order, left to right. Inside a run the
 * text stays in logical order: an odd-level run is drawn right to left by whoever draws it.
 */
export function visualRuns(text: string, levels: Uint8Array, start: number, end: number, base: Direction): LevelRun[] {
  const baseLevel = base === 'rtl' ? 1 : 0;
  const lv = Array.from(levels.subarray(start, end));
  // L1: whitespace (and isolate/format controls) at the end of the line take the base level.
  for (let i = lv.length - 1; i >= 0 && (WHITESPACE.test(text[start + i]) || BIDI_CONTROL.test(text[start + i])); i--) lv[i] = baseLevel;
  const runs: LevelRun[] = [];
  for (let i = 0; i < lv.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.level === lv[i]) last.end = start + i + 1;
    else runs.push({ start: start + i, end: start + i + 1, level: lv[i] });
  }
  const highest = Math.max(baseLevel, ...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd && level >= 1; level--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j].level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs;
}
