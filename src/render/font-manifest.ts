/**
 * The font manifest: which file in fonts/ covers which code points, and the font stacks the
 * templates use. Pure lookups over data; the registry (fonts.ts) reads the files it names.
 *
 * Latin/Cyrillic/Greek, Arabic-script and Hebrew fonts are small and always loaded. Every
 * other family is loaded on demand, by coverage: a card gets the subsets that have the glyphs
 * of its text (the CJK fonts are split by fontsource into ~120 subsets per weight, the other
 * scripts into one file per weight, the symbol fonts into one file).
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
  'noto-sans-devanagari': 'Noto Sans Devanagari',
  'noto-sans-bengali': 'Noto Sans Bengali',
  'noto-sans-gurmukhi': 'Noto Sans Gurmukhi',
  'noto-sans-gujarati': 'Noto Sans Gujarati',
  'noto-sans-tamil': 'Noto Sans Tamil',
  'noto-sans-telugu': 'Noto Sans Telugu',
  'noto-sans-kannada': 'Noto Sans Kannada',
  'noto-sans-malayalam': 'Noto Sans Malayalam',
  'noto-sans-sinhala': 'Noto Sans Sinhala',
  'noto-sans-thai': 'Noto Sans Thai',
  'noto-sans-lao': 'Noto Sans Lao',
  'noto-sans-khmer': 'Noto Sans Khmer',
  'noto-sans-myanmar': 'Noto Sans Myanmar',
  'noto-sans-georgian': 'Noto Sans Georgian',
  'noto-sans-armenian': 'Noto Sans Armenian',
  'noto-sans-ethiopic': 'Noto Sans Ethiopic',
  'noto-sans-symbols': 'Noto Sans Symbols',
  'noto-sans-symbols-2': 'Noto Sans Symbols 2',
  'noto-sans-math': 'Noto Sans Math',
  'noto-sans': 'Noto Sans',
} as const);

export type FamilyName = (typeof familyDirs)[keyof typeof familyDirs];

export interface ManifestFile {
  /** Path relative to fonts/, e.g. "inter/inter-latin-400-normal.woff" (or a .ttf). */
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

/**
 * One family per script outside the base families, each file holding that script only (the
 * Latin words and digits of such a card are Inter's). Loaded when a card's text needs them.
 */
export const scriptFamilies: readonly FamilyName[] = [
  'Noto Sans Devanagari',
  'Noto Sans Bengali',
  'Noto Sans Gurmukhi',
  'Noto Sans Gujarati',
  'Noto Sans Tamil',
  'Noto Sans Telugu',
  'Noto Sans Kannada',
  'Noto Sans Malayalam',
  'Noto Sans Sinhala',
  'Noto Sans Thai',
  'Noto Sans Lao',
  'Noto Sans Khmer',
  'Noto Sans Myanmar',
  'Noto Sans Georgian',
  'Noto Sans Armenian',
  'Noto Sans Ethiopic',
];

/**
 * Last resorts for symbols, maths and combining marks, smallest first: arrows, stars and check
 * marks are in the Symbols fonts; ≈ ≠ ≤ ≥ ∞ √ in Math; the complete Noto Sans (one 630 KB
 * file, unlike the subsetted Inter) has every combining diacritic, superscript digits and ‰.
 */
export const symbolFamilies: readonly FamilyName[] = ['Noto Sans Symbols', 'Noto Sans Symbols 2', 'Noto Sans Math', 'Noto Sans'];

/** CJK families in preference order for a language: Han glyphs differ between JP, SC and KR. */
export function cjkOrder(lang: string): FamilyName[] {
  const l = lang.toLowerCase();
  if (l.startsWith('zh')) return ['Noto Sans SC', 'Noto Sans JP', 'Noto Sans KR'];
  if (l.startsWith('ko')) return ['Noto Sans KR', 'Noto Sans JP', 'Noto Sans SC'];
  return ['Noto Sans JP', 'Noto Sans SC', 'Noto Sans KR'];
}

function isCjkLang(lang: string): boolean {
  return /^(ja|zh|ko)(-|$)/i.test(lang);
}

/**
 * The on-demand families in the order a code point that no base family covers looks for a
 * font. Punctuation and symbols a CJK story uses come from its CJK family (full-width forms,
 * glyphs sized for Han); any other story takes them from the small symbol files first.
 */
export function fallbackFamilies(lang: string): FamilyName[] {
  return isCjkLang(lang) ? [...scriptFamilies, ...cjkOrder(lang), ...symbolFamilies] : [...scriptFamilies, ...symbolFamilies, ...cjkOrder(lang)];
}

/**
 * Code points that need no glyph: joiners, variation selectors, bidi marks and other
 * default-ignorables, control characters, and the line and paragraph separators U+2028/U+2029
 * (the layout breaks or spaces there; no font maps them).
 * https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point
 */
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Zl}\p{Zp}]/u;

/** One grapheme is drawn as an emoji image (Twemoji or Noto) rather than from a font. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** False when no grapheme of `text` can be an emoji: the grapheme scan can be skipped (~0.15 ms a card). */
export function mayHoldEmoji(text: string): boolean {
  return EMOJI.test(text);
}

export function isEmojiGrapheme(g: string): boolean {
  return EMOJI.test(g) && !/^[\u00A9\u00AE\u2122]$/.test(g) && !/^[0-9#*]$/.test(g);
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** "U+0E01 ก": how reports name a character. */
export function describeCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${String.fromCodePoint(cp)}`;
}

/** True for a code point that is never drawn, so needs no glyph (see IGNORABLE). */
export function isIgnorable(ch: string): boolean {
  return IGNORABLE.test(ch);
}

/** A fontsource subset: the files that differ only in weight and style. */
interface Subset {
  id: string;
  family: FamilyName;
  files: ManifestFile[];
}

interface ManifestIndex {
  base: ManifestFile[];
  /** Subsets of the on-demand families, by family. */
  subsets: Map<FamilyName, Subset[]>;
  /** Per code point outside the base families: the subsets that have it, memoised. */
  holders: Map<number, Subset[]>;
}

const indexes = new WeakMap<FontManifest, ManifestIndex>();

function indexOf(manifest: FontManifest): ManifestIndex {
  let index = indexes.get(manifest);
  if (index) return index;
  const base = manifest.files.filter((f) => baseFamilies.includes(f.family));
  const byId = new Map<string, Subset>();
  for (const f of manifest.files) {
    if (baseFamilies.includes(f.family)) continue;
    const id = subsetOf(f);
    let s = byId.get(id);
    if (!s) byId.set(id, (s = { id, family: f.family, files: [] }));
    s.files.push(f);
  }
  const subsets = new Map<FamilyName, Subset[]>();
  for (const s of byId.values()) subsets.set(s.family, [...(subsets.get(s.family) ?? []), s]);
  index = { base, subsets, holders: new Map() };
  indexes.set(manifest, index);
  return index;
}

/** The on-demand subsets that have a glyph for `cp` (empty when a base family has it or none does). */
function holdersOf(index: ManifestIndex, cp: number): Subset[] {
  let found = index.holders.get(cp);
  if (found) return found;
  found = [];
  if (!index.base.some((f) => inRanges(f.ranges, cp))) {
    for (const list of index.subsets.values()) for (const s of list) if (s.files.some((f) => inRanges(f.ranges, cp))) found.push(s);
  }
  if (index.holders.size > 20_000) index.holders.clear();
  index.holders.set(cp, found);
  return found;
}

export interface FontPlan {
  /** The manifest files the card loads: every base file, then the on-demand subsets it needs. */
  files: ManifestFile[];
  /** The on-demand families among them, in fallback order (for the stacks). */
  families: FamilyName[];
  /** Characters that no shipped font has, as "U+XXXX c", in order of first appearance. */
  missing: string[];
  /** Emoji graphemes: drawn as images, not from a font (the caller checks it has them). */
  emoji: string[];
}

/**
 * The one answer to "which fonts draw this text, and what can none of them draw": the renderer
 * loads `files`, and the coverage checks (editor, article API, tests) report `missing`, so a
 * character is reported exactly when the card would draw it as a box.
 *
 * Every code point outside the base families gets a subset that has its glyph: first one
 * already chosen for another character (the danda of a Bengali headline is in the Bengali
 * file, not a reason to load Devanagari), otherwise the first in the language's fallback order.
 * Code points that only one subset has are placed first, so the shared ones follow them.
 * Deterministic for a given text and language: the same card always gets the same fonts.
 */
export function planFonts(manifest: FontManifest, text: string, lang: string): FontPlan {
  const index = indexOf(manifest);
  const missing = new Set<number>();
  const emoji: string[] = [];
  const wanted: { cp: number; holders: Subset[] }[] = [];
  const seen = new Set<number>();
  const scan = (segment: string) => {
    for (const ch of segment) {
      const cp = ch.codePointAt(0) as number;
      if (cp < 0x80 || seen.has(cp)) continue;
      seen.add(cp);
      if (IGNORABLE.test(ch)) continue;
      const holders = holdersOf(index, cp);
      if (holders.length) wanted.push({ cp, holders });
      else if (!index.base.some((f) => inRanges(f.ranges, cp))) missing.add(cp);
    }
  };
  if (mayHoldEmoji(text)) {
    for (const { segment } of segmenter.segment(text)) {
      if (isEmojiGrapheme(segment)) emoji.push(segment);
      else scan(segment);
    }
  } else scan(text);

  const order = fallbackFamilies(lang);
  const rank = (s: Subset) => order.indexOf(s.family);
  const chosen = new Set<Subset>();
  wanted.sort((a, b) => a.holders.length - b.holders.length || a.cp - b.cp);
  for (const { holders } of wanted) {
    if (holders.some((s) => chosen.has(s))) continue;
    chosen.add(holders.reduce((best, s) => (rank(s) < rank(best) ? s : best)));
  }
  const subsets = [...chosen].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  return {
    files: [...index.base, ...subsets.flatMap((s) => s.files)],
    families: order.filter((f) => subsets.some((s) => s.family === f)),
    missing: [...missing].map(describeCodePoint),
    emoji,
  };
}

export interface Coverage {
  /** Code points that no shipped font covers (tofu), as "U+XXXX" with the character. */
  missing: string[];
  /** Emoji graphemes, drawn as images (emoji.ts). */
  emoji: string[];
}

/**
 * Which characters of `text` no shipped font covers. Emoji graphemes are not font glyphs; the
 * caller checks them against the emoji images (coverage.ts does both).
 */
export function checkCoverage(manifest: FontManifest, text: string, lang = 'und'): Coverage {
  const { missing, emoji } = planFonts(manifest, text, lang);
  return { missing, emoji };
}

/** The manifest files a card needs (see {@link planFonts}). */
export function selectFiles(manifest: FontManifest, text: string, lang: string): ManifestFile[] {
  return planFonts(manifest, text, lang).files;
}

/** "noto-sans-jp/noto-sans-jp-42-700-normal.woff" → "noto-sans-jp/noto-sans-jp-42". */
export function subsetOf(f: ManifestFile): string {
  return f.file.replace(/-\d{3}-(normal|italic)\.(woff|ttf)$/, '');
}
