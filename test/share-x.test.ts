import fc from 'fast-check';
import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { buildSharePayloads } from '../src/core/share/index.js';
import { parseXText, xUrlRanges, xWeightedLength } from '../src/core/share/x.js';
import { graphemes } from '../src/core/text.js';
import { storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

const twitterLength = (s: string) => twitter.parseTweet(s).weightedLength;

// Strings mixing every weight class: Latin, Persian with ZWNJ, CJK, general punctuation,
// the ellipsis (weight 2), text-style ©, and emoji sequences (ZWJ, flags, skin tones, keycaps).
const pieces = ['a', 'Z', ' ', 'é', 'e\u0301', 'ا', 'ی', '\u200c', '۱', 'ש', '米', 'イ', '한', '—', '…', '«', '"', '©', '©\uFE0F', '™',
  '🚢', '👩‍👩‍👧', '🇮🇷', '👍🏽', '❤️', '#️⃣', '☺', '\u3000', '.', ',', '\n', '#',
  // Emoji newer than twitter-text's list (12.0–15.1): counted by their parts there.
  '❤️‍🔥', '🐦‍🔥', '🧑‍🧑‍🧒', '🫱🏻‍🫲🏿', '🏳️‍⚧️', '🧏🏽', '🫨'];
// Hostile pieces for links: URLs and bare domains glued to CJK, CJK punctuation, dashes and
// bidi marks; Indic and Arabic-script TLDs from twitter-text's list; handles and tags.
const hostilePieces = [...pieces, 'https://t.co/AbC123', 'http://example.com/a', 'example.com/report', 'bbc.co.uk', 'a.aZé',
  'http://foobar.پاکستان/', 'http://example.भारत/x', 'উদাহরণ.ভারত', 'http://a.ਭਾਰਤ', 'https://www.un.org/press', '全文は', '。', '、', '看', '—', '–',
  '\u200E', '\u200F', '\u2066', '\u2067', '\u2068', '\u2069', '\u202A', '\u202C', '\u061C', '@examplenews', '#Iran', '(', ')', '?', '/', ':'];
const mixedText = () => fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((a) => a.join(''));
const hostileText = fc.array(fc.constantFrom(...hostilePieces), { maxLength: 60 }).map((a) => a.join(''));
const link = fc.webPath().map((p) => `https://news.example.com/world${p.replace(/[^A-Za-z0-9/_-]/g, '')}?utm_source=x&utm_medium=social`);

describe('X weighted length is twitter-text\'s (config v3)', () => {
  it('equals parseTweet on text of every weight class', () => {
    fc.assert(fc.property(mixedText(), (s) => {
      expect(xWeightedLength(s)).toBe(twitterLength(s));
    }), { numRuns: 300 });
  });

  it('equals parseTweet on hostile text: links glued to CJK, dashes and bidi marks, Indic domains', () => {
    fc.assert(fc.property(hostileText, (s) => {
      expect(xWeightedLength(s)).toBe(twitterLength(s));
    }), { numRuns: 400 });
  });

  it('counts the texts of issue 27 as twitter-text does', () => {
    // Regressions: 277 and 276 here while twitter-text counted 281 and 312.
    const glued = `全文はhttps://t.co/AbC123。政府は${'調査を続ける方針だ'.repeat(12)}`;
    const dashed = `Live—http://example.com/a 看http://example.com/b ${'word '.repeat(40)}`;
    for (const s of [glued, dashed, '\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069', 'Read http://example.भारत/x today']) {
      expect(parseXText(s)).toEqual(twitter.parseTweet(s));
    }
  });

  it('counts a URL the way twitter-text does around it', () => {
    fc.assert(
      fc.property(mixedText(), link, mixedText(), (a, url, b) => {
        const s = `${a}${url} ${b}`;
        expect(xWeightedLength(s)).toBe(twitterLength(s));
      }),
      { numRuns: 200 },
    );
  });

  it('ranges cover the URLs twitter-text links, glued ones included', () => {
    const s = '全文はhttps://t.co/AbC123。政府は';
    expect(xUrlRanges(s).map(([a, b]) => s.slice(a, b))).toEqual(['https://t.co/AbC123']);
  });
});

describe('X share payload', () => {
  const ctx = testShareContext();

  it('fits every fixture into 280 by twitter-text, with link, via and intent parts', () => {
    for (const a of storedFixtures()) {
      const x = buildSharePayloads(a, ctx).platforms.x;
      const parsed = twitter.parseTweet(x.text);
      expect(parsed.valid, a.slug).toBe(true);
      expect(x.counts.weightedLength).toBe(parsed.weightedLength);
      expect(x.text).toContain(x.link);
      expect(x.text).toMatch(/ via @examplenews$/);
      expect(twitter.extractUrls(x.text)).toEqual([x.link]);
      const intent = new URL(x.intentUrl);
      expect(intent.origin + intent.pathname).toBe('https://x.com/intent/tweet');
      expect(intent.searchParams.get('url')).toBe(x.link);
      expect(intent.searchParams.get('via')).toBe('examplenews');
      expect(x.text.startsWith(intent.searchParams.get('text') as string)).toBe(true);
      const hashtags = intent.searchParams.get('hashtags');
      expect(twitter.extractHashtags(x.text)).toEqual(hashtags ? hashtags.split(',') : []);
      expect(x.request).toEqual({
        method: 'POST',
        url: 'https://api.x.com/2/tweets',
        headers: expect.objectContaining({ 'Content-Type': 'application/json' }),
        body: { text: x.text },
      });
    }
  });

  it('on generated hostile headlines: the count is parseTweet\'s and the fitted post is valid', () => {
    const title = fc.array(fc.constantFrom(...hostilePieces, 'talks ', 'مذاکرات ', '米国と', ' '), { minLength: 1, maxLength: 120 }).map((a) => a.join('').trim());
    fc.assert(
      fc.property(title, fc.constantFrom('en', 'fa', 'ja', 'he'), (t, lang) => {
        fc.pre(t.replace(/[\s\u200E\u200F\u2066-\u2069\u202A-\u202E\u061C]/gu, '').length > 0);
        const a = storedArticle('hostile', { url: 'https://news.example.com/h?id=1', title: t, lang, tags: ['Iran', 'United States', 'دیپلماسی'] });
        const x = buildSharePayloads(a, ctx).platforms.x;
        const parsed = twitter.parseTweet(x.text);
        expect(x.counts.weightedLength).toBe(parsed.weightedLength);
        expect(parsed.valid, x.text).toBe(true);
        expect(twitter.extractUrls(x.text)).toContain(x.link);
      }),
      { numRuns: 200 },
    );
  });

  it('shortens a long headline at a word boundary with an ellipsis', () => {
    const a = storedFixtures().find((f) => f.slug === 'very-long-headline');
    const x = buildSharePayloads(a!, ctx).platforms.x;
    const headline = new URL(x.intentUrl).searchParams.get('text') as string;
    expect(headline.endsWith('…')).toBe(true);
    expect(x.shortened).toBe(true);
    const kept = headline.slice(0, -1);
    expect(a!.title.startsWith(kept)).toBe(true);
    expect(a!.title[kept.length]).toMatch(/[\s,]/);
    expect(twitter.parseTweet(x.text).weightedLength).toBeLessThanOrEqual(280);
    expect(twitter.parseTweet(x.text).weightedLength).toBeGreaterThan(250);
  });

  it('adds hashtags only from clean tags, and only while they fit', () => {
    const a = storedFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;
    expect(twitter.extractHashtags(buildSharePayloads(a, ctx).platforms.x.text)).toEqual(['Iran', 'UnitedStates']);
    const quote = storedFixtures().find((f) => f.slug === 'trump-bad-things-quote')!;
    expect(twitter.extractHashtags(buildSharePayloads(quote, ctx).platforms.x.text)).toEqual(['Trump']);
    const none = buildSharePayloads(a, testShareContext({ share: { maxHashtags: 0 } })).platforms.x;
    expect(new URL(none.intentUrl).searchParams.has('hashtags')).toBe(false);
  });

  it('never cuts inside a grapheme: emoji, CJK and Persian headlines at the limit', () => {
    const bodies = [
      '🚢👩‍👩‍👧🇮🇷 '.repeat(30),
      '米国とイラン、イスタンブールで高官級協議へ　核開発とミサイルが焦点'.repeat(5),
      'ایران و آمریکا در استانبول مذاکرات سرنوشت‌ساز برگزار می‌کنند '.repeat(6),
      'x'.repeat(390),
    ];
    for (const title of bodies) {
      const a = storedArticle('edge', { url: 'https://news.example.com/e?id=7', title: title.trim(), lang: /[米]/.test(title) ? 'ja' : 'en', tags: ['Iran'] });
      const x = buildSharePayloads(a, ctx).platforms.x;
      expect(twitter.parseTweet(x.text).valid).toBe(true);
      const headline = new URL(x.intentUrl).searchParams.get('text') as string;
      const kept = headline.replace(/…$/, '');
      // Every grapheme of the kept prefix is a grapheme of the original at the same place.
      expect(graphemes(a.title).slice(0, graphemes(kept).length).join('')).toBe(kept);
    }
  });

  it('keeps a headline of newer emoji within 280 by twitter-text', () => {
    // Regression: this post weighed 235 here and 415 in twitter-text (invalid).
    const a = storedArticle('new-emoji', { url: 'https://news.example.com/t', title: `Fans react ${'❤️‍🔥 '.repeat(60)}end` });
    const x = buildSharePayloads(a, ctx).platforms.x;
    const parsed = twitter.parseTweet(x.text);
    expect(parsed.valid).toBe(true);
    expect(x.counts.weightedLength).toBe(parsed.weightedLength);
  });

  it('gives a valid post for a headline with a pasted byte order mark (U+FEFF)', () => {
    // Regression: the article kept U+FEFF, and twitter-text marks any post containing it invalid.
    const a = storedArticle('bom', { url: 'https://news.example.com/bom', title: '\uFEFFTalks resume\uFEFF in Istanbul' });
    expect(a.title).toBe('Talks resume in Istanbul');
    expect(twitter.parseTweet(buildSharePayloads(a, ctx).platforms.x.text).valid).toBe(true);
  });

  it('leaves a URL in the headline whole', () => {
    // 'word ' × 44 weighs 220; the URL 23 would land across the cut were it not protected.
    for (const n of [40, 44, 46, 48]) {
      const title = `${'word '.repeat(n)}example.com/${'p'.repeat(30)} ${'tail '.repeat(20)}`.trim();
      const a = storedArticle('url-in-title', { url: 'https://news.example.com/u', title });
      const headline = new URL(buildSharePayloads(a, ctx).platforms.x.intentUrl).searchParams.get('text') as string;
      const url = `example.com/${'p'.repeat(30)}`;
      if (headline.includes('example')) expect(headline).toContain(url);
      expect(headline.endsWith('…')).toBe(true);
    }
  });

  it('leaves out via when no site handle is configured', () => {
    const a = storedFixtures()[0];
    const x = buildSharePayloads(a, testShareContext({ site: { x: null } })).platforms.x;
    expect(x.text).not.toContain('via');
    expect(new URL(x.intentUrl).searchParams.has('via')).toBe(false);
  });
});
