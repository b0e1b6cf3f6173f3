/**
 * The editor preview shows and counts share texts by the same rules as the payloads: X's
 * counter is twitter-text's count, and its links (glued ones too) show as X's display URLs.
 */
import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { buildSharePayloads } from '../src/core/share/index.js';
import { displayPostText, littleTextToPlain } from '../src/preview/post-text.js';
import { shareCounter } from '../src/preview/story-page.js';
import { storedArticle, testShareContext } from './share-fixtures.js';

describe('preview share texts', () => {
  it("X's counter is twitter-text's count, for the texts issue 27 reported", () => {
    const ctx = testShareContext();
    for (const title of [`全文はhttps://t.co/AbC123。政府は${'調査を続ける方針だ'.repeat(10)}`, `Live—http://example.com/a 看http://example.com/b ${'word '.repeat(30)}`.trim()]) {
      const x = buildSharePayloads(storedArticle('p', { url: 'https://news.example.com/p', title, lang: 'ja' }), ctx).platforms.x;
      const c = shareCounter('x', x.counts);
      expect(c).toEqual({ value: twitter.parseTweet(x.text).weightedLength, max: 280, unit: 'weighted characters' });
      expect(c.value).toBeLessThanOrEqual(280);
    }
  });

  it('X display text shortens every URL twitter-text finds, glued to CJK or a dash', () => {
    expect(displayPostText('x', '全文はhttps://t.co/AbC123。政府は')).toBe('全文はt.co/AbC123。政府は');
    expect(displayPostText('x', 'Live—https://www.example.com/a-very-long-path/to/the/story now')).toBe('Live—example.com/a-very-long… now');
  });

  it('LinkedIn little text shows as plain text with its hashtags', () => {
    expect(littleTextToPlain('Talks {hashtag|\\#|Diplomacy} \\(day 2\\)')).toBe('Talks #Diplomacy (day 2)');
  });
});
