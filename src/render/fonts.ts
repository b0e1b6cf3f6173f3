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
import { baseFamilies, cjkOrder, selectFiles, type FamilyName, type FontManifest, type ManifestFile } from './font-manifest.js';

export interface SatoriFont {
  name: string;
  data: Buffer;
  weight: 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;
  style: 'normal' | 'italic';
}

export interface FontSet {
  /** Identifies the file list (and CJK order): equal keys, the same fonts and stacks. */
  key: string;
  fonts: SatoriFont[];
  stacks: { sans: string; serif: string };
}

export interface FontRegistry {
  readonly dir: string;
  readonly manifest: FontManifest;
  /** The fonts (and stacks naming them) that draw `text` in language `lang`. */
  fontsFor(text: string, lang: string): FontSet;
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
  return path.basename(f.file).replace(/-\d{3}-(normal|italic)\.woff$/, '');
}

export function createFontRegistry(dir: string = defaultFontsDir()): FontRegistry {
  const manifest = loadManifest(dir);
  const data = new Map<string, Buffer>();
  // The same array object for the same file list: satori caches parsed fonts per array.
  const sets = new Map<string, FontSet>();

  const read = (f: ManifestFile): Buffer => {
    let buf = data.get(f.file);
    if (!buf) {
      buf = readFileSync(path.join(dir, f.file));
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
    fontsFor(text, lang) {
      const files = selectFiles(manifest, text, lang);
      const key = `${cjkOrder(lang)[0]}|${files.map((f) => f.file).join('|')}`;
      let set = sets.get(key);
      if (set) return set;
      const rest = [...baseFamilies.filter((f) => f !== 'Inter' && f !== 'Source Serif 4'), ...cjkOrder(lang)];
      set = {
        key,
        fonts: files.map((f) => ({ name: faceName(f), data: read(f), weight: f.weight as SatoriFont['weight'], style: f.style })),
        stacks: {
          sans: stack(files, ['Inter', ...rest]),
          serif: stack(files, ['Source Serif 4', 'Inter', ...rest]),
        },
      };
      if (sets.size > 64) sets.delete(sets.keys().next().value as string);
      sets.set(key, set);
      return set;
    },
  };
}
