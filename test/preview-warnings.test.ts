/**
 * The editor's checks that need no browser: text the shipped fonts cannot draw.
 */
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { buildSharePayloads, shareContextFromConfig } from '../src/core/share/index.js';
import { buildStoredArticle } from '../src/core/stored-article.js';
import { defaultFontsDir, loadManifest } from '../src/render/fonts.js';
import { buildWarnings, uncoveredText } from '../src/preview/warnings.js';
import { tmpdir } from 'node:os';
import { testConfig } from './helpers.js';

const fonts = loadManifest(defaultFontsDir());

function warningsFor(body: Record<string, unknown>) {
  const article = buildStoredArticle('story', parseArticle({ url: 'https://news.example.com/story', ...body }), null, new Date());
  const share = buildSharePayloads(article, shareContextFromConfig(testConfig(tmpdir()), new Date()));
  return buildWarnings({ article, bytes: {}, share, degraded: false, fonts });
}

describe('characters without a font', () => {
  it('names each field and the characters no shipped font covers', () => {
    const thai = 'ไทยเจรจาการค้า';
    const u = uncoveredText({ title: `Talks: ${thai}`, authors: [{ name: 'ดวงใจ' }], image: { url: 'https://news.example.com/a.jpg', credit: 'Fine' }, publishedAt: '2026-12-01T08:00:00Z', lang: 'th' } as never, fonts);
    expect(u.map((x) => x.field)).toEqual(['title', 'authors', 'the date as the card prints it']);
    expect(u[0].chars).toContain('U+0E44 ไ');
    expect(u[0].chars.every((c) => /^U\+0E[0-7][0-9A-F] /.test(c))).toBe(true);
    const w = warningsFor({ title: `Talks: ${thai}` }).find((x) => x.key === 'tofu');
    expect(w?.level).toBe('bad');
    expect(w?.text).toMatch(/^title: U\+0E44 ไ, .* and \d+ more\. The card draws them as empty boxes/);
  });

  it('stays silent for the scripts the fonts cover, emoji included', () => {
    for (const title of ['Talks resume in Istanbul', 'مذاکرات ادامه دارد', '米国とイラン、核開発', '한미 정상회담', 'Переговоры', 'שיחות', 'Talks 🇹🇷🤝']) {
      expect(warningsFor({ title }).map((x) => x.key), title).not.toContain('tofu');
    }
  });
});
