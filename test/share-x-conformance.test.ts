/**
 * twitter-text's own conformance cases (test/fixtures/twitter-text/validate.yml, copied from its
 * repository with its licence) through sharecard's X counter: every weighted-length case, with
 * the configuration twitter-text's conformance runner uses for its section.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseXText } from '../src/core/share/x.js';
import { twitterText } from '../src/core/share/twitter-text.js';

interface WeightedCase {
  description: string;
  text: string;
  expected: { weightedLength: number; valid: boolean; permillage: number; displayRangeStart: number; displayRangeEnd: number; validRangeStart: number; validRangeEnd: number };
}

const suite = parse(readFileSync(new URL('./fixtures/twitter-text/validate.yml', import.meta.url), 'utf8')) as { tests: Record<string, WeightedCase[]> };
const configs = twitterText().configs;
// As in twitter-text's js/test/conformance.html.
const sections = [
  ['WeightedTweetsCounterTest', configs.version2],
  ['WeightedTweetsWithDiscountedEmojiCounterTest', configs.version3],
  ['UnicodeDirectionalMarkerCounterTest', undefined],
] as const;

describe('twitter-text conformance: weighted length', () => {
  for (const [section, config] of sections) {
    const cases = suite.tests[section];
    it(`${section}: all ${cases?.length} cases`, () => {
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const parsed = parseXText(c.text, config);
        expect(parsed.weightedLength, c.description).toBe(c.expected.weightedLength);
        expect(parsed.valid, c.description).toBe(c.expected.valid);
        expect(parsed.permillage, c.description).toBe(c.expected.permillage);
        // Some cases leave out a range field; compare the ones they give.
        for (const k of ['displayRangeStart', 'displayRangeEnd', 'validRangeStart', 'validRangeEnd'] as const) {
          if (c.expected[k] !== undefined) expect(parsed[k], `${c.description}: ${k}`).toBe(c.expected[k]);
        }
      }
    });
  }

  it('reads the cases of the directional-isolate URL that the old counter got wrong', () => {
    const c = suite.tests.UnicodeDirectionalMarkerCounterTest.find((t) => t.text.includes('foobar'))!;
    expect(c.text).toBe('\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069');
    expect(parseXText(c.text).weightedLength).toBe(31);
  });
});
