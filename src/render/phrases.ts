/**
 * Phrases of Japanese text, where its headlines break. It is set without spaces, and UAX #14
 * may break a line between any two of its characters, so a card could split イスタン|ブール or
 * leave one kanji of 焦点 alone on the last line. Japanese newspapers break headlines between
 * phrases. (Chinese is left as it is: breaking between any two characters is its convention,
 * and dictionary words split transliterated names: 伊|斯坦|布|尔.) text/breaks.ts keeps UAX #14's
 * breaks that fall between phrases, so closing punctuation still stays off the start of a line.
 *
 * A phrase is a dictionary word (Intl.Segmenter) with the punctuation after it; in Japanese also
 * the kana that follow it (particles, okurigana: 米国と, 協議へ) and the kanji words around it
 * (a compound: 高官級協議). At most {@link MAX_PHRASE} graphemes, so any phrase fits a line.
 */
export const MAX_PHRASE = 8;

const HAN = /^\p{sc=Han}+$/u;
const KANA_AFTER = /^[\p{sc=Hiragana}ー゛゜]+$/u;
const OPENING = /^\p{Ps}|^\p{Pi}/u;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const count = (s: string) => [...graphemes.segment(s)].length;

/** The phrases of `text`, in order (joined they give `text` back). */
export function phrasesOf(text: string): string[] {
  const out: string[] = [];
  let lastHan = false;
  for (const { segment, isWordLike } of new Intl.Segmenter('ja', { granularity: 'word' }).segment(text)) {
    const prev = out[out.length - 1];
    const han = HAN.test(segment);
    const follows =
      (!isWordLike && !/\s/u.test(segment) && !OPENING.test(segment) && !/\p{Extended_Pictographic}/u.test(segment)) ||
      KANA_AFTER.test(segment) ||
      (han && lastHan);
    if (prev !== undefined && follows && !/\s$/u.test(prev) && !OPENING.test(prev.slice(-1)) && count(prev) + count(segment) <= MAX_PHRASE) out[out.length - 1] += segment;
    else out.push(segment);
    lastHan = han;
  }
  return out;
}
