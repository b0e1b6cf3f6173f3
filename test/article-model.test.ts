import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseArticle, articleDirection } from '../src/core/article.js';
import { SharecardError } from '../src/core/errors.js';
import { defaultArticleLimits, type ArticleLimits } from "../src/core/limits.js";
import { cleanText, keyOf, countGraphemes } from '../src/core/text.js';
import { computeRevision } from '../src/core/revision.js';
import { fixtureBody, loadFixtures } from './helpers.js';

const base = { url: 'https://news.example.com/a', title: 'Headline' };

function problems(input: unknown, limits: ArticleLimits = defaultArticleLimits): { path: string; message: string }[] {
  try {
    parseArticle(input, { limits });
  } catch (err) {
    expect(err).toBeInstanceOf(SharecardError);
    return (err as SharecardError).problems.map((p) => ({ path: p.path.join('.'), message: p.message }));
  }
  throw new Error('expected the article to be rejected');
}

describe('article normalization', () => {
  it('parses every fixture', () => {
    for (const f of loadFixtures()) expect(() => parseArticle(fixtureBody(f)), f.slug).not.toThrow();
  });

  it('applies NFC, trims, and folds ASCII white space in one-line fields', () => {
    const a = parseArticle({ ...base, title: '  Cafe\u0301\n  news\t ', description: ' x ' });
    expect(a.title).toBe('Café news');
    expect(a.description).toBe('x');
  });

  it('keeps typographic spaces (ideographic space, no-break space)', () => {
    expect(parseArticle({ ...base, title: '米国\u3000協議' }).title).toBe('米国\u3000協議');
    expect(parseArticle({ ...base, title: '10\u00a0km' }).title).toBe('10\u00a0km');
  });

  it('strips C0/C1 controls, lone surrogates and U+FFFE/U+FFFF but keeps emoji pairs', () => {
    const a = parseArticle({ ...base, title: 'a\u0000b\u0085c\ud800d\udc00e\uffff\ufffef🚢' });
    expect(a.title).toBe('abcdef🚢');
  });

  it('never leaves an XML-invalid character, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = cleanText(s);
        expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/);
        // No lone surrogates: encoding to UTF-8 and back is lossless.
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
        expect(out).toBe(out.normalize('NFC'));
      }),
    );
  });

  it('canonicalizes language tags and defaults from options', () => {
    expect(parseArticle({ ...base, lang: 'EN-us' }).lang).toBe('en-US');
    expect(parseArticle(base, { defaultLang: 'fa' }).lang).toBe('fa');
    expect(problems({ ...base, lang: 'english!' })[0].path).toBe('lang');
  });

  it('normalizes dates to UTC ISO and rejects dates without a zone', () => {
    const a = parseArticle({ ...base, publishedAt: '2026-02-03T12:00:00+03:30' });
    expect(a.publishedAt).toBe('2026-02-03T08:30:00.000Z');
    expect(problems({ ...base, publishedAt: '2026-02-03 12:00' })[0].path).toBe('publishedAt');
    expect(problems({ ...base, publishedAt: '2026-02-30T12:00:00Z' }).length).toBeGreaterThan(0);
    expect(problems({ ...base, publishedAt: '2026-02-03T12:00:00Z', updatedAt: '2026-02-01T12:00:00Z' })[0].path).toBe('updatedAt');
  });

  it('accepts only absolute http(s) URLs without credentials', () => {
    for (const url of ['/relative', 'javascript:alert(1)', 'ftp://x.example/a', 'https://user:pw@x.example/', 'data:text/html,hi']) {
      expect(problems({ ...base, url }).map((p) => p.path), url).toEqual(['url']);
    }
    expect(problems({ ...base, image: { url: 'file:///etc/passwd' } }).map((p) => p.path)).toEqual(['image.url']);
  });

  it('normalizes author handles and rejects bad ones', () => {
    const a = parseArticle({ ...base, authors: [{ name: 'A', x: '@SomeOne', bluesky: '@Some.BSKY.social' }] });
    expect(a.authors[0]).toMatchObject({ x: 'SomeOne', bluesky: 'some.bsky.social' });
    const p = problems({ ...base, authors: [{ name: 'A', x: 'way-too-long-handle-here', bluesky: 'not a handle' }] });
    expect(p.map((x) => x.path).sort()).toEqual(['authors.0.bluesky', 'authors.0.x']);
  });

  it('rejects unknown fields and wrong types with one problem each', () => {
    const p = problems({ ...base, titel: 'typo', tags: [1], status: 'live', template: 'fancy' });
    expect(p.map((x) => x.path).sort()).toEqual(['status', 'tags.0', 'template', 'titel']);
    expect(p.find((x) => x.path === 'titel')!.message).toBe('unknown field');
    expect(p.find((x) => x.path === 'tags.0')!.message).toBe('must be a string');
    expect(p.find((x) => x.path === 'status')!.message).toBe('must be one of published, draft');
  });

  it('says "is required" only for an absent value, and what was expected for a wrong one', () => {
    expect(problems({ title: 'T' })).toEqual([{ path: 'url', message: 'is required' }]);
    expect(problems({ url: base.url, title: 123 })).toEqual([{ path: 'title', message: 'must be a string' }]);
    expect(problems({ url: base.url, title: null })).toEqual([{ path: 'title', message: 'must be a string' }]);
    expect(problems({ ...base, tags: 'x' })).toEqual([{ path: 'tags', message: 'must be an array of strings' }]);
    expect(problems({ ...base, authors: {} })).toEqual([{ path: 'authors', message: 'must be an array of objects' }]);
    expect(problems({ ...base, image: 'x' })).toEqual([{ path: 'image', message: 'must be an object' }]);
    expect(problems({ ...base, image: { url: 'https://x.example/i.jpg', height: 1.5 } })).toEqual([
      { path: 'image.height', message: 'must be a whole number from 1 to 100000' },
    ]);
    expect(problems({ ...base, image: { url: 'https://x.example/i.jpg', width: 0, focusX: 2 } })).toEqual([
      { path: 'image.width', message: 'must be a whole number from 1 to 100000' },
      { path: 'image.focusX', message: 'must be a number from 0 to 1' },
    ]);
    expect(problems({ ...base, image: { alt: 'no url' } })).toEqual([{ path: 'image.url', message: 'is required' }]);
  });

  it('names each unknown field by its own path, nested ones too', () => {
    const p = problems({ ...base, foo: 1, bar: 2, image: { url: 'https://x.example/i.jpg', foo: 3 }, authors: [{ name: 'A', nick: 'a' }] });
    expect(p.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'authors.0.nick', message: 'unknown field' },
      { path: 'bar', message: 'unknown field' },
      { path: 'foo', message: 'unknown field' },
      { path: 'image.foo', message: 'unknown field' },
    ]);
  });

  it('rejects non-objects', () => {
    for (const v of [null, [], 'x', 3]) expect(problems(v)[0].path).toBe('');
  });

  it('dedupes tags case-insensitively and defaults status to published', () => {
    const a = parseArticle({ ...base, tags: ['Iran', 'iran', 'IRAN', 'Turkey'] });
    expect(a.tags).toEqual(['Iran', 'Turkey']);
    expect(a.status).toBe('published');
  });
});

describe('article limits', () => {
  const limits = { ...defaultArticleLimits };
  const cases: [keyof typeof limits, (n: number) => unknown, string][] = [
    ['maxTitleChars', (n) => ({ ...base, title: 'x'.repeat(n) }), 'title'],
    ['maxDescriptionChars', (n) => ({ ...base, description: 'x'.repeat(n) }), 'description'],
    ['maxKickerChars', (n) => ({ ...base, kicker: 'x'.repeat(n) }), 'kicker'],
    ['maxSectionChars', (n) => ({ ...base, section: 'x'.repeat(n) }), 'section'],
    ['maxTags', (n) => ({ ...base, tags: Array.from({ length: n }, (_, i) => `t${i}`) }), 'tags'],
    ['maxTagChars', (n) => ({ ...base, tags: ['x'.repeat(n)] }), 'tags.0'],
    ['maxAuthors', (n) => ({ ...base, authors: Array.from({ length: n }, (_, i) => ({ name: `a${i}` })) }), 'authors'],
    ['maxAuthorNameChars', (n) => ({ ...base, authors: [{ name: 'x'.repeat(n) }] }), 'authors.0.name'],
    ['maxAltChars', (n) => ({ ...base, image: { url: 'https://x.example/i.jpg', alt: 'x'.repeat(n) } }), 'image.alt'],
    ['maxCreditChars', (n) => ({ ...base, image: { url: 'https://x.example/i.jpg', credit: 'x'.repeat(n) } }), 'image.credit'],
    ['maxUrlChars', (n) => ({ ...base, url: `https://x.example/${'a'.repeat(n - 18)}` }), 'url'],
    ['maxContentHtmlBytes', (n) => ({ ...base, contentHtml: 'x'.repeat(n) }), 'contentHtml'],
  ];
  for (const [limit, make, path] of cases) {
    it(`enforces ${limit} at exactly the limit`, () => {
      const n = limits[limit];
      expect(() => parseArticle(make(n), { limits })).not.toThrow();
      const p = problems(make(n + 1), limits);
      expect(p.map((x) => x.path)).toEqual([path]);
      expect(p[0].message).toMatch(/at most/);
    });
  }

  it('limits URLs as stored: percent-encoded, so non-ASCII cannot multiply past maxUrlChars', () => {
    const max = defaultArticleLimits.maxUrlChars;
    // 100 emoji: 118 characters typed, 1,218 once encoded (each is %F0%9F%98%80).
    const url = `https://x.example/${'😀'.repeat(100)}`;
    expect(parseArticle({ ...base, url }).url).toHaveLength(18 + 1200);
    const wide = `https://x.example/${'😀'.repeat(Math.ceil(max / 12))}`;
    expect(wide.length).toBeLessThan(max);
    for (const body of [{ ...base, url: wide }, { ...base, image: { url: wide } }, { ...base, authors: [{ name: 'a', url: wide }] }]) {
      const p = problems(body, limits);
      expect(p).toHaveLength(1);
      expect(p[0].message).toMatch(new RegExp(`at most ${max} characters once percent-encoded`));
    }
  });

  it('counts characters by code point, so emoji are not double counted', () => {
    const small = { ...defaultArticleLimits, maxTitleChars: 3 };
    expect(parseArticle({ ...base, title: '🚢🚢🚢' }, { limits: small }).title).toBe('🚢🚢🚢');
  });

  it('honours lowered limits from config', () => {
    const small = { ...defaultArticleLimits, maxTitleChars: 10 };
    expect(problems({ ...base, title: 'eleven char' }, small)[0].path).toBe('title');
  });
});

describe('direction and keys', () => {
  it('derives direction from language, then from the first strong character', () => {
    expect(articleDirection({ lang: 'fa', title: 'BBC گزارش' })).toBe('rtl');
    expect(articleDirection({ lang: 'en', title: 'گزارش BBC' })).toBe('rtl');
    expect(articleDirection({ lang: 'en', title: '2026: Pezeshkian «مذاکرات»' })).toBe('ltr');
    expect(articleDirection({ lang: 'ku-Arab', title: 'x' })).toBe('rtl');
    expect(articleDirection({ lang: 'ja', title: '米国' })).toBe('ltr');
  });

  it('makes stable grouping keys in every script', () => {
    expect(keyOf('United States')).toBe('united-states');
    expect(keyOf(' C# & .NET <test> ')).toBe('c-&-.net-<test>');
    expect(keyOf('دیپلماسی هسته‌ای')).toBe('دیپلماسی-هسته‌ای');
  });

  it('counts graphemes, not code units', () => {
    expect(countGraphemes('👨‍👩‍👧 ok')).toBe(4);
  });
});

describe('revision', () => {
  it('does not depend on key order and changes with any output field', () => {
    const a = parseArticle({ ...base, tags: ['a'], kicker: 'k' });
    const b = parseArticle({ kicker: 'k', tags: ['a'], title: 'Headline', url: 'https://news.example.com/a' });
    expect(computeRevision('s', a)).toBe(computeRevision('s', b));
    expect(computeRevision('s', a)).not.toBe(computeRevision('s', { ...a, kicker: 'K' }));
    expect(computeRevision('s', a)).not.toBe(computeRevision('t', a));
  });
});
