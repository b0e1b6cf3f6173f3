/**
 * Which group of scripts a character belongs to, for the choices that depend on it: the font
 * family a right-to-left card's stacks start with (fonts.ts) and the spans that keep a mixed
 * headline's lines evenly spaced (template.ts). Groups are drawn from different font families,
 * whose vertical metrics differ.
 */
export type ScriptClass = 'arabic' | 'hebrew' | 'cjk' | 'latin';

const SCRIPT_CLASSES: [ScriptClass, RegExp][] = [
  ['arabic', /\p{sc=Arabic}/u],
  ['hebrew', /\p{sc=Hebrew}/u],
  ['cjk', /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u],
  ['latin', /[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}]/u],
];

/** The character's group, or null for digits, punctuation, marks and scripts outside the groups. */
export function scriptClass(ch: string): ScriptClass | null {
  for (const [name, re] of SCRIPT_CLASSES) if (re.test(ch)) return name;
  return null;
}
