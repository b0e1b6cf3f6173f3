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
import { scriptClass } from './scripts.js';
import { baseFamilies, planFonts, type FamilyName, type FontManifest, type ManifestFile } from './font-manifest.js';

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

/**
 * The family that leads a right-to-left card's stacks: the one for its script (Hebrew when the
 * text has more Hebrew letters than Arabic-script ones). Its Latin subsets then draw the Latin
 * words and digits too, so every word on a line has the same font metrics. Satori sets a line
 * on the baseline of its first word's font: a Persian line that began with "G7" in Source Serif
 * sat 14 px lower than the lines around it. The span fix used for left-to-right headlines
 * (template.ts, headlineChildren) cannot help here: satori misorders right-to-left text split
 * into spans.
 */
function leadFamily(text: string, dir: 'ltr' | 'rtl' = 'ltr'): FamilyName | undefined {
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
      const plan = planFonts(manifest, text, lang);
      const files = plan.files;
      const filesKey = `${plan.families.join(',')}|${files.map((f) => f.file).join('|')}`;
      const lead = leadFamily(text, dir);
      const key = `${lead ?? ''}|${filesKey}`;
      let set = sets.get(key);
      if (set) return set;
      let fonts = fontLists.get(filesKey);
      if (!fonts) {
        fonts = files.map((f) => ({ name: faceName(f), data: read(f), weight: f.weight as SatoriFont['weight'], style: f.style }));
        if (fontLists.size > 64) fontLists.delete(fontLists.keys().next().value as string);
        fontLists.set(filesKey, fonts);
      }
      const first: FamilyName[] = lead ? [lead] : [];
      // Every face the plan loaded is named, in fallback order, so satori's per-glyph fallback
      // finds the one that has each character.
      const rest = [...baseFamilies.filter((f) => f !== 'Inter' && f !== 'Source Serif 4' && f !== lead), ...plan.families];
      set = {
        key,
        fonts,
        stacks: {
          sans: stack(files, [...first, 'Inter', ...rest]),
          serif: stack(files, [...first, 'Source Serif 4', 'Inter', ...rest]),
          ornament: stack(files, ['Source Serif 4', 'Inter', ...first, ...rest]),
        },
      };
      if (sets.size > 64) sets.delete(sets.keys().next().value as string);
      sets.set(key, set);
      return set;
    },
  };
}
