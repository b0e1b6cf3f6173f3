/**
 * The footer's "byline · date" line. On right-to-left cards the separator must neither let the
 * bidi algorithm pull the date's digits next to a Latin name (hence the RLMs) nor look like a
 * digit: Persian and Arabic-Indic zero (۰, ٠) are dots, so a middle dot beside "۱۴" read "۱۴۰".
 */
import { describe, expect, it } from 'vitest';
import { buildCardText } from '../src/render/card-model.js';
import type { BaseContext } from '../src/render/template.js';
import { bylineText } from '../templates/parts.js';
import { fixtureArticles } from './render-helpers.js';

const ctxOf = (slug: string) => ({ card: buildCardText(fixtureArticles().find((a) => a.slug === slug)!) }) as BaseContext;

describe('bylineText', () => {
  it('joins byline and date with a middle dot on left-to-right cards', () => {
    const ctx = ctxOf('us-iran-talks-istanbul');
    expect(bylineText(ctx)).toBe(`${ctx.card.byline}  ·  ${ctx.card.date}`);
  });

  for (const slug of ['iran-us-talks-istanbul-fa', 'arabic-mediators']) {
    it(`uses a separator that cannot read as a digit on ${slug}`, () => {
      const ctx = ctxOf(slug);
      expect(ctx.card.dir).toBe('rtl');
      const text = bylineText(ctx);
      const [byline, date] = text.split(/\u200F[^\u200F]*\u200F/);
      expect([byline, date]).toEqual([ctx.card.byline, ctx.card.date]);
      const sep = text.slice(byline.length, text.length - date.length);
      expect(sep).not.toMatch(/[·.•٠۰\u2219\u22C5]/u);
      expect(sep).toBe('\u200F  |  \u200F');
    });
  }
});
