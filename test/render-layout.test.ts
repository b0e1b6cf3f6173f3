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
import scripts from './fixtures/scripts.json' with { type: 'json' };

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

  it('holds a headline in every script in every template and preset, its lines apart', { timeout: 240_000 }, async () => {
    // test/fixtures/scripts.json: a headline and dek per script, numbers and dates included.
    for (const [name, story] of Object.entries(scripts as Record<string, { lang: string; title: string; description?: string }>)) {
      const card = buildCardText({ title: story.title, description: story.description, section: 'World', authors: [{ name: 'Desk' }], lang: story.lang, publishedAt: '2026-02-03T08:00:00Z' });
      for (const template of templateNames) {
        for (const preset of presetNames) {
          const where = `${name} ${template} ${preset}`;
          const { svg, ctx, spec } = await buildSvg({ template, preset, format: 'png', card, brand }, env);
          expectInside(svg, presets[preset].width, presets[preset].height, where);
          // The headline's rows: glyph outlines over half its size tall (no other text on a card is
          // that large), by the row their middle falls in. A row's ink (with the marks above and
          // below the line of Indic, Thai or Myanmar text) may not reach into the next row's ink
          // by more than 2 px (Bezier control points bound a curve loosely).
          const pitch = ctx.headline.fontSize * spec.lineHeight;
          const glyphs = textBoxes(svg, presets[preset], { contours: true }).filter((b) => b.kind === 'text' && b.y1 - b.y0 >= ctx.headline.fontSize * 0.55 && b.y1 - b.y0 <= ctx.headline.fontSize * 2);
          // (The quote template's large quotation mark is as tall as a headline letter: its rows
          // are set by the same engine, checked here through the other templates.)
          if (glyphs.length < 2 || template === 'quote') continue;
          const top = Math.min(...glyphs.map((g) => g.y0));
          const rows = new Map<number, { y0: number; y1: number }>();
          for (const g of glyphs) {
            const row = Math.floor(((g.y0 + g.y1) / 2 - top) / pitch);
            const r = rows.get(row) ?? { y0: Infinity, y1: -Infinity };
            rows.set(row, { y0: Math.min(r.y0, g.y0), y1: Math.max(r.y1, g.y1) });
          }
          for (const [row, r] of rows) {
            const next = rows.get(row + 1);
            if (next) expect(r.y1 - next.y0, `${where}: row ${row} reaches into row ${row + 1}`).toBeLessThanOrEqual(2);
          }
        }
      }
    }
  });

  const long = {
    en: 'As diplomats prepare for what could be a marathon negotiating session in Istanbul, mediators warn that bridging decades of mistrust will require compromise. '.repeat(3),
    fa: 'ایران و آمریکا در استانبول مذاکرات سرنوشت‌ساز برگزار می‌کنند و ۱۰ ناو جنگی در نزدیکی آب‌های ایران مستقر هستند؛ '.repeat(4),
    ja: '米国とイラン、イスタンブールで高官級協議へ　核開発とミサイルが焦点となる見通しで、仲介国は妥協を求めている。'.repeat(5),
    // English quoting Persian: runs of both directions on one line (src/render/text).
    'en-mixed': 'Pezeshkian calls for «مذاکرات منصفانه» — fair and equitable negotiations — after the 2015 deal collapsed. '.repeat(3),
  };

  for (const [lang, title] of Object.entries(long)) {
    it(`shrinks, then clamps a very long ${lang} headline inside the box`, { timeout: 60_000 }, async () => {
      // Four times the longest title an article may have: every template and preset must clamp.
      const card = buildCardText({ title: title.repeat(4).trim(), description: 'A dek.', section: 'World', authors: [{ name: 'Desk' }], lang: lang.split('-')[0], publishedAt: '2026-02-03T08:00:00Z' });
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

  // Rows of text drawn at least `minHeight` tall (a headline's words with their ascenders, a
  // quote mark; not the brand line or the byline), counted by where their middles fall.
  const tallRows = (svg: string, minHeight: number, size: { width: number; height: number }) => {
    const mids = textBoxes(svg, size)
      .filter((b) => b.kind === 'text' && b.y1 - b.y0 >= minHeight)
      .map((b) => (b.y0 + b.y1) / 2)
      .sort((a, b) => a - b);
    return mids.filter((m, i) => i === 0 || m - mids[i - 1] > minHeight / 2).length;
  };

  it('shrinks a headline until its longest word fits on a line, rather than running off the card', async () => {
    // 39 letters: wider than the box at the largest size of every template and preset.
    const card = buildCardText({ title: 'Rechtsschutzversicherungsgesellschaften', authors: [], lang: 'de' });
    for (const template of templateNames) {
      for (const preset of presetNames) {
        const where = `${template} ${preset}`;
        const { svg, ctx, spec } = await buildSvg({ template, preset, format: 'png', card, brand }, env);
        expect(ctx.headline.fontSize, where).toBeLessThan(spec.maxSize);
        expect(ctx.headline.clamped, where).toBe(false);
        expectInside(svg, presets[preset].width, presets[preset].height, where);
        // The word on one line: as many rows of tall text as a one-word headline that fits.
        const tall = ctx.headline.fontSize * 0.7;
        const short = await buildSvg({ template, preset, format: 'png', card: buildCardText({ title: 'Rechtsschutz', authors: [], lang: 'de' }), brand }, env);
        expect(tallRows(svg, tall, presets[preset]), where).toBe(tallRows(short.svg, tall, presets[preset]));
      }
    }
  });

  it('breaks a word too long for the box at the smallest size, inside the card', async () => {
    const card = buildCardText({ title: 'DONAUDAMPFSCHIFFFAHRTSGESELLSCHAFTSKAPITÄNSWITWENRENTENVERSICHERUNGSGESETZ', section: 'Welt', description: 'Ein Text.', authors: [{ name: 'Desk' }], lang: 'de', publishedAt: '2026-02-03T08:00:00Z' });
    for (const template of templateNames) {
      for (const preset of presetNames) {
        const { svg, ctx, spec } = await buildSvg({ template, preset, format: 'png', card, brand }, env);
        expect(ctx.headline.fontSize, `${template} ${preset}`).toBe(spec.minSize);
        expectInside(svg, presets[preset].width, presets[preset].height, `${template} ${preset}`);
      }
    }
  });

  it('leaves no word alone on the last line of a headline that has room to avoid it', async () => {
    // Greedy breaking left "Friday" alone on the og card's second line.
    const card = buildCardText({ title: 'Brief: talks scheduled to begin on Friday', authors: [], lang: 'en' });
    for (const template of ['standard', 'alert'] as const) {
      const { svg, ctx, spec } = await buildSvg({ template, preset: 'og', format: 'png', card, brand }, env);
      // The headline's glyph outlines (between the label row and the footer, taller than a fifth of its size), by line.
      const glyphs = textBoxes(svg, { width: 1200, height: 630 }, { contours: true }).filter((b) => b.y1 - b.y0 >= ctx.headline.fontSize * 0.2 && b.y0 > 120 && b.y1 < 500);
      const lastBottom = Math.max(...glyphs.map((b) => b.y1));
      const lastLine = glyphs.filter((b) => b.y1 > lastBottom - ctx.headline.fontSize * 0.6);
      const width = Math.max(...lastLine.map((b) => b.x1)) - Math.min(...lastLine.map((b) => b.x0));
      expect(width, template).toBeGreaterThan(spec.width / 3);
    }
  });

  it('spaces the lines of a mixed-script headline evenly, in either direction', async () => {
    // Regressions: the line that began with a Persian word sat ~6 px higher (gaps 61, 73, 67 px);
    // right to left, a line that began with "G7" or "NATO" (in Source Serif) sat lower.
    const ltr = fixtureArticles().find((a) => a.slug === 'mixed-direction-quote')!;
    const persian = fixtureArticles().find((a) => a.slug === 'iran-us-talks-istanbul-fa')!;
    const rtl = { ...persian, title: 'G7 Summit در استانبول برگزار می‌شود و نمایندگان ایران و آمریکا برای نخستین بار NATO را به گفت‌وگو دعوت کردند' };
    for (const article of [ltr, rtl]) {
      for (const template of templateNames) {
        for (const preset of presetNames) {
          const where = `${article.dir} ${template} ${preset}`;
          const { svg, ctx } = await buildSvg(await jobFor(article, template, preset), env);
          const size = ctx.headline.fontSize;
          // The headline's outlines (x-height and up: no other text on the card is that tall), in
          // lines by their middles.
          const glyphs = textBoxes(svg, presets[preset], { contours: true })
            .filter((b) => b.y1 - b.y0 >= size * 0.4 && b.y1 - b.y0 <= size * 1.2)
            .sort((a, b) => a.y0 + a.y1 - b.y0 - b.y1);
          const lines: (typeof glyphs)[] = [];
          for (const g of glyphs) {
            const line = lines[lines.length - 1];
            if (line && (g.y0 + g.y1) / 2 - (line[0].y0 + line[0].y1) / 2 < size * 0.6) line.push(g);
            else lines.push([g]);
          }
          // A line's baseline: where most of its outlines end (letters sit on it).
          const baselines = lines
            .filter((l) => l.length >= 8)
            .map((l) => {
              const counts = new Map<number, number>();
              for (const g of l) counts.set(Math.round(g.y1), (counts.get(Math.round(g.y1)) ?? 0) + 1);
              return [...counts].sort((a, b) => b[1] - a[1])[0][0];
            });
          expect(baselines.length, where).toBeGreaterThanOrEqual(2);
          const gaps = baselines.slice(1).map((b, i) => b - baselines[i]);
          expect(Math.max(...gaps) - Math.min(...gaps), `${where}: gaps ${gaps.join(', ')}`).toBeLessThanOrEqual(2);
        }
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
