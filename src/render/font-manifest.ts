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
import { scriptClass } from './scripts.js';

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
  'noto-sans-oriya': 'Noto Sans Oriya',
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
  /** hhea ascender and descender in em (descender positive): see readVerticalMetrics. */
  ascent: number;
  descent: number;
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
  'Noto Sans Oriya',
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
function describeCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${String.fromCodePoint(cp)}`;
}

/** A fontsource subset: the files that differ only in weight and style (one satori face name). */
interface Subset {
  id: string;
  family: FamilyName;
  files: ManifestFile[];
}

interface ManifestIndex {
  /** Every subset, by family, in file order. */
  subsets: Map<FamilyName, Subset[]>;
  base: Subset[];
  /** Per code point outside the base families: the subsets that have it, memoised. */
  holders: Map<number, Subset[]>;
}

const indexes = new WeakMap<FontManifest, ManifestIndex>();

function indexOf(manifest: FontManifest): ManifestIndex {
  let index = indexes.get(manifest);
  if (index) return index;
  const byId = new Map<string, Subset>();
  for (const f of manifest.files) {
    const id = subsetOf(f);
    let s = byId.get(id);
    if (!s) byId.set(id, (s = { id, family: f.family, files: [] }));
    s.files.push(f);
  }
  const subsets = new Map<FamilyName, Subset[]>();
  for (const s of byId.values()) subsets.set(s.family, [...(subsets.get(s.family) ?? []), s]);
  const base = baseFamilies.flatMap((f) => subsets.get(f) ?? []);
  index = { subsets, base, holders: new Map() };
  indexes.set(manifest, index);
  return index;
}

function has(s: Subset, cp: number): boolean {
  return s.files.some((f) => inRanges(f.ranges, cp));
}

/** The on-demand subsets that have a glyph for `cp` (empty when a base family has it or none does). */
function holdersOf(index: ManifestIndex, cp: number): Subset[] {
  let found = index.holders.get(cp);
  if (found) return found;
  found = [];
  if (!index.base.some((s) => has(s, cp))) {
    for (const [family, list] of index.subsets) if (!baseFamilies.includes(family)) for (const s of list) if (has(s, cp)) found.push(s);
  }
  if (index.holders.size > 20_000) index.holders.clear();
  index.holders.set(cp, found);
  return found;
}

/**
 * The family that leads a right-to-left card's stacks: the one for its script (Hebrew when the
 * text has more Hebrew letters than Arabic-script ones). Its Latin subsets then draw the Latin
 * words and digits too, so every word on a line has the same font metrics. Satori sets a line
 * on the baseline of its first word's font: a Persian line that began with "G7" in Source Serif
 * sat 14 px lower than the lines around it. (Every run of a line also starts on the lead
 * font's baseline: text/layout.ts, BASELINE_ANCHOR.)
 */
export function leadFamily(text: string, dir: 'ltr' | 'rtl' = 'ltr'): FamilyName | undefined {
  if (dir !== 'rtl') return undefined;
  let arabic = 0;
  let hebrew = 0;
  for (const ch of text) {
    const cls = scriptClass(ch);
    if (cls === 'arabic') arabic++;
    else if (cls === 'hebrew') hebrew++;
  }
  return hebrew > arabic ? 'Noto Sans Hebrew' : 'Vazirmatn';
}

export type StackRole = 'sans' | 'serif' | 'ornament';

/**
 * A stack's families in fallback order: `sans` and `serif` for the text (a right-to-left
 * card's script family first), `ornament` keeping Source Serif first in every direction (the
 * quote template's quotation mark); then the other base families and the on-demand ones.
 */
export function stackFamilies(role: StackRole, lead: FamilyName | undefined, onDemand: readonly FamilyName[]): FamilyName[] {
  const first: FamilyName[] = lead ? [lead] : [];
  const rest = [...baseFamilies.filter((f) => f !== 'Inter' && f !== 'Source Serif 4' && f !== lead), ...onDemand];
  if (role === 'sans') return [...first, 'Inter', ...rest];
  if (role === 'serif') return [...first, 'Source Serif 4', 'Inter', ...rest];
  return ['Source Serif 4', 'Inter', ...first, ...rest];
}

export interface FontPlan {
  /** The manifest files the card loads: every base file, then the on-demand subsets it needs. */
  files: ManifestFile[];
  /** The on-demand families among them, in fallback order (for the stacks). */
  families: FamilyName[];
  /** The family a right-to-left card's stacks start with. */
  lead: FamilyName | undefined;
  /**
   * What no shipped font draws: each code point no font has as "U+0F00 ༀ" (in order of first
   * appearance), then each cluster whose letter and marks the face satori picks does not all
   * have, as its code points and the cluster ("U+0071 U+0307 q̇").
   */
  missing: string[];
  /** Emoji graphemes: drawn as images, not from a font (the caller checks it has them). */
  emoji: string[];
  /**
   * How far (in em) the glyphs of the text's scripts reach above and below the baseline: the
   * largest hhea ascender and descender of Inter, Source Serif, the lead family and the
   * on-demand script and CJK families loaded (symbol fonts draw single glyphs: left out).
   * A layout can raise the line height where this exceeds Latin's (Myanmar: 1.32 + 0.86).
   */
  extent: { ascent: number; descent: number };
}

/** Characters that join the one before into a cluster (marks, half-width voicing marks, jamo). */
const CLUSTERING = /[\p{M}\p{Grapheme_Extend}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]/u;

/**
 * The one answer to "which fonts draw this text, and what can none of them draw": the renderer
 * loads `files`, and the coverage checks (editor, article API, tests) report `missing`, so a
 * character is reported exactly when the card would draw it as a box.
 *
 * Every code point outside the base families gets a subset that has its glyph: first one
 * already chosen for another character (the danda of a Bengali headline is in the Bengali
 * file, not a reason to load Devanagari), otherwise the first in the language's fallback order.
 * Code points that only one subset has are placed first, so the shared ones follow them.
 *
 * Satori draws each grapheme cluster with the first face of the stack that has its first code
 * point, marks included (HarfBuzz then draws a mark that face lacks as a box). So a cluster
 * gets a subset that has all of it where one exists (ﾃﾞ: the Japanese subsets split the
 * half-width letters from the voicing mark; the Simplified Chinese one has both), and the
 * clusters are then checked against the stacks in the order satori searches them.
 * Deterministic for a given text, language and direction: the same card gets the same fonts.
 */
export function planFonts(manifest: FontManifest, text: string, lang: string, dir: 'ltr' | 'rtl' = 'ltr'): FontPlan {
  const index = indexOf(manifest);
  const missing = new Set<string>();
  const emoji: string[] = [];
  const wanted: { cp: number; holders: Subset[] }[] = [];
  const clusters = new Map<string, number[]>();
  const seen = new Set<number>();
  const scan = (segment: string) => {
    let cps: number[] | undefined;
    for (const ch of segment) {
      const cp = ch.codePointAt(0) as number;
      if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && IGNORABLE.test(ch))) continue;
      if (segment.length > 1) (cps ??= []).push(cp);
      if (cp < 0x80 || seen.has(cp)) continue;
      seen.add(cp);
      const holders = holdersOf(index, cp);
      if (holders.length) wanted.push({ cp, holders });
      else if (!index.base.some((s) => has(s, cp))) missing.add(describeCodePoint(cp));
    }
    if (cps && cps.length > 1) clusters.set(String.fromCodePoint(...cps), cps);
  };
  if (mayHoldEmoji(text) || CLUSTERING.test(text)) {
    for (const { segment } of segmenter.segment(text)) {
      if (isEmojiGrapheme(segment)) emoji.push(segment);
      else scan(segment);
    }
  } else for (const ch of text) scan(ch);

  const order = fallbackFamilies(lang);
  const rank = (s: Subset) => order.indexOf(s.family);
  const best = (list: Subset[]) => list.find((s) => chosen.has(s)) ?? list.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  const chosen = new Set<Subset>();
  for (const cps of clusters.values()) {
    const whole = holdersOf(index, cps[0]).filter((s) => cps.every((cp) => has(s, cp)));
    if (whole.length) chosen.add(best(whole));
  }
  wanted.sort((a, b) => a.holders.length - b.holders.length || a.cp - b.cp);
  for (const { holders } of wanted) if (!holders.some((s) => chosen.has(s))) chosen.add(best(holders));

  const subsets = [...chosen].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  const families = order.filter((f) => subsets.some((s) => s.family === f));
  const lead = leadFamily(text, dir);
  for (const role of ['sans', 'serif'] as const) {
    const faces = stackFamilies(role, lead, families).flatMap((f) => (baseFamilies.includes(f) ? (index.subsets.get(f) ?? []) : subsets.filter((s) => s.family === f)));
    for (const [cluster, cps] of clusters) {
      const face = faces.find((s) => has(s, cps[0]));
      if (face && !cps.every((cp) => has(face, cp))) missing.add(describeSequence(cluster));
    }
  }
  const drawing = [...index.base.filter((s) => s.family === 'Inter' || s.family === 'Source Serif 4' || s.family === lead), ...subsets.filter((s) => !symbolFamilies.includes(s.family))];
  const extent = { ascent: 0, descent: 0 };
  for (const f of drawing.flatMap((s) => s.files)) {
    extent.ascent = Math.max(extent.ascent, f.ascent);
    extent.descent = Math.max(extent.descent, f.descent);
  }
  return {
    files: [...index.base.flatMap((s) => s.files), ...subsets.flatMap((s) => s.files)],
    families,
    lead,
    missing: [...missing],
    emoji,
    extent,
  };
}

/** "U+FF83 U+FF9E ﾃﾞ": a cluster or emoji sequence, by its code points. */
export function describeSequence(g: string): string {
  return `${[...g].map((c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`).join(' ')} ${g}`;
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
export function checkCoverage(manifest: FontManifest, text: string, lang = 'und', dir: 'ltr' | 'rtl' = 'ltr'): Coverage {
  const { missing, emoji } = planFonts(manifest, text, lang, dir);
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
