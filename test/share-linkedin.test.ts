import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSharePayloads, escapeLittleText } from '../src/core/share/index.js';
import { storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

const RESERVED = '\\|{}@[]()<>#*_~';

/** Reads little text back the way LinkedIn does for plain text: a backslash escapes the next char. */
function unescapeLittle(s: string): string {
  return s.replace(/\\(.)/gsu, '$1');
}

describe('LinkedIn little text', () => {
  it('escapes every reserved character and nothing else, reversibly', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...RESERVED, 'a', ' ', 'ی', '🚢', '\\\\') }), (s) => {
        const e = escapeLittleText(s);
        expect(unescapeLittle(e)).toBe(s);
        // No reserved character is left unescaped: strip escape pairs, none remain.
        expect(e.replace(/\\./gsu, '')).not.toMatch(/[\\|{}@[\]()<>#*_~]/);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Reads little text strictly, as LinkedIn's format defines it: `\\x` is the literal x, a
 * `{hashtag|\\#|tag}` template is a hashtag, and any other reserved character is an error
 * (LinkedIn cuts the post there). Returns the text a reader sees and the hashtags.
 */
function readLittleText(s: string): { plain: string; hashtags: string[] } {
  let plain = '';
  const hashtags: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('{hashtag|\\#|', i)) {
      const close = s.indexOf('}', i);
      const inner = readLittleText(s.slice(i + '{hashtag|\\#|'.length, close));
      expect(inner.hashtags).toEqual([]);
      hashtags.push(inner.plain);
      plain += `#${inner.plain}`;
      i = close + 1;
    } else if (s[i] === '\\') {
      expect(RESERVED, `escape of ${JSON.stringify(s[i + 1])} in ${JSON.stringify(s)}`).toContain(s[i + 1]);
      plain += s[i + 1];
      i += 2;
    } else {
      expect(RESERVED, `unescaped reserved character in ${JSON.stringify(s)}`).not.toContain(s[i]);
      plain += s[i];
      i += 1;
    }
  }
  return { plain, hashtags };
}

describe('LinkedIn commentary is well-formed little text', () => {
  const ctx = testShareContext();

  it('for generated headlines with every reserved character, hashtags and handles', () => {
    const piece = fc.constantFrom(...RESERVED, ' ', 'talks', 'ایران', '米国', '🚢', '#Diplomacy', '#ایران', '#2026', '@examplenews', 'C#', '\\#', '{hashtag|\\#|x}', '@[Name](urn:li:person:1)');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }).map((a) => a.join('').trim()), (title) => {
        fc.pre(title.length > 0 && title.length <= 400);
        const a = storedArticle('little', { url: 'https://news.example.com/l', title, tags: ['Iran', 'United States'] });
        const { commentary } = buildSharePayloads(a, ctx).platforms.linkedin.request!.body as { commentary: string };
        const [headline, tags = ''] = commentary.split('\n\n');
        const read = readLittleText(headline);
        // What the reader sees is the headline (titles ≤ 400 characters always fit); typed hashtags are templates.
        expect(read.plain).toBe(a.title);
        const typed = [...a.title.matchAll(/(?:^|\s)#([\p{L}\p{M}\p{Nd}_]*\p{L}[\p{L}\p{M}\p{Nd}_]*)/gu)].map((m) => m[1]);
        expect(read.hashtags).toEqual(typed);
        expect(readLittleText(tags).hashtags).toEqual(['Iran', 'UnitedStates']);
      }),
      { numRuns: 300 },
    );
  });
});

describe('LinkedIn Posts API request', () => {
  const ctx = testShareContext({ share: { linkedinVersion: '202601', linkedinAuthor: 'urn:li:organization:42' } });

  it('has the documented body and headers for every fixture', () => {
    for (const a of storedFixtures()) {
      const li = buildSharePayloads(a, ctx).platforms.linkedin;
      expect(li.request!.url).toBe('https://api.linkedin.com/rest/posts');
      expect(li.request!.headers).toMatchObject({ 'LinkedIn-Version': '202601', 'X-Restli-Protocol-Version': '2.0.0' });
      const body = li.request!.body as Record<string, any>;
      expect(Object.keys(body).sort()).toEqual(
        ['author', 'commentary', 'content', 'distribution', 'isReshareDisabledByAuthor', 'lifecycleState', 'visibility'].sort(),
      );
      expect(body.author).toBe('urn:li:organization:42');
      expect(body.visibility).toBe('PUBLIC');
      expect(body.distribution).toEqual({ feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] });
      expect(body.lifecycleState).toBe('PUBLISHED');
      expect(body.isReshareDisabledByAuthor).toBe(false);
      expect(body.content.article.source).toBe(li.link);
      expect(body.content.article.title).toBe(a.title);
      expect(body.content.article.thumbnail).toMatch(/^urn:li:image:/);
      expect(body.commentary.length).toBeLessThanOrEqual(3000);
      expect(li.thumbnail!.imageUrl).toContain(`/og/${a.slug}`);
      expect(li.thumbnail!.target).toBe('content.article.thumbnail');
      const intent = new URL(li.intentUrl);
      expect(intent.origin + intent.pathname).toBe('https://www.linkedin.com/sharing/share-offsite/');
      expect([...intent.searchParams.keys()]).toEqual(['url']);
      expect(intent.searchParams.get('url')).toBe(li.link);
    }
  });

  it('escapes the quote fixture and writes hashtags as templates', () => {
    const a = storedFixtures().find((f) => f.slug === 'trump-bad-things-quote')!;
    const { commentary } = buildSharePayloads(a, ctx).platforms.linkedin.request!.body as { commentary: string };
    expect(commentary).toContain('\\<if not\\>');
    expect(commentary).toContain('{hashtag|\\#|Trump}');
    const [headline] = commentary.split('\n\n');
    expect(unescapeLittle(headline)).toBe(a.title);
  });

  it('keeps commentary within 3000 characters even when escaping doubles it', () => {
    const title = '(#)'.repeat(133);
    const a = storedArticle('escapes', { url: 'https://news.example.com/e', title });
    const { commentary } = buildSharePayloads(a, ctx).platforms.linkedin.request!.body as { commentary: string };
    expect(commentary.length).toBeLessThanOrEqual(3000);
    expect(commentary).toBe(escapeLittleText(title));
  });
});
