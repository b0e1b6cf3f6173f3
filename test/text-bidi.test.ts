/**
 * Issue 31, item 7: bidi embeddings and overrides (U+202A-U+202E) are dropped from every text
 * field at validation, so a share text cannot show one thing and hold another; the isolates
 * (U+2066-U+2069) and the direction marks that mixed-direction headlines need are kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { buildSharePayloads, shareContextFromConfig } from '../src/core/share/index.js';
import { cleanText } from '../src/core/text.js';
import { testConfig, tempDir } from './helpers.js';

const OVERRIDES = /[\u202A-\u202E]/;
const base = { url: 'https://news.example.com/a', title: 'Headline' };

describe('bidi embeddings and overrides', () => {
  it('are dropped from every text field of an article', () => {
    const a = parseArticle({
      ...base,
      title: 'Pay \u202Eusd 001\u202C now',
      description: '\u202BRLE\u202C and \u202ALRE\u202C and \u202DLRO\u202C',
      kicker: 'K\u202E',
      section: '\u202ESection',
      tags: ['t\u202Eag'],
      authors: [{ name: 'A\u202Euthor' }],
      image: { url: 'https://news.example.com/i.jpg', alt: 'alt\u202E text', credit: 'c\u202Eredit' },
      contentHtml: '<p>\u202Ebody</p>',
    });
    expect(a.title).toBe('Pay usd 001 now');
    expect(JSON.stringify(a)).not.toMatch(OVERRIDES);
  });

  it('keeps isolates and direction marks, which mixed-direction titles need', () => {
    const title = 'Talks in \u2067استانبول\u2069 resume \u200E(\u2068x\u2069)\u200F\u061C \u2066LTR\u2069';
    expect(parseArticle({ ...base, title }).title).toBe(title);
  });

  it('never leave any cleaned string, and nothing else is removed (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', 'ب', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200F') }), (s) => {
        const out = cleanText(s);
        expect(out).not.toMatch(OVERRIDES);
        expect(out).toBe(s.replace(/[\u202A-\u202E]/g, '').trim());
      }),
    );
  });

  it('do not reach the share texts', () => {
    const tmp = tempDir();
    try {
      const article = { ...parseArticle({ ...base, title: 'Click \u202Egnp.exe\u202C here', description: 'd\u202Ee' }), slug: 'a', revision: 'r' };
      const payloads = buildSharePayloads(article as never, shareContextFromConfig(testConfig(tmp.dir), new Date('2026-01-01T00:00:00Z')));
      expect(JSON.stringify(payloads)).not.toMatch(OVERRIDES);
      expect(JSON.stringify(payloads)).toContain('Click gnp.exe here');
    } finally {
      tmp.cleanup();
    }
  });
});
