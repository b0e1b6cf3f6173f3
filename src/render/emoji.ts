/**
 * Emoji as Twemoji SVGs from the @twemoji/svg package, handed to satori as data: URIs (never
 * URLs). File names follow twemoji's own rule: code points in hex joined by "-", with U+FE0F
 * dropped unless the sequence has a zero-width joiner.
 * https://github.com/jdecked/twemoji/blob/main/scripts/build.js (grabTheRightIcon)
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface EmojiSource {
  /** data: URI of the grapheme's Twemoji, or null when Twemoji has none. */
  dataUri(grapheme: string): string | null;
}

export function twemojiName(grapheme: string): string {
  const s = grapheme.includes('\u200D') ? grapheme : grapheme.replace(/\uFE0F/g, '');
  return [...s].map((c) => (c.codePointAt(0) as number).toString(16)).join('-');
}

export function defaultTwemojiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@twemoji/svg/package.json'));
}

export function createEmojiSource(dir: string = defaultTwemojiDir()): EmojiSource {
  const cache = new Map<string, string | null>();
  return {
    dataUri(grapheme) {
      let uri = cache.get(grapheme);
      if (uri !== undefined) return uri;
      uri = null;
      const names = [twemojiName(grapheme), twemojiName(grapheme.replace(/\uFE0F/g, ''))];
      for (const name of names) {
        const file = path.join(dir, `${name}.svg`);
        if (existsSync(file)) {
          uri = `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`;
          break;
        }
      }
      if (cache.size > 2000) cache.clear();
      cache.set(grapheme, uri);
      return uri;
    },
  };
}
