/**
 * Script fonts for the editor pages' own text (headlines, post texts in the mockups). The pages
 * use each platform's font stack, that is the editor's system fonts; on a machine without
 * Arabic-script, Hebrew or CJK fonts those would draw tofu, although the card itself is fine.
 * So every stack ends with the fonts the cards are drawn with, as web fonts: one @font-face per
 * shipped subset file, with the unicode-range its cmap really maps (fonts/manifest.json), so
 * a browser downloads only the subsets of the text on screen (a Japanese headline: a few of
 * the 120 files per weight) and only when no system font before it has the glyph.
 *
 * Pure: manifest in, stylesheet text and URL → file map out. src/preview/assets.ts serves them.
 */
import { cjkOrder, scriptFamilies, type FamilyName, type FontManifest, type ManifestFile } from '../render/font-manifest.js';
import type { Ranges } from '../render/font-files.js';

/**
 * The families the pages fall back to; Inter and Source Serif cover only what system fonts do.
 * The symbol fonts are left out: every system has arrows and maths signs.
 */
const SCRIPT_FAMILIES: readonly FamilyName[] = ['Vazirmatn', 'Noto Sans Hebrew', ...scriptFamilies, 'Noto Sans JP', 'Noto Sans SC', 'Noto Sans KR'];

/**
 * Below U+0100 every system font has the glyph, and a claim there (the subsets all map the
 * space) would make a browser fetch files for text that never reaches this font.
 */
const FIRST_CLAIMED = 0x100;

/** The custom property the stylesheet's font stacks end with (src/preview/assets/style.ts). */
export const SCRIPT_FONTS_VAR = '--pv-script-fonts';

/** "Noto Sans JP" → the web font family name, distinct from any installed family. */
export function webFamily(family: FamilyName): string {
  return `sharecard ${family}`;
}

/** A subset's URL: named by its content hash, so it can be cached for a year. */
export function fontUrl(f: ManifestFile): string {
  return `/preview/assets/font.${f.sha256}.woff`;
}

/** Ranges as a CSS unicode-range value, without the code points below FIRST_CLAIMED. */
export function unicodeRange(ranges: Ranges): string {
  const hex = (n: number) => n.toString(16).toUpperCase();
  const parts: string[] = [];
  for (const [from, to] of ranges) {
    if (to < FIRST_CLAIMED) continue;
    const a = Math.max(from, FIRST_CLAIMED);
    parts.push(a === to ? `U+${hex(a)}` : `U+${hex(a)}-${hex(to)}`);
  }
  return parts.join(',');
}

function stack(lang: string): string {
  const families: FamilyName[] = ['Vazirmatn', 'Noto Sans Hebrew', ...scriptFamilies, ...cjkOrder(lang)];
  return families.map((f) => JSON.stringify(webFamily(f))).join(', ');
}

export interface ScriptFonts {
  css: string;
  /** fontUrl(file) → the file's path relative to fonts/. */
  files: Map<string, string>;
}

/**
 * The @font-face rules, and the fallback order per language: Han characters take the shapes of
 * the story's language (JP, SC or KR), as they do on the cards (cjkOrder).
 */
export function scriptFonts(manifest: FontManifest): ScriptFonts {
  const files = new Map<string, string>();
  const rules: string[] = [
    `:root { ${SCRIPT_FONTS_VAR}: ${stack('und')}; }`,
    `:lang(zh) { ${SCRIPT_FONTS_VAR}: ${stack('zh')}; }`,
    `:lang(ko) { ${SCRIPT_FONTS_VAR}: ${stack('ko')}; }`,
  ];
  // A code point is claimed by the first file of its family, weight and style that maps it:
  // Noto Sans Hebrew's Latin subsets map the Hebrew letters too, and a browser given several
  // claims may fetch every one of them.
  const claims = new Map<string, (ranges: Ranges) => Ranges>();
  for (const f of manifest.files) {
    if (!SCRIPT_FAMILIES.includes(f.family)) continue;
    const face = `${f.family}|${f.weight}|${f.style}`;
    if (!claims.has(face)) claims.set(face, createClaims());
    const range = unicodeRange(claims.get(face)!(f.ranges));
    if (!range) continue;
    const url = fontUrl(f);
    files.set(url, f.file);
    rules.push(
      `@font-face { font-family: ${JSON.stringify(webFamily(f.family))}; font-weight: ${f.weight}; font-style: ${f.style}; ` +
        `font-display: swap; src: url(${url}) format("woff"); unicode-range: ${range}; }`,
    );
  }
  return { css: `${rules.join('\n')}\n`, files };
}

/**
 * The code points of one face that earlier files claimed, one bit each (139 KB for all of
 * Unicode). Merging range lists instead, file by file, went over the thousands of ranges a CJK
 * face collects once per file: ~300 ms and hundreds of megabytes of garbage at every start.
 */
export function createClaims(): (ranges: Ranges) => Ranges {
  const bits = new Uint8Array(0x110000 >> 3);
  return (ranges) => {
    const out: Ranges = [];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const mask = 1 << (cp & 7);
        if (bits[cp >> 3]! & mask) continue;
        bits[cp >> 3]! |= mask;
        const last = out[out.length - 1];
        if (last && last[1] === cp - 1) last[1] = cp;
        else out.push([cp, cp]);
      }
    }
    return out;
  };
}
