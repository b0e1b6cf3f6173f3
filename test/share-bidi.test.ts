/**
 * Latin tags, handles and links in right-to-left post texts display in order (issue 26 item 5),
 * judged by a UAX #9 implementation (bidi-js) laying out each line in the post's direction as
 * `dir="auto"` does, and the platforms still detect the same tags, handles and links.
 */
import { RichText } from '@atproto/api';
import * as bidiJs from 'bidi-js';
import type { Bidi } from 'bidi-js';
import fc from 'fast-check';
import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { buildSharePayloads } from '../src/core/share/index.js';
import { isolateForRtl, isRtlText, type RtlPlatform } from '../src/core/share/bidi.js';
import { storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

// bidi-js ships a CommonJS build with ES-module typings: the factory is its default export or
// the module itself, depending on who loads it.
const bidiFactory = ((bidiJs as unknown as { default?: () => Bidi }).default ?? bidiJs) as unknown as () => Bidi;
const bidi = bidiFactory();

/** Each line of `text` in display order (left to right), laid out in the post's direction. */
function displayLines(text: string): string[] {
  const dir = isRtlText(text) ? 'rtl' : 'ltr';
  return text.split('\n').map((line) => {
    const levels = bidi.getEmbeddingLevels(line, dir);
    const chars = line.split('');
    for (const [start, end] of bidi.getReorderSegments(line, levels)) chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse());
    // Mirrored characters and marks do not matter here: the tokens checked have neither.
    return chars.join('').replace(/[\u200E\u200F\u200A]/g, '');
  });
}

/** Every Latin tag, handle and link of `tokens` reads in order on the displayed post. */
function expectInOrder(text: string, tokens: readonly string[]): void {
  const shown = displayLines(text).join('\n');
  for (const t of tokens) expect(shown, `${t} in ${JSON.stringify(text)}`).toContain(t);
}

function blueskyEntities(text: string): unknown[] {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return (rt.facets ?? []).map((f) => f.features[0]);
}
const xEntities = (text: string) => ({
  hashtags: twitter.extractHashtags(text),
  mentions: twitter.extractMentions(text),
  urls: twitter.extractUrls(text),
  cashtags: twitter.extractCashtags(text),
});

const RTL_WORDS = ['مذاکرات', 'ایران و آمریکا', 'שיחות', 'المفاوضات', '۱۴۰۴', '۲:۱', '«گفت‌وگو»', '،', '.'];
const LATIN_TOKENS = ['#Diplomacy', '#UnitedStates', '#COP29', '@examplenews', '@examplenews.bsky.social', '$TSLA', 'https://www.un.org/press', 'https://news.example.com/fa/story/', 'https://example.com/a?b=1&c=2'];

describe('right-to-left share texts', () => {
  it('the problem is real: without marks a tag shows as "Diplomacy#"', () => {
    expect(displayLines('ایران و آمریکا #Diplomacy')[0]).toContain('Diplomacy#');
    expect(displayLines('ایران و آمریکا @examplenews')[0]).toContain('examplenews@');
    expect(displayLines('خبر\nhttps://news.example.com/fa/story/')[1]).toBe('/https://news.example.com/fa/story');
  });

  for (const platform of ['x', 'bluesky'] as RtlPlatform[]) {
    it(`${platform}: tags, handles and links read in order, and detection is unchanged`, () => {
      const line = fc.array(fc.constantFrom(...RTL_WORDS, ...LATIN_TOKENS), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
      fc.assert(
        fc.property(fc.constantFrom(...RTL_WORDS.slice(0, 4)), fc.array(line, { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\n\n', ' '), (first, lines, sep) => {
          const text = [first, ...lines].join(sep);
          const out = isolateForRtl(text, platform);
          // Links at line ends are checked on Bluesky; mid-line links only on X (see bidi.ts).
          const tokens = LATIN_TOKENS.filter((t) => text.includes(t) && (platform === 'x' || !t.startsWith('http') || !text.includes(`${t} `)));
          expectInOrder(out, tokens);
          if (platform === 'x') expect(xEntities(out)).toEqual(xEntities(text));
          else expect(blueskyEntities(out)).toEqual(blueskyEntities(text));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('leaves left-to-right posts untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Talks', 'in', 'Istanbul', 'مذاکرات', ...LATIN_TOKENS), { minLength: 1, maxLength: 8 }), (w) => {
        const text = `News ${w.join(' ')}`;
        expect(isolateForRtl(text, 'x')).toBe(text);
        expect(isolateForRtl(text, 'bluesky')).toBe(text);
      }),
    );
  });

  it('payloads of right-to-left stories: in order on X and Bluesky, counted by the rule-keepers', () => {
      const stories = [
      ...storedFixtures().filter((a) => ['fa', 'ar', 'he'].includes(a.lang)),
      storedArticle('fa-tags', { url: 'https://news.example.com/fa/story/', title: 'گفت‌وگوهای ایران و آمریکا در استانبول #Diplomacy با حضور @examplenews.bsky.social', lang: 'fa', tags: ['Iran', 'United States', 'دیپلماسی'] }),
      storedArticle('he-tags', { url: 'https://news.example.com/he', title: 'שיחות באיסטנבול #Diplomacy', lang: 'he', tags: ['Iran'] }),
    ];
    expect(stories.length).toBeGreaterThanOrEqual(4);
    for (const a of stories) {
      const { x, bluesky } = buildSharePayloads(a, testShareContext({ share: { utm: false } })).platforms;
      const xTags = twitter.extractHashtags(x.text).filter((t) => /^[A-Za-z]/.test(t));
      expectInOrder(x.text, [...xTags.map((t) => `#${t}`), x.link]);
      expect(x.counts.weightedLength).toBe(twitter.parseTweet(x.text).weightedLength);
      expect(twitter.parseTweet(x.text).valid, a.slug).toBe(true);
      // The marks are not a cut: the preview must not warn that the headline was shortened.
      expect([x.shortened, bluesky.shortened], a.slug).toEqual([false, false]);
      expect(twitter.extractUrls(x.text)).toContain(x.link);
      const bskyTags = blueskyEntities(bluesky.text).flatMap((f) => ((f as { tag?: string }).tag && /^[A-Za-z]/.test((f as { tag: string }).tag) ? [`#${(f as { tag: string }).tag}`] : []));
      expectInOrder(bluesky.text, [...bskyTags, bluesky.link]);
      expect(blueskyEntities(bluesky.text)).toContainEqual({ $type: 'app.bsky.richtext.facet#link', uri: bluesky.link });
    }
  });
});
