/**
 * The font manifest: which file in fonts/ covers which code points, and the font stacks the
 * templates use. Pure lookups over data; the registry (fonts.ts) reads the files it names.
 *
 * Latin/Cyrillic/Greek, Arabic-script and Hebrew fonts are small and always loaded; the CJK
 * fonts are split by fontsource into ~120 subsets per weight and only the subsets a card's
 * text needs are loaded ("on demand").
 */
import { inRanges, type Ranges } from './font-files.js';

/** fonts/<dir> → the family name templates use in `fontFamily`. */
export const familyDirs = Object.freeze({
  inter: 'Inter',
  'source-serif-4': 'Source Serif 4',
  vazirmatn: 'Vazirmatn',
  'noto-sans-hebrew': 'Noto Sans Hebrew',
  'noto-sans-jp': 'Noto Sans JP',
  'noto-sans-sc': 'Noto Sans SC',
  'noto-sans-kr': 'Noto Sans KR',
} as const);

export type FamilyName = (typeof familyDirs)[keyof typeof familyDirs];

export interface ManifestFile {
  /** Path relative to fonts/, e.g. "inter/inter-latin-400-normal.woff". */
  file: string;
  family: FamilyName;
  weight: number;
  style: 'normal' | 'italic';
  bytes: number;
  sha256: string;
  ranges: Ranges;
}

export interface FontManifest {
  version: 1;
  /** Hash over every file's content hash: part of the render cache key. */
  hash: string;
  files: ManifestFile[];
}

/** Families loaded for every card (small). */
export const baseFamilies: readonly FamilyName[] = ['Inter', 'Source Serif 4', 'Vazirmatn', 'Noto Sans Hebrew'];

/** CJK families in preference order for a language: Han glyphs differ between JP, SC and KR. */
export function cjkOrder(lang: string): FamilyName[] {
  const l = lang.toLowerCase();
  if (l.startsWith('zh')) return ['Noto Sans SC', 'Noto Sans JP', 'Noto Sans KR'];
  if (l.startsWith('ko')) return ['Noto Sans KR', 'Noto Sans JP', 'Noto Sans SC'];
  return ['Noto Sans JP', 'Noto Sans SC', 'Noto Sans KR'];
}

/** The `fontFamily` value for a role, in fallback order. */
export function fontStack(role: 'sans' | 'serif', lang: string): string {
  const head = role === 'serif' ? ['Source Serif 4', 'Inter'] : ['Inter'];
  return [...head, 'Vazirmatn', 'Noto Sans Hebrew', ...cjkOrder(lang)].map((f) => JSON.stringify(f)).join(', ');
}

/**
 * Code points that need no glyph: joiners, variation selectors, bidi marks and other
 * default-ignorables, plus white space that only moves the pen.
 * https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point
 */
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

/** One grapheme is drawn as an emoji image (Twemoji) rather than from a font. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** False when no grapheme of `text` can be an emoji: the grapheme scan can be skipped (~0.15 ms a card). */
export function mayHoldEmoji(text: string): boolean {
  return EMOJI.test(text);
}

export function isEmojiGrapheme(g: string): boolean {
  return EMOJI.test(g) && !/^[\u00A9\u00AE\u2122]$/.test(g) && !/^[0-9#*]$/.test(g);
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

export interface Coverage {
  /** Code points that no shipped font covers (tofu), as "U+XXXX" with the character. */
  missing: string[];
  /** Emoji graphemes, drawn with Twemoji. */
  emoji: string[];
}

/**
 * Which characters of `text` no shipped font covers. Emoji graphemes are not font glyphs; the
 * caller checks them against Twemoji (emoji.ts).
 */
export function checkCoverage(manifest: FontManifest, text: string): Coverage {
  const missing = new Set<string>();
  const emoji: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (isEmojiGrapheme(segment)) {
      emoji.push(segment);
      continue;
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0) as number;
      if (IGNORABLE.test(ch)) continue;
      if (!manifest.files.some((f) => inRanges(f.ranges, cp))) {
        missing.add(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${ch}`);
      }
    }
  }
  return { missing: [...missing], emoji };
}

/**
 * The manifest files a card needs: every file of the base families, and for each code point
 * that no base family covers, the subset of the first CJK family (in the language's order)
 * that does, in every weight shipped. Deterministic for a given text and language, so the
 * same card always gets the same fonts (and the same bytes).
 */
export function selectFiles(manifest: FontManifest, text: string, lang: string): ManifestFile[] {
  const base = manifest.files.filter((f) => baseFamilies.includes(f.family));
  const order = cjkOrder(lang);
  const cjk = manifest.files.filter((f) => order.includes(f.family));
  const wantedSubsets = new Set<string>();
  const seen = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x2e80 || seen.has(cp)) continue;
    seen.add(cp);
    if (base.some((f) => inRanges(f.ranges, cp))) continue;
    for (const family of order) {
      const hit = cjk.find((f) => f.family === family && inRanges(f.ranges, cp));
      if (hit) {
        wantedSubsets.add(subsetOf(hit));
        break;
      }
    }
  }
  const extra = cjk.filter((f) => wantedSubsets.has(subsetOf(f)));
  // Preferred CJK family first: satori falls back through fonts in the order it gets them.
  extra.sort((a, b) => order.indexOf(a.family) - order.indexOf(b.family) || (a.file < b.file ? -1 : 1));
  return [...base, ...extra];
}

/** "noto-sans-jp/noto-sans-jp-42-700-normal.woff" → "noto-sans-jp/noto-sans-jp-42". */
function subsetOf(f: ManifestFile): string {
  return f.file.replace(/-\d{3}-(normal|italic)\.woff$/, '');
}
