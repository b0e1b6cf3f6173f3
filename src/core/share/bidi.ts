/**
 * Keeping Latin hashtags, handles and links in reading order inside right-to-left post texts
 * (issue 26, item 5).
 *
 * X and Bluesky show a post with `dir="auto"`: a post whose first strong letter is Hebrew,
 * Arabic, Persian or Urdu is right-to-left, and each of its lines is laid out in that
 * direction. There the `#` of "… مذاکرات #Diplomacy" is a neutral between right-to-left text
 * and a left-to-right word, so the Unicode Bidirectional Algorithm (UAX #9, rules N1/N2) gives
 * it the paragraph's direction and it shows on the wrong side: "Diplomacy#". The same happens
 * to `@handle` and `$TICKER`, to a line of hashtags ("Iran #UnitedStates#"), and to the
 * trailing "/" of a link before right-to-left words or at the end of a line.
 *
 * What the platforms do: neither composer changes the text. Bluesky isolates handles only when
 * it draws them (LRE…PDF on native, CSS isolation on the web) and stopped injecting controls
 * into text on the web because they leaked into copies (bluesky-social/social-app #4531, #8451);
 * the old twitter-text autolinker only added an `rtl` class to hashtags. A share text is plain
 * text drawn by someone else, so the fix has to be in the text, and it must not break the
 * platforms' detection of the tag or link. One LEFT-TO-RIGHT MARK (U+200E, strong
 * left-to-right, no width) right before the sigil makes the sigil resolve left-to-right (N1):
 * - X: "مذاکرات \u200E#Diplomacy". twitter-text accepts any non-letter before `#` and `@`, and
 *   ends a URL before a directional mark, so a mark glued after a link is also safe there; its
 *   cashtag pattern needs white space before `$`, so a cashtag gets the Bluesky form below.
 * - Bluesky: its tag, mention and cashtag patterns need white space right before the sigil, so
 *   the mark is followed by a HAIR SPACE (U+200A, white space to the pattern, the thinnest
 *   visible space): "مذاکرات \u200E\u200A#Diplomacy". A mark glued after a link would become
 *   part of the link there, so a link is marked only when it ends its line: " \u200E" after it.
 * test/share-bidi.test.ts checks the display order with a UAX #9 implementation, and that
 * twitter-text and @atproto/api detection find the same tags, handles and links as before.
 * https://www.unicode.org/reports/tr9/#Resolving_Neutral_Types
 */

const LRM = '\u200E';
const HAIR_SPACE = '\u200A';

export type RtlPlatform = 'x' | 'bluesky';

// Scripts whose letters are strong right-to-left (bidi class R or AL), and the RIGHT-TO-LEFT MARK.
const RTL_STRONG = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\u200F]/u;
const STRONG = /[\p{L}\u200E\u200F]/u;
const isLtrStrong = (ch: string | undefined) => ch !== undefined && STRONG.test(ch) && !RTL_STRONG.test(ch);

// A tag, handle or cashtag sigil at the start of a line or after white space.
const SIGIL = /(^|[^\S\n])([#＃@$])/gmu;
// A link with a scheme, up to white space (where both platforms' link patterns start).
const SCHEMED_LINK = /https?:\/\/\S+/giu;

/** The first strong letter decides the direction, as `dir="auto"` does (UAX #9 P2–P3). */
export function isRtlText(text: string): boolean {
  for (const ch of text) if (STRONG.test(ch)) return RTL_STRONG.test(ch);
  return false;
}

/** The nearest strong letter before `i` on the same line, or undefined. */
function strongBefore(text: string, i: number): string | undefined {
  const chars = [...text.slice(text.lastIndexOf('\n', i - 1) + 1, i)];
  for (let k = chars.length - 1; k >= 0; k--) if (STRONG.test(chars[k])) return chars[k];
  return undefined;
}

/** The nearest strong letter from `i` on the same line, or undefined. */
function strongAfter(text: string, i: number): string | undefined {
  for (const ch of text.slice(i)) {
    if (ch === '\n') return undefined;
    if (STRONG.test(ch)) return ch;
  }
  return undefined;
}

/**
 * `text` with left-to-right marks where a Latin tag, handle, cashtag or link would otherwise be
 * shown out of order in a right-to-left post; left-to-right text is returned unchanged.
 *
 * @example
 *   isolateForRtl('مذاکرات ادامه دارد #Diplomacy', 'x')       // → 'مذاکرات ادامه دارد \u200E#Diplomacy'
 *   isolateForRtl('مذاکرات ادامه دارد #Diplomacy', 'bluesky') // → 'مذاکرات ادامه دارد \u200E\u200A#Diplomacy'
 */
export function isolateForRtl(text: string, platform: RtlPlatform): string {
  if (!isRtlText(text)) return text;
  const inserts = new Map<number, string>();
  for (const m of text.matchAll(SIGIL)) {
    const sigil = m.index + m[1].length;
    // Only a left-to-right word after the sigil, and only where nothing left-to-right precedes
    // it on the line (otherwise N1 already resolves the sigil left-to-right).
    if (!isLtrStrong(strongAfter(text, sigil + 1)) || isLtrStrong(strongBefore(text, sigil))) continue;
    const glued = platform === 'x' && m[2] !== '$';
    inserts.set(sigil, glued ? LRM : LRM + HAIR_SPACE);
  }
  for (const m of text.matchAll(SCHEMED_LINK)) {
    const end = m.index + m[0].length;
    // A link ending in a neutral ("/", ")", "=") before right-to-left words or the line's end.
    if (isLtrStrong([...m[0]].pop()) || isLtrStrong(strongAfter(text, end))) continue;
    if (platform === 'x') inserts.set(end, LRM);
    else if (text[end] === undefined || text[end] === '\n') inserts.set(end, ` ${LRM}`);
  }
  if (!inserts.size) return text;
  let out = '';
  let last = 0;
  for (const i of [...inserts.keys()].sort((a, b) => a - b)) {
    out += text.slice(last, i) + inserts.get(i);
    last = i;
  }
  return out + text.slice(last);
}
