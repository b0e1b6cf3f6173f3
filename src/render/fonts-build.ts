/**
 * Regenerates fonts/manifest.json from the font files in fonts/: for each file its family,
 * weight, style, content hash and the code points its cmap really maps. Run after adding or
 * replacing a font:
 *
 *   node --import tsx src/render/fonts-build.ts
 *
 * The renderer never scans fonts/ at run time; it trusts the manifest, and a test checks the
 * manifest still matches the files (test/render-fonts.test.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCoverage, readVerticalMetrics } from './font-files.js';
import { familyDirs, type FontManifest, type ManifestFile } from './font-manifest.js';
import { sha256url } from '../core/digest.js';

/** fontsource's naming, <family>-<subset>-<weight>-<style>.woff; a font shipped whole may be a .ttf. */
const FILE = /-(\d{3})-(normal|italic)\.(woff|ttf)$/;

export function buildManifest(fontsDir: string): FontManifest {
  const files: ManifestFile[] = [];
  for (const [dir, family] of Object.entries(familyDirs)) {
    for (const name of readdirSync(path.join(fontsDir, dir)).sort()) {
      const m = FILE.exec(name);
      if (!m) continue;
      const data = readFileSync(path.join(fontsDir, dir, name));
      files.push({
        file: `${dir}/${name}`,
        family,
        weight: Number(m[1]),
        style: m[2] as 'normal' | 'italic',
        bytes: data.length,
        sha256: sha256url(data, 16),
        ...readVerticalMetrics(data),
        ranges: readCoverage(data),
      });
    }
  }
  const hash = sha256url(files.map((f) => `${f.file}:${f.sha256}`).join('\n'), 16);
  return { version: 1, hash, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fontsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');
  const manifest = buildManifest(fontsDir);
  // One file per line keeps diffs of the manifest readable.
  const body = `{"version":1,"hash":${JSON.stringify(manifest.hash)},"files":[\n${manifest.files.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  writeFileSync(path.join(fontsDir, 'manifest.json'), body);
  console.log(`fonts/manifest.json: ${manifest.files.length} files, hash ${manifest.hash}`);
}
