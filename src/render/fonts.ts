/**
 * The font registry: reads fonts/manifest.json once, and each font file the first time a card
 * needs it. Every fontsource subset file gets its own satori font name ("inter-latin"), because
 * satori picks one face per family name and weight and would draw tofu for the code points
 * of the other subsets; the `fontFamily` stacks list the names in fallback order.
 *
 * @example
 *   const registry = createFontRegistry();
 *   const { fonts, stacks } = registry.fontsFor('US and Iran …', 'en');
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SharecardError } from '../core/errors.js';
import { toSfnt } from './font-files.js';
import { planFonts, stackFamilies, type FamilyName, type FontManifest, type ManifestFile } from './font-manifest.js';

export interface SatoriFont {
  name: string;
  /** The font as sfnt (TrueType/OpenType), not WOFF: see {@link toSfnt}. */
  data: ArrayBuffer;
  weight: 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;
  style: 'normal' | 'italic';
}

export interface FontSet {
  /** Identifies the file list, fallback order and lead family: equal keys, the same fonts and stacks. */
  key: string;
  fonts: SatoriFont[];
  /**
   * `sans` and `serif` for the text; `ornament` keeps Source Serif first in every direction,
   * for glyphs drawn as decoration (the quote template's quotation mark).
   */
  stacks: { sans: string; serif: string; ornament: string };
  /** How far the glyphs of the text's scripts reach, in em (see FontPlan.extent). */
  extent: { ascent: number; descent: number };
}

export interface FontRegistry {
  readonly dir: string;
  readonly manifest: FontManifest;
  /** The fonts (and stacks naming them) that draw `text` in language `lang` and direction `dir`. */
  fontsFor(text: string, lang: string, dir?: 'ltr' | 'rtl'): FontSet;
}

/** fonts/ of this package: two levels above src/render (sources) or three above dist/src/render. */
export function defaultFontsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'fonts', 'manifest.json');
    if (existsSync(candidate)) return path.dirname(candidate);
    dir = path.dirname(dir);
  }
  throw new SharecardError('internal', 'fonts/manifest.json not found next to the sharecard package');
}

export function loadManifest(dir: string): FontManifest {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as FontManifest;
  if (manifest.version !== 1 || !Array.isArray(manifest.files)) throw new SharecardError('internal', 'fonts/manifest.json has an unknown format');
  return manifest;
}

/** "noto-sans-jp/noto-sans-jp-42-700-normal.woff" → "noto-sans-jp-42". */
export function faceName(f: ManifestFile): string {
  return path.basename(f.file).replace(/-\d{3}-(normal|italic)\.(woff|ttf)$/, '');
}

export function createFontRegistry(dir: string = defaultFontsDir()): FontRegistry {
  const manifest = loadManifest(dir);
  const data = new Map<string, ArrayBuffer>();
  // The same array object for the same file list, whatever the stacks' order: satori caches
  // parsed fonts per array.
  const fontLists = new Map<string, SatoriFont[]>();
  const sets = new Map<string, FontSet>();

  const read = (f: ManifestFile): ArrayBuffer => {
    let buf = data.get(f.file);
    if (!buf) {
      buf = toSfnt(readFileSync(path.join(dir, f.file)));
      data.set(f.file, buf);
    }
    return buf;
  };

  const stack = (files: ManifestFile[], families: FamilyName[]): string => {
    const names: string[] = [];
    for (const family of families) {
      for (const f of files) {
        const n = faceName(f);
        if (f.family === family && !names.includes(n)) names.push(n);
      }
    }
    return names.join(', ');
  };

  return {
    dir,
    manifest,
    fontsFor(text, lang, dir) {
      const plan = planFonts(manifest, text, lang, dir);
      const files = plan.files;
      const filesKey = `${plan.families.join(',')}|${files.map((f) => f.file).join('|')}`;
      const key = `${plan.lead ?? ''}|${filesKey}`;
      let set = sets.get(key);
      if (set) return set;
      let fonts = fontLists.get(filesKey);
      if (!fonts) {
        fonts = files.map((f) => ({ name: faceName(f), data: read(f), weight: f.weight as SatoriFont['weight'], style: f.style }));
        if (fontLists.size > 64) fontLists.delete(fontLists.keys().next().value as string);
        fontLists.set(filesKey, fonts);
      }
      // Every face the plan loaded is named, in the order planFonts checked the clusters
      // against, so satori's per-glyph fallback finds the one that has each character.
      set = {
        key,
        fonts,
        stacks: {
          sans: stack(files, stackFamilies('sans', plan.lead, plan.families)),
          serif: stack(files, stackFamilies('serif', plan.lead, plan.families)),
          ornament: stack(files, stackFamilies('ornament', plan.lead, plan.families)),
        },
        extent: plan.extent,
      };
      if (sets.size > 64) sets.delete(sets.keys().next().value as string);
      sets.set(key, set);
      return set;
    },
  };
}
