/**
 * Text hygiene shared by every input: what goes into the store is NFC, trimmed, and free of
 * characters that XML 1.0 forbids or that HTML treats as parse errors.
 * https://www.w3.org/TR/xml/#charsets and https://html.spec.whatwg.org/#preprocessing-the-input-stream
 */

// C0 controls except TAB, LF (CR is folded into LF below), DEL and C1 controls,
// lone surrogates, and the non-characters U+FFFE/U+FFFF.
const INVALID_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// U+FEFF: a byte order mark pasted into the middle of text. Valid XML, but twitter-text
// (hasInvalidCharacters) rejects a post that contains it, and as a zero-width no-break space it
// is deprecated in favour of U+2060, so it is never meant as content.
const BYTE_ORDER_MARK = /\uFEFF/g;

// Bidi embeddings and overrides (U+202A LRE, U+202B RLE, U+202C PDF, U+202D LRO, U+202E RLO).
// An override reverses the characters after it until the paragraph ends, so a title could
// show one thing and hold another ("Trojan Source", CVE-2021-42574), and an unbalanced one
// spills into whatever text a platform puts after ours (the link, the site name). Dropped at
// validation. The isolates (U+2066-U+2069) and the marks (LRM, RLM, ALM) stay: they are how
// mixed-direction headlines are written correctly, and an isolate cannot leak past its
// paragraph. https://www.unicode.org/reports/tr9/#Explicit_Directional_Embeddings
const BIDI_EMBEDDINGS_AND_OVERRIDES = /[\u202A-\u202E]/g;

/** Removes characters that are invalid in XML 1.0 / HTML, and U+FEFF; normalizes line ends to LF. */
export function stripInvalidChars(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(INVALID_CHARS, '').replace(BYTE_ORDER_MARK, '');
}

/**
 * NFC, invalid characters and bidi embeddings/overrides removed, trimmed. The one way every
 * stored string is cleaned.
 */
export function cleanText(s: string): string {
  return stripInvalidChars(s.normalize('NFC')).replace(BIDI_EMBEDDINGS_AND_OVERRIDES, '').trim();
}

/**
 * Like cleanText, and also folds every run of ASCII white space (newlines included) to one
 * space. Typographic spaces (U+3000 in Japanese, no-break spaces) are the writer's choice: kept.
 */
export function cleanLine(s: string): string {
  return cleanText(s).replace(/[ \t\n\f\v]+/g, ' ');
}

/**
 * A stable lower-case key for grouping (feed scopes, filters): "United States" → "united-states".
 * Keeps letters of every script; only white space and a few URL-hostile characters become "-".
 */
export function keyOf(s: string): string {
  return cleanLine(s)
    .toLocaleLowerCase('und')
    .replace(/[\s/?#%\\]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Number of user-perceived characters (extended grapheme clusters). */
export function countGraphemes(s: string): number {
  let n = 0;
  for (const _ of graphemeSegmenter.segment(s)) n++;
  return n;
}

/** Splits into grapheme clusters, so nothing is ever cut inside one. */
export function graphemes(s: string): string[] {
  return Array.from(graphemeSegmenter.segment(s), (g) => g.segment);
}
