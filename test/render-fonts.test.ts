/**
 * Fonts: the manifest matches the files in fonts/, every character of every fixture has a
 * shipped font (or a Twemoji), and CJK subsets load on demand.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import satori from 'satori';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCoverage, toSfnt } from '../src/render/font-files.js';
import { buildManifest } from '../src/render/fonts-build.js';
import { checkCoverage, selectFiles } from '../src/render/font-manifest.js';
import { createEmojiSource, defaultTwemojiDir, notoEmojiName, twemojiName } from '../src/render/emoji.js';
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
    expect(checkCoverage(manifest, 'Tibetan བོད').missing).toContain('U+0F56 བ');
    expect(checkCoverage(manifest, 'Ethiopic ሰላም').missing).toEqual([]);
    expect(checkCoverage(manifest, 'joiners\u200d\u200c and marks\u200f are fine').missing).toEqual([]);
  });

  it('loads only the CJK subsets a card needs', () => {
    // A CJK subset is picked by coverage: an arrow in a Latin card comes from a symbol font.
    expect(selectFiles(manifest, 'Rates → 4%', 'en').some((f) => /^Noto Sans (JP|SC|KR)$/.test(f.family))).toBe(false);
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

  it('gives satori each WOFF as the sfnt inside it: valid tables, the same coverage, the same drawing', async () => {
    const cases = [
      ['inter/inter-latin-800-normal.woff', 'Talks in Istanbul, 2026 — “Q&A”'],
      ['vazirmatn/vazirmatn-arabic-700-normal.woff', 'گفت‌وگوهای ایران و آمریکا'],
      ['noto-sans-jp/noto-sans-jp-0-700-normal.woff', manifestText('noto-sans-jp/noto-sans-jp-0-700-normal.woff')],
    ];
    for (const [file, text] of cases) {
      const woff = readFileSync(path.join(dir, file));
      const sfnt = toSfnt(woff);
      const view = Buffer.from(sfnt);
      expect(view.readUInt32BE(0), file).toBe(0x00010000);
      const n = view.readUInt16BE(4);
      expect(n, file).toBe(woff.readUInt16BE(12));
      for (let i = 0; i < n; i++) {
        const [offset, length] = [view.readUInt32BE(12 + 16 * i + 8), view.readUInt32BE(12 + 16 * i + 12)];
        expect(offset % 4, file).toBe(0);
        let sum = 0;
        // Tables are zero-padded to 4 bytes, the padding counted in the checksum.
        for (let o = offset; o < offset + length; o += 4) sum = (sum + view.readUInt32BE(o)) >>> 0;
        expect(sum, `${file} table ${i} checksum`).toBe(view.readUInt32BE(12 + 16 * i + 4));
      }
      expect(readCoverage(view)).toEqual(readCoverage(woff));
      const draw = (data: ArrayBuffer | Buffer) =>
        satori({ type: 'div', props: { style: { display: 'flex', fontFamily: 'f', fontSize: 48 }, children: text } } as never, { width: 1000, height: 200, fonts: [{ name: 'f', data, weight: 400, style: 'normal' }] });
      const [fromWoff, fromSfnt] = [await draw(woff), await draw(sfnt)];
      expect(fromSfnt.length, file).toBeGreaterThan(2000);
      expect(fromSfnt, file).toBe(fromWoff);
    }
  });

  it('names Twemoji files the way twemoji does (FE0F dropped unless there is a ZWJ)', () => {
    expect(twemojiName('🚢')).toBe('1f6a2');
    expect(twemojiName('❤️')).toBe('2764');
    expect(twemojiName('❤️‍🔥')).toBe('2764-fe0f-200d-1f525');
    expect(twemojiName('1️⃣')).toBe('31-20e3');
    for (const g of ['🚢', '❤️', '❤️‍🔥', '🏃🏽‍♀️', '🇮🇷', '1️⃣']) expect(emoji.dataUri(g), g).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('draws the emoji Twemoji 15.0 lacks with the shipped Noto SVGs, named the way noto-emoji does', () => {
    expect(notoEmojiName('🐦‍🔥')).toBe('emoji_u1f426_200d_1f525');
    expect(notoEmojiName('🙂‍↔️')).toBe('emoji_u1f642_200d_2194');
    for (const g of ['🐦‍🔥', '🍋‍🟩', '🙂‍↔️', '🙂‍↕️', '🧑‍🧑‍🧒', '⛓️‍💥', '🏃🏽‍➡️', '🫩', '🫆', '🪉']) {
      const svg = Buffer.from(emoji.dataUri(g)?.replace(/^data:image\/svg\+xml;base64,/, '') ?? '', 'base64').toString('utf8');
      expect(svg, g).toMatch(/<svg\b[^>]*\bviewBox="0 0 128 128"/);
      expect(svg.trimEnd(), g).toMatch(/<\/svg>$/);
      expect(existsSync(path.join(dir, 'noto-emoji', `${notoEmojiName(g)}.svg`)), g).toBe(true);
    }
    // Twemoji keeps its look for everything it has: no Noto file duplicates one.
    expect(emoji.dataUri('🚢')).toBe(`data:image/svg+xml;base64,${readFileSync(path.join(defaultTwemojiDir(), '1f6a2.svg')).toString('base64')}`);
    expect(emoji.has('🧑\u200D🦰\u200D🐈')).toBe(false);
  });
});

/** Twenty characters the file covers (CJK subsets hold scattered code points). */
function manifestText(file: string): string {
  const ranges = manifest.files.find((f) => f.file === file)?.ranges ?? [];
  const chars: string[] = [];
  for (const [a, b] of ranges) for (let c = a; c <= b && chars.length < 20; c++) if (c > 0x3000) chars.push(String.fromCodePoint(c));
  return chars.join('');
}
