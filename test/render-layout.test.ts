/**
 * Text never leaves the card's safe area, for every fixture, template and preset, and for
 * headlines far longer than any newsroom writes, in Latin, Persian and Japanese: the fitter
 * shrinks the headline, then clamps it with an ellipsis. Checked on satori's SVG, where text
 * is drawn as glyph outlines.
 */
import { describe, expect, it } from 'vitest';
import { templateNames } from '../src/core/article.js';
import { presetNames, presets } from '../src/core/presets.js';
import { buildSvg, createRenderEnv } from '../src/render/pipeline.js';
import { buildCardText } from '../src/render/card-model.js';
import { brand, fixtureArticles, jobFor, textBoxes } from './render-helpers.js';

/** No glyph within this many pixels of an edge: platforms crop and round card corners. */
const SAFE = 40;
const env = createRenderEnv();

function expectInside(svg: string, width: number, height: number, where: string) {
  const boxes = textBoxes(svg, { width, height });
  expect(boxes.length, `${where}: draws some text`).toBeGreaterThan(0);
  for (const b of boxes) {
    const ok = b.x0 >= SAFE && b.y0 >= SAFE && b.x1 <= width - SAFE && b.y1 <= height - SAFE;
    expect(ok, `${where}: ${b.kind} box ${JSON.stringify(b)} leaves the safe area`).toBe(true);
  }
}

describe('safe area', () => {
  it('holds every fixture in every template and preset', { timeout: 120_000 }, async () => {
    for (const article of fixtureArticles()) {
      for (const template of templateNames) {
        for (const preset of presetNames) {
          const { svg } = await buildSvg(await jobFor(article, template, preset), env);
          expectInside(svg, presets[preset].width, presets[preset].height, `${article.slug} ${template} ${preset}`);
        }
      }
    }
  });

  const long = {
    en: 'As diplomats prepare for what could be a marathon negotiating session in Istanbul, mediators warn that bridging decades of mistrust will require compromise. '.repeat(3),
    fa: 'ایران و آمریکا در استانبول مذاکرات سرنوشت‌ساز برگزار می‌کنند و ۱۰ ناو جنگی در نزدیکی آب‌های ایران مستقر هستند؛ '.repeat(4),
    ja: '米国とイラン、イスタンブールで高官級協議へ　核開発とミサイルが焦点となる見通しで、仲介国は妥協を求めている。'.repeat(5),
  };

  for (const [lang, title] of Object.entries(long)) {
    it(`shrinks, then clamps a very long ${lang} headline inside the box`, { timeout: 60_000 }, async () => {
      // Four times the longest title an article may have: every template and preset must clamp.
      const card = buildCardText({ title: title.repeat(4).trim(), description: 'A dek.', section: 'World', authors: [{ name: 'Desk' }], lang, publishedAt: '2026-02-03T08:00:00Z' });
      for (const template of templateNames) {
        for (const preset of presetNames) {
          const where = `${lang} ${template} ${preset}`;
          const { svg, ctx, spec } = await buildSvg({ template, preset, format: 'png', card, brand }, env);
          expect(ctx.headline.fontSize, where).toBe(spec.minSize);
          expect(ctx.headline.clamped, where).toBe(true);
          expect(ctx.headline.maxLines * ctx.headline.fontSize * spec.lineHeight).toBeLessThanOrEqual(spec.height + 1);
          expectInside(svg, presets[preset].width, presets[preset].height, `${lang} ${template} ${preset}`);
        }
      }
    });
  }

  it('shrinks a headline of the maximum article length below the largest size, inside the box', { timeout: 60_000 }, async () => {
    const title = long.en.slice(0, 400);
    const card = buildCardText({ title, authors: [], lang: 'en' });
    for (const template of templateNames) {
      for (const preset of presetNames) {
        const { svg, ctx, spec } = await buildSvg({ template, preset, format: 'png', card, brand }, env);
        expect(ctx.headline.fontSize, `${template} ${preset}`).toBeLessThan(spec.maxSize);
        expectInside(svg, presets[preset].width, presets[preset].height, `${template} ${preset}`);
      }
    }
  });

  it('keeps a short headline at the largest size', async () => {
    const card = buildCardText({ title: 'Talks resume', authors: [], lang: 'en' });
    const { ctx, spec } = await buildSvg({ template: 'standard', preset: 'og', format: 'png', card, brand }, env);
    expect(ctx.headline.fontSize).toBe(spec.maxSize);
    expect(ctx.headline.clamped).toBe(false);
  });

  it('mirrors right-to-left cards: the headline hugs the right edge', async () => {
    const fa = fixtureArticles().find((a) => a.slug === 'iran-us-talks-istanbul-fa')!;
    const en = fixtureArticles().find((a) => a.slug === 'us-iran-talks-istanbul')!;
    const right = async (a: typeof fa) => {
      const { svg } = await buildSvg(await jobFor(a, 'standard', 'og'), env);
      const boxes = textBoxes(svg, { width: 1200, height: 630 });
      return { maxX: Math.max(...boxes.map((b) => b.x1)), minX: Math.min(...boxes.map((b) => b.x0)) };
    };
    const rtl = await right(fa);
    const ltr = await right(en);
    // Right-aligned: Persian text reaches the right margin; English starts at the left one.
    expect(1200 - rtl.maxX).toBeLessThan(100);
    expect(ltr.minX).toBeLessThan(100);
  });
});
