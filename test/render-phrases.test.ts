/**
 * Japanese headlines break between phrases, not inside words (src/render/phrases.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildCardText } from '../src/render/card-model.js';
import { buildSvg, createRenderEnv } from '../src/render/pipeline.js';
import { keepPhrasesTogether, MAX_PHRASE, phrasesOf, WORD_JOINER } from '../src/render/phrases.js';
import { brand } from './render-helpers.js';

const graphemes = (s: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('Japanese phrases', () => {
  it('keeps words with their particles, punctuation and kanji compounds', () => {
    expect(phrasesOf('米国とイラン、イスタンブールで高官級協議へ　核開発とミサイルが焦点')).toEqual(['米国と', 'イラン、', 'イスタンブールで', '高官級協議へ', '　', '核開発と', 'ミサイルが', '焦点']);
    expect(phrasesOf('トルコ、カタール、エジプトが仲介役を務める見通し。')).toEqual(['トルコ、', 'カタール、', 'エジプトが', '仲介役を', '務める', '見通し。']);
  });

  it('joins the graphemes inside each phrase and changes nothing else', () => {
    const title = 'G7首脳、AIの規制で合意 👨‍👩‍👧 「交渉は続く」';
    const joined = keepPhrasesTogether(title, 'ja');
    expect(joined.replaceAll(WORD_JOINER, '')).toBe(title);
    // Joiners sit between graphemes, never inside one (the family emoji stays one grapheme).
    expect(graphemes(joined).filter((g) => g.includes(WORD_JOINER) && g !== WORD_JOINER)).toEqual([]);
    expect(graphemes(joined)).toContain('👨‍👩‍👧');
    for (const p of phrasesOf(title)) expect(graphemes(p).length).toBeLessThanOrEqual(MAX_PHRASE);
  });

  it('leaves other languages as they are, Chinese included', () => {
    for (const [text, lang] of [['米国和伊朗在伊斯坦布尔举行会谈', 'zh'], ['한미 정상회담', 'ko'], ['Talks resume', 'en'], ['核開発', 'en']]) {
      expect(keepPhrasesTogether(text, lang)).toBe(text);
    }
  });

  it('draws the joiners as nothing: the same glyph outlines as the plain headline, no glyph moved by a joiner’s width', async () => {
    const env = createRenderEnv();
    const card = buildCardText({ title: '核開発と協議', authors: [], lang: 'ja' });
    expect(card.title).toContain(WORD_JOINER);
    const plain = { ...card, title: card.title.replaceAll(WORD_JOINER, '') };
    const [a, b] = await Promise.all([card, plain].map((c) => buildSvg({ template: 'standard', preset: 'og', format: 'png', card: c, brand }, env)));
    const outlines = (svg: string) => [...svg.matchAll(/<path\b[^>]*\sd="([^"]*)"/g)].map((m) => m[1]);
    const [pa, pb] = [outlines(a.svg), outlines(b.svg)];
    expect(pa.length).toBe(pb.length);
    for (let i = 0; i < pa.length; i++) {
      // No extra contour (a .notdef box would add some), and every point where it was.
      expect(pa[i].replace(/[-\d.]+/g, '0'), `path ${i}`).toBe(pb[i].replace(/[-\d.]+/g, '0'));
      const [na, nb] = [pa[i], pb[i]].map((d) => (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number));
      // Satori rounds each word's width, and the plain headline is a word per character: its
      // glyphs drift up to ~0.7 px each. A joiner with an advance would move them by far more.
      expect(Math.max(0, ...na.map((n, k) => Math.abs(n - nb[k]))), `path ${i}`).toBeLessThan(a.ctx.headline.fontSize * 0.1);
    }
  });
});
