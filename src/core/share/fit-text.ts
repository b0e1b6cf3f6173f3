/**
 * Shortening text to a platform's budget: cut at a word boundary and add an ellipsis, never
 * inside a grapheme cluster (an emoji, a letter with its marks, a Persian letter with ZWNJ) and
 * never inside a protected span such as a URL. The budget is a predicate, so each platform
 * brings its own counting (X weights, Bluesky graphemes and bytes, LinkedIn characters).
 */
import { graphemes } from '../text.js';

export const ELLIPSIS = '…';

export interface FitOptions {
  /** BCP 47 language for word segmentation (Japanese has no spaces between words). */
  lang?: string;
  /** UTF-16 ranges [start, end) that must stay whole (URLs). */
  protect?: readonly (readonly [number, number])[];
}

// Separators that should not dangle before the ellipsis: "talks, …" reads as "talks…".
const TRAILING = /[\s,;:\-–—·|/]+$/u;

/** Where a cut may fall: the end of each word-like segment, outside protected spans. */
function wordCuts(text: string, options: FitOptions): number[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(options.lang, { granularity: 'word' });
  } catch {
    segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  }
  const cuts: number[] = [];
  for (const s of segmenter.segment(text)) {
    if (!s.isWordLike) continue;
    const end = s.index + s.segment.length;
    if (!(options.protect ?? []).some(([a, b]) => end > a && end < b)) cuts.push(end);
  }
  return cuts;
}

function graphemeCuts(text: string, options: FitOptions): number[] {
  const cuts: number[] = [];
  let i = 0;
  for (const g of graphemes(text)) {
    i += g.length;
    if (!(options.protect ?? []).some(([a, b]) => i > a && i < b)) cuts.push(i);
  }
  return cuts;
}

function withEllipsis(text: string, cut: number): string {
  return text.slice(0, cut).replace(TRAILING, '') + ELLIPSIS;
}

/**
 * `text` unchanged when `fits(text)`, else the longest word-boundary prefix plus "…" that fits,
 * else (one very long word) the longest grapheme prefix plus "…", else "" when not even "…" fits.
 *
 * @example
 *   shortenToFit('Talks in Istanbul begin', (s) => s.length <= 12) // → 'Talks in…'
 */
export function shortenToFit(text: string, fits: (candidate: string) => boolean, options: FitOptions = {}): string {
  if (fits(text)) return text;
  for (const all of [wordCuts(text, options), graphemeCuts(text, options)]) {
    const cuts = all.filter((c) => c < text.length && withEllipsis(text, c) !== ELLIPSIS);
    const best = longestFitting(cuts.length, (i) => fits(withEllipsis(text, cuts[i])));
    if (best >= 0) return withEllipsis(text, cuts[best]);
  }
  return '';
}

/**
 * The largest index in [0, n) whose candidate fits, or -1. A longer prefix never counts less
 * on any platform here except in rare cases (text that becomes a shorter-counting URL as it
 * grows), so this searches by halving (a platform's counter runs ~log2(n) times instead of n:
 * a 400-character Japanese headline has ~150 cuts) and then steps on while the next one still
 * fits. Whatever it returns fits: every answer is checked by `fits` itself.
 */
function longestFitting(n: number, fitsAt: (i: number) => boolean): number {
  let lo = -1;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fitsAt(mid)) lo = mid;
    else hi = mid;
  }
  while (lo + 1 < n && fitsAt(lo + 1)) lo++;
  return lo;
}
