/**
 * Keeping Latin hashtags, handles and links in reading order inside right-to-left post texts
 * (issue 26, item 5).
 *
 * X and Bluesky show a post with `dir="auto"`: a post whose first strong letter is Hebrew,
 * Arabic, Persian or Urdu is a right-to-left paragraph. In it the `#` of "… مذاکرات #Diplomacy"
 * is a neutral between right-to-left text and a left-to-right word, so the Unicode
 * Bidirectional Algorithm (UAX #9, rule N1/N2) gives it the paragraph's direction and it shows
 * on the wrong side: "Diplomacy#". The same happens to `@handle` and `$TICKER`, and to the
 * trailing "/" of a link followed by right-to-left words.
 *
 * The fix is one LEFT-TO-RIGHT MARK (U+200E, a strong left-to-right character with no width)
 * on the far side of the white space next to the token: "مذاکرات\u200E #Diplomacy". The
 * neutrals between the mark and the token then resolve left-to-right (N1). It goes outside the
 * token and its white space on purpose: an isolate or mark glued to the token breaks detection
 * (Bluesky's tag and mention patterns need white space right before `#`/`@`, and its link
 * pattern would swallow a mark glued after a URL), and Bluesky's own app stopped injecting
 * direction controls into handles on the web because they leaked into copies (social-app
 * #8451). twitter-text and @atproto/api still find the same tags, handles and links with the
 * same text: test/share-bidi.test.ts checks that, and the visual order with a UAX #9
 * implementation.
 * https://www.unicode.org/reports/tr9/#Resolving_Neutral_Types
 */

const LRM = '\u200E';

// Scripts whose letters are strong right-to-left (bidi class R or AL).
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\u200F]/u;
const STRONG = /[\p{L}\u200E\u200F]/u;
const isLtrStrong = (ch: string) => STRONG.test(ch) && !RTL_LETTER.test(ch);

// A tag, handle or cashtag sigil after white space, starting a left-to-right word.
const SIGIL_TOKEN = /(\s+)([#＃@$])(?=[^\s])/gu;
// A URL with a scheme, up to white space; the link patterns of both platforms start there.
const SCHEMED_LINK = /https?:\/\/\S+/giu;

/** The first strong letter decides the paragraph direction, as `dir="auto"` does (UAX #9 P2). */
export function isRtlText(text: string): boolean {
  for (const ch of text) if (STRONG.test(ch)) return RTL_LETTER.test(ch);
  return false;
}

/** The nearest strong letter before `i` (code points, skipping neutrals and digits). */
function strongBefore(text: string, i: number): string | undefined {
  const chars = [...text.slice(0, i)];
  for (let k = chars.length - 1; k >= 0; k--) if (STRONG.test(chars[k])) return chars[k];
  return undefined;
}

function strongAfter(text: string, i: number): string | undefined {
  for (const ch of text.slice(i)) if (STRONG.test(ch)) return ch;
  return undefined;
}

/**
 * `text` with a left-to-right mark where a Latin tag, handle, cashtag or link would otherwise
 * be shown out of order in a right-to-left post; any other text unchanged.
 *
 * @example
 *   isolateForRtl('گفت‌وگوها ادامه دارد #Diplomacy')
 *   // → 'گفت‌وگوها ادامه دارد\u200E #Diplomacy'
 */
export function isolateForRtl(text: string, _lang?: string): string {
  if (!isRtlText(text)) return text;
  const inserts = new Set<number>();
  for (const m of text.matchAll(SIGIL_TOKEN)) {
    const sigil = m.index + m[1].length;
    const word = strongAfter(text, sigil + 1);
    const before = strongBefore(text, m.index);
    // Only a left-to-right word after the sigil, and only where what precedes is not already
    // left-to-right (then N1 resolves the sigil left-to-right by itself).
    if (!word || !isLtrStrong(word) || (before && isLtrStrong(before))) continue;
    // Never glued to a link that ends right there: put it after the first white space instead.
    const prev = text.slice(0, m.index).split(/\s/u).pop() ?? '';
    if (!/[:/.]/u.test(prev)) inserts.add(m.index);
    else if (m[1].length >= 2) inserts.add(m.index + 1);
  }
  for (const m of text.matchAll(SCHEMED_LINK)) {
    const end = m.index + m[0].length;
    const last = [...m[0]].pop() as string;
    const after = strongAfter(text, end);
    // A link ending in a neutral ("/", ")") followed by right-to-left words: mark the start of
    // the next word, unless that word is a tag, handle or link whose detection the mark would break.
    if (isLtrStrong(last) || !after || isLtrStrong(after)) continue;
    const next = /^\s+/u.exec(text.slice(end));
    if (!next) continue;
    const wordStart = end + next[0].length;
    if (/^[#＃@$(]|^https?:/iu.test(text.slice(wordStart))) continue;
    inserts.add(wordStart);
  }
  if (!inserts.size) return text;
  let out = '';
  let last = 0;
  for (const i of [...inserts].sort((a, b) => a - b)) {
    out += text.slice(last, i) + LRM;
    last = i;
  }
  return out + text.slice(last);
}
