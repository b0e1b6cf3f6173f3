/**
 * Coverage of every script of the corpus (test/fixtures/scripts.json), checked two ways: the
 * coverage answer the editor and the API report (src/render/coverage.ts) must find nothing
 * missing, and HarfBuzz (the shaper satori draws with) must shape every grapheme cluster of the
 * text, with the face satori would pick for it from the card's stacks, without a .notdef glyph
 * (the box). Text with characters no shipped font has must be reported, and HarfBuzz must agree
 * that the card draws a box there. A Latin card must load no on-demand font.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCoverageChecker, defaultCoverage, uncoveredFields } from '../src/render/coverage.js';
import { createEmojiSource } from '../src/render/emoji.js';
import { baseFamilies, isEmojiGrapheme, planFonts, scriptFamilies } from '../src/render/font-manifest.js';
import { createFontRegistry, defaultFontsDir, loadManifest, type FontSet, type SatoriFont } from '../src/render/fonts.js';
import scripts from './fixtures/scripts.json' with { type: 'json' };
import { fixtureArticles } from './render-helpers.js';

interface HbGlyph {
  g: number;
  cl: number;
}
interface Hb {
  createBlob(data: ArrayBuffer): { destroy(): void };
  createFace(blob: unknown, index: number): { destroy(): void };
  createFont(face: unknown): { destroy(): void };
  createBuffer(): { addText(t: string): void; guessSegmentProperties(): void; json(): HbGlyph[]; destroy(): void };
  shape(font: unknown, buffer: unknown, features?: string): void;
}

let hb: Hb;
beforeAll(async () => {
  hb = (await createRequire(import.meta.url)('harfbuzzjs')) as Hb;
});

const registry = createFontRegistry();
const emoji = createEmojiSource();
const coverage = defaultCoverage();
const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const corpus = Object.entries(scripts as Record<string, { lang: string; title: string; description: string }>);
const rtl = (lang: string) => /^(ar|fa|ur|he|ps|ckb|yi)(-|$)/.test(lang);

const hbFonts = new Map<ArrayBuffer, unknown>();
function hbFont(font: SatoriFont): unknown {
  let f = hbFonts.get(font.data);
  if (!f) hbFonts.set(font.data, (f = hb.createFont(hb.createFace(hb.createBlob(font.data), 0))));
  return f;
}

/** Glyph ids HarfBuzz gives `text` in `font` (0 is .notdef, drawn as a box). */
function shapeIds(font: SatoriFont, text: string): number[] {
  const buffer = hb.createBuffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  hb.shape(hbFont(font), buffer);
  const ids = buffer.json().map((g) => g.g);
  buffer.destroy();
  return ids;
}

/** The face satori draws a cluster with: the first of the stack whose cmap has its first character. */
function satoriFace(set: FontSet, stack: string, weight: number, cluster: string): SatoriFont | undefined {
  for (const name of stack.split(', ')) {
    const faces = set.fonts.filter((f) => f.name === name);
    if (!faces.length) throw new Error(`stack names ${name}, which is not loaded`);
    const face = faces.reduce((a, b) => (Math.abs(b.weight - weight) < Math.abs(a.weight - weight) ? b : a));
    if (shapeIds(face, [...cluster][0]!)[0] !== 0) return face;
  }
  return undefined;
}

/** Clusters of `text` that HarfBuzz draws with a box in the face satori picks (sans 400, serif 700). */
function boxesDrawn(text: string, lang: string): string[] {
  const set = registry.fontsFor(text, lang, rtl(lang) ? 'rtl' : 'ltr');
  const boxes = new Set<string>();
  for (const { segment } of segmenter.segment(text)) {
    if (/^\s+$/u.test(segment) || /^[\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]+$/u.test(segment)) continue;
    if (isEmojiGrapheme(segment)) {
      if (!emoji.has(segment)) boxes.add(segment);
      continue;
    }
    for (const [stack, weight] of [[set.stacks.sans, 400], [set.stacks.serif, 700]] as const) {
      const face = satoriFace(set, stack, weight, segment);
      if (!face || shapeIds(face, segment).includes(0)) boxes.add(segment);
    }
  }
  return [...boxes];
}

describe('coverage of every script of the corpus', () => {
  it('has an entry for every script the cards must draw', () => {
    const keys = corpus.map(([k]) => k);
    for (const k of ['hi', 'bn', 'pa', 'gu', 'or', 'ta', 'te', 'kn', 'ml', 'si', 'th', 'lo', 'km', 'my', 'ka', 'hy', 'am', 'ur', 'fa', 'ar', 'he', 'ja', 'zh', 'ko', 'ru', 'el', 'vi', 'symbols', 'emoji']) {
      expect(keys, k).toContain(k);
    }
  });

  it('reports nothing missing for any headline or dek, nor for its date as the card prints it', () => {
    for (const [key, s] of corpus) {
      expect(coverage.missing(s.title, s.lang), `${key} title`).toEqual([]);
      expect(coverage.missing(s.description, s.lang), `${key} description`).toEqual([]);
      const article = { title: s.title, description: s.description, lang: s.lang, authors: [], publishedAt: '2026-12-05T08:00:00Z' };
      expect(uncoveredFields(article as never, coverage), key).toEqual([]);
    }
  });

  it('draws every cluster of the corpus without a box, per HarfBuzz, with the face satori picks', () => {
    for (const [key, s] of corpus) {
      expect(boxesDrawn(s.title, s.lang), `${key} title`).toEqual([]);
      expect(boxesDrawn(s.description, s.lang), `${key} description`).toEqual([]);
    }
  });

  it('draws every cluster of every story fixture without a box, per HarfBuzz', () => {
    for (const a of fixtureArticles()) {
      for (const text of [a.title, a.description, a.kicker, a.section, ...a.authors.map((x) => x.name)]) {
        if (text) expect(boxesDrawn(text, a.lang), `${a.slug}: ${text}`).toEqual([]);
      }
    }
  });

  it('reports what no shipped font draws, and HarfBuzz draws a box there', () => {
    const cases: [string, string, string][] = [
      ['Tibetan ༀ', 'en', 'U+0F00 ༀ'],
      ['Logo \uE000 here', 'en', 'U+E000 \uE000'],
      ['Cherokee ᏣᎳᎩ', 'chr', 'U+13E3 Ꮳ'],
      // A letter and a mark that no one face has: Inter draws the q, and has no U+0307.
      ['q\u0307 in a name', 'en', 'U+0071 U+0307 q\u0307'],
    ];
    for (const [text, lang, expected] of cases) {
      expect(coverage.missing(text, lang), text).toContain(expected);
      expect(boxesDrawn(text, lang).length, text).toBeGreaterThan(0);
    }
    expect(coverage.missing('Emoji 🧑\u200D🦰\u200D🐈 not in any set')).toEqual(['U+1F9D1 U+200D U+1F9B0 U+200D U+1F408 🧑\u200D🦰\u200D🐈']);
  });

  it('needs no glyph for joiners, bidi marks and the line and paragraph separators', () => {
    for (const text of ['a\u2028b\u2029c', 'joiners\u200d\u200c and marks\u200f\u2066x\u2069', 'ශ්\u200dරී']) {
      expect(coverage.missing(text), JSON.stringify(text)).toEqual([]);
    }
  });

  it('answers the same with the checker built from the manifest and emoji set directly', () => {
    const checker = createCoverageChecker(loadManifest(defaultFontsDir()), emoji);
    for (const [key, s] of corpus) expect(checker.missing(s.title + s.description, s.lang), key).toEqual(coverage.missing(s.title + s.description, s.lang));
    expect(checker.missing('ༀ')).toEqual(['U+0F00 ༀ']);
  });
});

describe('fonts loaded on demand', () => {
  const manifest = loadManifest(defaultFontsDir());
  const baseFiles = manifest.files.filter((f) => baseFamilies.includes(f.family)).map((f) => f.file);

  it('loads no on-demand file for Latin, Cyrillic, Greek, Vietnamese, Arabic-script and Hebrew text', () => {
    for (const key of ['ru', 'el', 'vi', 'ar', 'fa', 'ur', 'he']) {
      const s = corpus.find(([k]) => k === key)![1];
      expect(planFonts(manifest, `${s.title} ${s.description}`, s.lang).files.map((f) => f.file), key).toEqual(baseFiles);
    }
    const set = registry.fontsFor('US and Iran resume talks in Istanbul, 2026 — “Q&A”', 'en');
    expect(set.fonts.map((f) => f.name).every((n) => /^(inter|source-serif-4|vazirmatn|noto-sans-hebrew)-/.test(n))).toBe(true);
    expect(set.fonts).toHaveLength(baseFiles.length);
  });

  it('loads exactly the script file (both weights) a card in another script needs, and names it in every stack', () => {
    for (const [key, s] of corpus) {
      const plan = planFonts(manifest, `${s.title} ${s.description}`, s.lang);
      const family = plan.families.find((f) => scriptFamilies.includes(f));
      if (!family) continue;
      const extra = plan.files.filter((f) => !baseFamilies.includes(f.family));
      expect(new Set(extra.map((f) => f.family)).size, `${key}: ${extra.map((f) => f.file).join(' ')}`).toBeLessThanOrEqual(3);
      expect(extra.filter((f) => f.family === family).map((f) => f.weight).sort(), key).toEqual([400, 700]);
      const set = registry.fontsFor(s.title, s.lang);
      const face = extra.find((f) => f.family === family)!.file.split('/')[1]!.replace(/-\d{3}-normal\.woff$/, '');
      for (const stack of Object.values(set.stacks)) expect(stack.split(', '), key).toContain(face);
    }
  });

  it('takes a mark shared by two scripts from the file already loaded (a Bengali danda is not a reason to load Devanagari)', () => {
    const plan = planFonts(manifest, 'ঢাকায় মেট্রোরেল চলবে।', 'bn');
    expect(plan.families).toEqual(['Noto Sans Bengali']);
  });

  it('leads a right-to-left card’s stacks with its script’s family', () => {
    expect(registry.fontsFor('مذاکرات ادامه دارد', 'fa', 'rtl').stacks.serif.split(', ')[0]).toMatch(/^vazirmatn-/);
    expect(registry.fontsFor('שיחות', 'he', 'rtl').stacks.sans.split(', ')[0]).toMatch(/^noto-sans-hebrew-/);
    expect(registry.fontsFor('ครม. อนุมัติงบ', 'th').stacks.sans.split(', ')[0]).toMatch(/^inter-/);
  });

  it('reports how far the text’s glyphs reach, from the loaded fonts’ metrics', () => {
    const latin = registry.fontsFor('Talks', 'en').extent;
    const myanmar = registry.fontsFor('ရန်ကုန်မြို့', 'my').extent;
    expect(myanmar.ascent + myanmar.descent).toBeGreaterThan(latin.ascent + latin.descent + 0.5);
  });
});
