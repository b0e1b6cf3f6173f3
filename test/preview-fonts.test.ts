/**
 * The editor pages' script fonts (src/preview/fonts.ts): the stylesheet is parsed with postcss,
 * and every unicode-range claim a browser would act on is checked against the real cmap of
 * the file the rule names, for every Arabic-script, Hebrew and CJK character of the fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { isEmojiGrapheme, scriptFamilies } from '../src/render/font-manifest.js';
import { inRanges, readCoverage, type Ranges } from '../src/render/font-files.js';
import { defaultFontsDir, loadManifest } from '../src/render/fonts.js';
import { SCRIPT_FONTS_VAR, createClaims, scriptFonts, unicodeRange } from '../src/preview/fonts.js';
import { toRanges } from '../src/render/font-files.js';
import { loadFixtures } from './helpers.js';
import scripts from './fixtures/scripts.json' with { type: 'json' };

const fontsDir = defaultFontsDir();
const manifest = loadManifest(fontsDir);
const built = scriptFonts(manifest);
const root = postcss.parse(built.css);

interface Face {
  family: string;
  weight: string;
  url: string;
  ranges: Ranges;
}

/** "U+3000-303F" / "U+4E00" → [from, to]; anything else fails the test. */
function parseRange(part: string): [number, number] {
  const m = /^U\+([0-9A-F]{1,6})(?:-([0-9A-F]{1,6}))?$/.exec(part.trim());
  if (!m) throw new Error(`not a unicode-range part: ${part}`);
  const from = parseInt(m[1]!, 16);
  return [from, m[2] ? parseInt(m[2], 16) : from];
}

const faces: Face[] = [];
root.walkAtRules('font-face', (rule) => {
  const d: Record<string, string> = {};
  rule.walkDecls((decl) => void (d[decl.prop] = decl.value));
  const url = /^url\(([^)]+)\) format\("woff"\)$/.exec(d.src ?? '')?.[1];
  if (!url || !d['font-family'] || !d['unicode-range'] || !d['font-weight']) throw new Error(`incomplete @font-face: ${rule.toString()}`);
  faces.push({ family: JSON.parse(d['font-family']), weight: d['font-weight'], url, ranges: d['unicode-range'].split(',').map(parseRange) });
});

/** The fallback order the stylesheet gives text of this language (`:root` or `:lang(x)`). */
function orderFor(lang: string): string[] {
  let value = '';
  root.walkRules((rule) => {
    const applies = rule.selector === ':root' || rule.selector === `:lang(${lang.split('-')[0]})`;
    if (!applies) return;
    rule.walkDecls(SCRIPT_FONTS_VAR, (decl) => void (value = decl.value));
  });
  return value.split(',').map((f) => JSON.parse(f.trim()) as string);
}

const coverageOf = new Map<string, Ranges>();
function fileCovers(url: string, cp: number): boolean {
  const file = built.files.get(url);
  if (!file) throw new Error(`${url} is in the stylesheet but not served`);
  if (!coverageOf.has(url)) coverageOf.set(url, readCoverage(readFileSync(path.join(fontsDir, file))));
  return inRanges(coverageOf.get(url)!, cp);
}

const latinFiles = manifest.files.filter((f) => f.family === 'Inter' || f.family === 'Source Serif 4');

describe('script fonts for the editor pages', () => {
  it('writes unicode-range without the code points below U+0100', () => {
    expect(unicodeRange([[0, 0], [32, 32], [250, 260], [0x3000, 0x3002], [0x4e00, 0x4e00]])).toBe('U+100-104,U+3000-3002,U+4E00');
    expect(unicodeRange([[0, 0], [32, 126]])).toBe('');
  });

  it('gives each file of a face the code points no earlier file of that face claimed', () => {
    const claim = createClaims();
    expect(claim([[5, 6], [8, 22], [25, 25], [45, 60]])).toEqual([[5, 6], [8, 22], [25, 25], [45, 60]]);
    expect(claim([[0, 10], [20, 30], [40, 50]])).toEqual([[0, 4], [7, 7], [23, 24], [26, 30], [40, 44]]);
    expect(claim([[5, 5]])).toEqual([]);
    expect(claim([[0x10fffe, 0x10ffff]])).toEqual([[0x10fffe, 0x10ffff]]);
    // Against sets of code points, over random files (seeded, so a failure repeats).
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const fresh = createClaims();
    const taken = new Set<number>();
    for (let file = 0; file < 200; file++) {
      const points = Array.from({ length: rand(40) }, () => rand(3000));
      const expected = toRanges(points.filter((p) => !taken.has(p)));
      for (const p of points) taken.add(p);
      expect(fresh(toRanges(points))).toEqual(expected);
    }
  });

  it('names each shipped Arabic-script, Hebrew and CJK subset once, in both weights, and serves what it names', () => {
    const urls = faces.map((f) => f.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect([...built.files.keys()].sort()).toEqual([...urls].sort());
    const families = new Set(faces.map((f) => f.family));
    const expected = ['Vazirmatn', 'Noto Sans Hebrew', ...scriptFamilies, 'Noto Sans JP', 'Noto Sans SC', 'Noto Sans KR'].map((f) => `sharecard ${f}`);
    expect([...families].sort()).toEqual(expected.sort());
    for (const family of families) {
      expect(new Set(faces.filter((f) => f.family === family).map((f) => f.weight)), family).toContain('700');
    }
    for (const f of faces) expect(f.ranges.every(([from]) => from >= 0x100), f.url).toBe(true);
  });

  it('sends every non-Latin character of the fixtures and the script corpus to exactly one file per weight, and that file draws it', () => {
    let checked = 0;
    // The corpus's symbols and emoji are the system's (the pages load no symbol font).
    const corpus = Object.entries(scripts).filter(([k]) => k !== 'symbols' && k !== 'emoji').map(([slug, s]) => ({ slug, ...s }));
    for (const fixture of [...loadFixtures(), ...corpus] as Record<string, unknown>[]) {
      const lang = String(fixture.lang ?? 'en');
      const order = orderFor(lang);
      const text = [fixture.title, fixture.description, fixture.kicker, fixture.author].filter((t) => typeof t === 'string').join(' ');
      for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)) {
        if (isEmojiGrapheme(segment)) continue;
        for (const ch of segment) {
          const cp = ch.codePointAt(0)!;
          // Latin, Cyrillic, Greek and punctuation are the system fonts' (and the cards' Inter);
          // control, format and lone surrogate code points never reach a page (parseArticle).
          if (cp < 0x100 || latinFiles.some((f) => inRanges(f.ranges, cp)) || /\p{C}/u.test(ch)) continue;
          for (const weight of ['400', '700']) {
            const family = order.find((fam) => faces.some((f) => f.family === fam && f.weight === weight && inRanges(f.ranges, cp)));
            expect(family, `${fixture.slug}: no web font claims U+${cp.toString(16)} ${ch}`).toBeDefined();
            const claims = faces.filter((f) => f.family === family && f.weight === weight && inRanges(f.ranges, cp));
            expect(claims, `${fixture.slug}: U+${cp.toString(16)} claimed by several ${family} ${weight} files`).toHaveLength(1);
            expect(fileCovers(claims[0]!.url, cp), `${claims[0]!.url} lacks U+${cp.toString(16)} ${ch}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('gives Han characters the shapes of the story’s language', () => {
    const firstCjk = (lang: string) => orderFor(lang).find((f) => / (JP|SC|KR)$/.test(f));
    expect(firstCjk('ja')).toBe('sharecard Noto Sans JP');
    expect(firstCjk('zh-Hans')).toBe('sharecard Noto Sans SC');
    expect(firstCjk('ko')).toBe('sharecard Noto Sans KR');
    expect(orderFor('fa').slice(0, 2)).toEqual(['sharecard Vazirmatn', 'sharecard Noto Sans Hebrew']);
  });
});
