/**
 * Emoji as SVG images, handed to satori as data: URIs (never URLs): Twemoji from the
 * @twemoji/svg package (Emoji 15.0), and for the newer sequences Twemoji lacks (Emoji 15.1 and
 * 16.0: 🐦‍🔥, 🍋‍🟩, 🙂‍↔️, 🧑‍🧑‍🧒, 🫩 …) the Noto emoji SVGs shipped in fonts/noto-emoji/.
 *
 * File names: Twemoji's own rule is code points in hex joined by "-", with U+FE0F dropped
 * unless the sequence has a zero-width joiner
 * (https://github.com/jdecked/twemoji/blob/main/scripts/build.js, grabTheRightIcon); Noto's is
 * "emoji_u" and the code points in hex (at least 4 digits) joined by "_", every U+FE0F dropped
 * (https://github.com/googlefonts/noto-emoji, strip_vs_from_filenames.py).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultFontsDir } from './fonts.js';

export interface EmojiSource {
  /** data: URI of the grapheme's SVG, or null when no shipped set has it. */
  dataUri(grapheme: string): string | null;
  /** True when a shipped set has the grapheme (the coverage checks; reads no SVG). */
  has(grapheme: string): boolean;
}

export function twemojiName(grapheme: string): string {
  const s = grapheme.includes('\u200D') ? grapheme : grapheme.replace(/\uFE0F/g, '');
  return [...s].map((c) => (c.codePointAt(0) as number).toString(16)).join('-');
}

export function notoEmojiName(grapheme: string): string {
  return `emoji_u${[...grapheme.replace(/\uFE0F/g, '')].map((c) => (c.codePointAt(0) as number).toString(16).padStart(4, '0')).join('_')}`;
}

export function defaultTwemojiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@twemoji/svg/package.json'));
}

export function defaultNotoEmojiDir(): string {
  return path.join(defaultFontsDir(), 'noto-emoji');
}

export function createEmojiSource(dir: string = defaultTwemojiDir(), notoDir: string = defaultNotoEmojiDir()): EmojiSource {
  const cache = new Map<string, string | null>();
  const files = new Map<string, string | null>();
  /** The SVG file for the grapheme: Twemoji first (the look of every other emoji), then Noto. */
  const fileOf = (grapheme: string): string | null => {
    let file = files.get(grapheme);
    if (file !== undefined) return file;
    const candidates = [
      path.join(dir, `${twemojiName(grapheme)}.svg`),
      path.join(dir, `${twemojiName(grapheme.replace(/\uFE0F/g, ''))}.svg`),
      path.join(notoDir, `${notoEmojiName(grapheme)}.svg`),
    ];
    file = candidates.find((f) => existsSync(f)) ?? null;
    if (files.size > 2000) files.clear();
    files.set(grapheme, file);
    return file;
  };
  return {
    dataUri(grapheme) {
      let uri = cache.get(grapheme);
      if (uri !== undefined) return uri;
      const file = fileOf(grapheme);
      uri = file ? `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}` : null;
      if (cache.size > 2000) cache.clear();
      cache.set(grapheme, uri);
      return uri;
    },
    has(grapheme) {
      return fileOf(grapheme) !== null;
    },
  };
}
