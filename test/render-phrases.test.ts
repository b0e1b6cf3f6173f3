/**
 * Japanese headlines break between phrases, not inside words (src/render/phrases.ts).
 */
import { describe, expect, it } from 'vitest';
import { MAX_PHRASE, phrasesOf } from '../src/render/phrases.js';
import { breakOpportunities } from '../src/render/text/breaks.js';

const graphemes = (s: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('Japanese phrases', () => {
  it('keeps words with their particles, punctuation and kanji compounds', () => {
    expect(phrasesOf('米国とイラン、イスタンブールで高官級協議へ　核開発とミサイルが焦点')).toEqual(['米国と', 'イラン、', 'イスタンブールで', '高官級協議へ', '　', '核開発と', 'ミサイルが', '焦点']);
    expect(phrasesOf('トルコ、カタール、エジプトが仲介役を務める見通し。')).toEqual(['トルコ、', 'カタール、', 'エジプトが', '仲介役を', '務める', '見通し。']);
  });

  it('breaks Japanese lines only between phrases, and other languages by their own rules', () => {
    const title = '米国とイラン、イスタンブールで高官級協議へ　核開発とミサイルが焦点';
    const starts = new Set<number>();
    let i = 0;
    for (const p of phrasesOf(title)) {
      starts.add(i);
      i += p.length;
    }
    const breaks = breakOpportunities(title, 'ja');
    expect(breaks.length).toBeGreaterThan(4);
    for (const b of breaks) expect(starts.has(b), `break at ${b}: ${title.slice(0, b)}|${title.slice(b)}`).toBe(true);
    // The same text as Chinese breaks between ideographs too (its convention).
    expect(breakOpportunities(title, 'zh').length).toBeGreaterThan(breaks.length);
    for (const p of phrasesOf('G7首脳、AIの規制で合意 👨‍👩‍👧 「交渉は続く」')) expect(graphemes(p).length).toBeLessThanOrEqual(MAX_PHRASE);
  });
});
