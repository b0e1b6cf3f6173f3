/**
 * Where a line may break, per language. UAX #14 (the `linebreak` package) is the base; three
 * conventions it does not know are laid over it:
 * - Korean is set with spaces and breaks between words only (CSS `word-break: keep-all`), never
 *   between two Hangul syllables: "회 / 담" reads as a typo.
 * - Thai, Lao, Khmer and Myanmar put no spaces between words: UAX #14 gives them no break at
 *   all (class SA), so ICU's dictionary word boundaries (Intl.Segmenter) are added.
 * - Japanese headlines break between phrases (phrases.ts), not between any two characters.
 * Chinese keeps UAX #14's breaks between ideographs (its convention; kinsoku included).
 * Positions are code unit indices where a new line may start (never 0 or text.length).
 */
import LineBreaker from 'linebreak';
import { phrasesOf } from '../phrases.js';

const SOUTHEAST_ASIAN = /[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const HANGUL = /\p{sc=Hangul}/u;
const KOREAN_WORD = /[\p{sc=Hangul}\p{sc=Han}]/u;
const JAPANESE_TEXT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const words = new Intl.Segmenter('und', { granularity: 'word' });

/** The character (code point) ending just before `i`, and the one starting at `i`. */
function around(text: string, i: number): [string, string] {
  const cp = text.codePointAt(i - 1) ?? 0;
  const before = cp >= 0xdc00 && cp <= 0xdfff && i >= 2 ? String.fromCodePoint(text.codePointAt(i - 2) ?? 0) : String.fromCodePoint(cp);
  return [before, String.fromCodePoint(text.codePointAt(i) ?? 0)];
}

function uax14(text: string): number[] {
  const out: number[] = [];
  const breaker = new LineBreaker(text);
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) if (b.position > 0 && b.position < text.length) out.push(b.position);
  return out;
}

/** Dictionary word boundaries inside runs of Thai, Lao, Khmer or Myanmar letters. */
function southeastAsianBreaks(text: string): number[] {
  if (!SOUTHEAST_ASIAN.test(text)) return [];
  const out: number[] = [];
  for (const { index } of words.segment(text)) {
    if (index === 0) continue;
    const [before, after] = around(text, index);
    if (SOUTHEAST_ASIAN.test(before) && SOUTHEAST_ASIAN.test(after)) out.push(index);
  }
  return out;
}

/** Phrase starts in Japanese text (and every position after a space). */
function japanesePhraseStarts(text: string): Set<number> {
  const starts = new Set<number>();
  let i = 0;
  for (const p of phrasesOf(text)) {
    starts.add(i);
    i += p.length;
  }
  return starts;
}

export function breakOpportunities(text: string, lang: string): number[] {
  let breaks = uax14(text);
  const korean = /^ko(-|$)/i.test(lang);
  breaks = breaks.filter((i) => {
    const [before, after] = around(text, i);
    if (HANGUL.test(before) && HANGUL.test(after)) return false;
    return !(korean && KOREAN_WORD.test(before) && KOREAN_WORD.test(after));
  });
  if (/^ja(-|$)/i.test(lang) && JAPANESE_TEXT.test(text)) {
    const starts = japanesePhraseStarts(text);
    breaks = breaks.filter((i) => starts.has(i) || /\s/u.test(around(text, i)[0]));
  }
  const sea = southeastAsianBreaks(text);
  if (sea.length) breaks = [...new Set([...breaks, ...sea])].sort((a, b) => a - b);
  return breaks;
}
