/**
 * The editor's checks that need no browser: text the shipped fonts cannot draw.
 */
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { buildSharePayloads, shareContextFromConfig } from '../src/core/share/index.js';
import { buildStoredArticle } from '../src/core/stored-article.js';
import { defaultCoverage } from '../src/render/coverage.js';
import { buildWarnings, uncoveredText } from '../src/preview/warnings.js';
import { tmpdir } from 'node:os';
import { testConfig } from './helpers.js';
import scripts from './fixtures/scripts.json' with { type: 'json' };

const coverage = defaultCoverage();

function warningsFor(body: Record<string, unknown>) {
  const article = buildStoredArticle('story', parseArticle({ url: 'https://news.example.com/story', ...body }), null, new Date());
  const share = buildSharePayloads(article, shareContextFromConfig(testConfig(tmpdir()), new Date()));
  return buildWarnings({ article, bytes: {}, share, degraded: false, coverage });
}

describe('characters without a font', () => {
  it('names each field and the characters no shipped font covers, the date as the card prints it', () => {
    // Tibetan is not shipped: its letters, its digits (the date in `bo`) and its marks.
    const tibetan = 'བོད་ལྗོངས་ཀྱི་གསར་འགྱུར';
    const u = uncoveredText({ title: `Talks: ${tibetan}`, authors: [{ name: 'བསྟན་འཛིན' }], image: { url: 'https://news.example.com/a.jpg', credit: 'Fine' }, publishedAt: '2026-12-01T08:00:00Z', lang: 'bo' } as never, coverage);
    expect(u.map((x) => x.field)).toEqual(['title', 'authors', 'the date as the card prints it']);
    expect(u[0].chars).toContain('U+0F56 བ');
    expect(u[0].chars.every((c) => /^U\+0F[0-9A-F]{2} /.test(c))).toBe(true);
    expect(u[2].chars).toContain('U+0F21 ༡');
    const w = warningsFor({ title: `Talks: ${tibetan}` }).find((x) => x.key === 'tofu');
    expect(w?.level).toBe('bad');
    expect(w?.text).toMatch(/^title: U\+0F56 བ, .* and \d+ more\. The card draws them as empty boxes/);
  });

  it('stays silent for every script of the corpus, dates in each language included', () => {
    for (const [key, s] of Object.entries(scripts)) {
      const keys = warningsFor({ title: s.title, description: s.description, lang: s.lang, publishedAt: '2026-12-01T08:00:00Z' }).map((x) => x.key);
      expect(keys, key).not.toContain('tofu');
    }
    for (const title of ['Talks resume in Istanbul', 'Talks 🇹🇷🤝', 'Markets → rates ≈ 4.5% ≠ forecast ✓ ★ ∞ √ ‰', 'ﾃﾞｰﾀ\u2028next\u2029para']) {
      expect(warningsFor({ title }).map((x) => x.key), title).not.toContain('tofu');
    }
  });

  it('reports a private-use character and an emoji sequence no shipped set draws', () => {
    const w = warningsFor({ title: 'Logo \uE000 and 🧑\u200D🦰\u200D🐈' }).find((x) => x.key === 'tofu');
    expect(w?.text).toContain('U+E000');
    expect(w?.text).toContain('U+1F9D1 U+200D U+1F9B0 U+200D U+1F408');
  });
});
