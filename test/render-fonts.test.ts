/**
 * Fonts: the manifest matches the files in fonts/, every character of every fixture has a
 * shipped font (or a Twemoji), and CJK subsets load on demand.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../src/render/fonts-build.js';
import { checkCoverage, selectFiles } from '../src/render/font-manifest.js';
import { createEmojiSource, twemojiName } from '../src/render/emoji.js';
import { createFontRegistry, defaultFontsDir, loadManifest } from '../src/render/fonts.js';
import { loadFixtures } from './helpers.js';
import { fixtureArticles } from './render-helpers.js';

const dir = defaultFontsDir();
const manifest = loadManifest(dir);
const emoji = createEmojiSource();

describe('fonts', () => {
  it('has a manifest that matches the font files (run src/render/fonts-build.ts after changing fonts/)', () => {
    for (const f of manifest.files) expect(statSync(path.join(dir, f.file)).size, f.file).toBe(f.bytes);
    expect(buildManifest(dir).hash).toBe(manifest.hash);
  });

  it('ships a licence for every font family', () => {
    for (const family of new Set(manifest.files.map((f) => f.file.split('/')[0]))) {
      expect(statSync(path.join(dir, family, 'LICENSE')).size, family).toBeGreaterThan(1000);
    }
  });

  it('covers every code point of every fixture (no tofu)', () => {
    const cleaned = fixtureArticles();
    expect(cleaned).toHaveLength(loadFixtures().length);
    for (const a of cleaned) {
      const text = [a.title, a.description, a.kicker, a.section, ...a.authors.map((x) => x.name), a.image?.credit].filter(Boolean).join(' ');
      const { missing, emoji: graphemes } = checkCoverage(manifest, text);
      expect(missing, a.slug).toEqual([]);
      for (const g of graphemes) expect(emoji.dataUri(g), `${a.slug}: Twemoji for ${g}`).not.toBeNull();
    }
  });

  it('reports a code point that no font covers', () => {
    expect(checkCoverage(manifest, 'Ethiopic ሰላም').missing).toContain('U+1230 ሰ');
    expect(checkCoverage(manifest, 'joiners\u200d\u200c and marks\u200f are fine').missing).toEqual([]);
  });

  it('loads only the CJK subsets a card needs', () => {
    const latin = selectFiles(manifest, 'US and Iran', 'en');
    expect(latin.some((f) => f.family.startsWith('Noto Sans JP'))).toBe(false);
    const ja = selectFiles(manifest, '米国とイラン', 'ja');
    const jp = ja.filter((f) => f.family === 'Noto Sans JP');
    expect(jp.length).toBeGreaterThan(0);
    expect(jp.length).toBeLessThan(20);
    const zh = selectFiles(manifest, '米国', 'zh-CN');
    expect(zh.some((f) => f.family === 'Noto Sans SC')).toBe(true);
    const set = createFontRegistry(dir).fontsFor('米国とイラン', 'ja');
    expect(set.stacks.sans.startsWith('inter-')).toBe(true);
    expect(set.stacks.sans).toContain('noto-sans-jp-');
  });

  it('names Twemoji files the way twemoji does (FE0F dropped unless there is a ZWJ)', () => {
    expect(twemojiName('🚢')).toBe('1f6a2');
    expect(twemojiName('❤️')).toBe('2764');
    expect(twemojiName('❤️‍🔥')).toBe('2764-fe0f-200d-1f525');
    expect(twemojiName('1️⃣')).toBe('31-20e3');
    for (const g of ['🚢', '❤️', '❤️‍🔥', '🏃🏽‍♀️', '🇮🇷', '1️⃣']) expect(emoji.dataUri(g), g).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});
