/**
 * Hashtags from an article's tags. One rule serves X and Bluesky, so it keeps only what both
 * detect as one whole tag: letters, marks, digits and `_`, not only digits, no trailing `_`.
 * - X: twitter-text `hashtagAlphaNumeric` (letters, marks, digits, `_`, a few joiners).
 * - Bluesky: `@atproto/api` RichText tag detection stops at ZWNJ/ZWJ and strips trailing
 *   punctuation (`_` is punctuation there), and the lexicon caps a tag at 64 graphemes.
 *   https://github.com/bluesky-social/atproto/blob/main/packages/api/src/rich-text/util.ts
 * Multi-word tags are joined in CamelCase ("United States" → "UnitedStates"); a tag with any
 * other character ("C# & .NET") is skipped rather than mangled.
 */
import { countGraphemes } from '../text.js';

const WORD = /^[\p{L}\p{M}\p{Nd}_]+$/u;
const MAX_TAG_CHARS = 64;

/** The hashtag (without `#`) for one tag, or null when it cannot be one cleanly. */
export function hashtagOf(tag: string): string | null {
  const words = tag.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (!words.length || !words.every((w) => WORD.test(w))) return null;
  const joined = words.map((w, i) => (i === 0 ? w : capitalize(w))).join('').replace(/_+$/u, '');
  if (!joined || /^[\p{Nd}_]+$/u.test(joined)) return null;
  // Bluesky drops tags longer than 64 UTF-16 units (RichText detection) and 64 graphemes (lexicon).
  if (joined.length > MAX_TAG_CHARS || countGraphemes(joined) > MAX_TAG_CHARS) return null;
  return joined;
}

// Whole code points, so a letter outside the BMP is never split.
function capitalize(w: string): string {
  const [first = '', ...rest] = [...w];
  return first.toLocaleUpperCase('und') + rest.join('');
}

/** Distinct hashtags for a list of tags, in order, at most `max`. */
export function hashtagsOf(tags: readonly string[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    if (out.length >= max) break;
    const h = hashtagOf(t);
    if (!h || seen.has(h.toLocaleLowerCase('und'))) continue;
    seen.add(h.toLocaleLowerCase('und'));
    out.push(h);
  }
  return out;
}
