/**
 * Text direction from language and content. A story is right-to-left when its language is
 * written right to left, or when its headline's first strong (letter) character is from a
 * right-to-left script (a Persian headline filed with the wrong `lang` still reads right).
 */
export type Direction = 'ltr' | 'rtl';

// Primary language subtags written right to left by default (CLDR "characterOrder").
const RTL_LANGUAGES = new Set([
  'ar', 'arc', 'ckb', 'dv', 'fa', 'ha-arab', 'he', 'iw', 'khw', 'ks', 'ku-arab', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi',
]);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg', 'mand', 'samr']);

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Mandaic}\p{Script=Samaritan}]/u;
const LETTER = /\p{L}/u;

/** True for a BCP 47 tag whose language or explicit script is written right to left. */
export function isRtlLanguage(lang: string): boolean {
  const parts = lang.toLowerCase().split('-');
  const script = parts.find((p) => p.length === 4);
  if (script) return RTL_SCRIPTS.has(script);
  return RTL_LANGUAGES.has(parts[0]);
}

/** Direction of the first strong character, or undefined when the text has no letters. */
export function firstStrongDirection(text: string): Direction | undefined {
  for (const ch of text) {
    if (RTL_LETTER.test(ch)) return 'rtl';
    if (LETTER.test(ch)) return 'ltr';
  }
  return undefined;
}

export function directionOf(lang: string, text: string): Direction {
  if (isRtlLanguage(lang)) return 'rtl';
  return firstStrongDirection(text) ?? 'ltr';
}

/**
 * Between a byline and its date, on cards and on the share page. Right to left it is a bar
 * wrapped in right-to-left marks. The marks: otherwise the bidi algorithm binds the date's
 * leading digits to a Latin author name ("Staff Reporter · ۱۴" | "بهمن ۱۴۰۴").
 * https://www.unicode.org/reports/tr9/#W7
 * The bar: a middle dot beside Persian or Arabic-Indic digits reads as their zero (۰, ٠ are
 * dots), so "۱۴ · Staff Reporter" looked like "۱۴۰". `space` pads it (two on a card).
 */
export function bylineSeparator(dir: Direction, space = ' '): string {
  return dir === 'rtl' ? `\u200F${space}|${space}\u200F` : `${space}·${space}`;
}
