/**
 * The text engine measures with HarfBuzz in the faces satori picks (src/render/text/shaper.ts),
 * because measuring in a satori layout pass cost more than drawing the card. Line breaks are
 * only right if both agree: every piece the layout asks for, over every script of the corpus,
 * the fixtures and the fonts the templates use, is measured both ways and compared.
 */
import { describe, expect, it } from 'vitest';
import { createFontRegistry } from '../src/render/fonts.js';
import { createEmojiSource } from '../src/render/emoji.js';
import { createTextLayout, type MeasureRequest } from '../src/render/text/layout.js';
import { loadShaper } from '../src/render/text/shaper.js';
import scripts from './fixtures/scripts.json' with { type: 'json' };
import { loadFixtures } from './helpers.js';
import { measureInto } from './satori-measure.js';

const registry = createFontRegistry();
const emoji = createEmojiSource();
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

const texts: { lang: string; text: string }[] = [
  ...Object.values(scripts as Record<string, { lang: string; title: string; description?: string }>).flatMap((s) => [
    { lang: s.lang, text: s.title },
    ...(s.description ? [{ lang: s.lang, text: s.description }] : []),
  ]),
  ...loadFixtures().map((f) => ({ lang: (f as unknown as { lang?: string }).lang ?? 'en', text: (f as unknown as { title: string }).title })),
];

describe('HarfBuzz measurement agrees with satori', () => {
  it('gives every piece of every text the width satori lays it out at, in every template font', async () => {
    const shaper = await loadShaper();
    let compared = 0;
    const bad: string[] = [];
    for (const { lang, text } of texts) {
      const dir = /^(ar|fa|ur|he|ps|ckb|yi)(-|$)/.test(lang) ? 'rtl' : 'ltr';
      const set = registry.fontsFor(text, lang, dir);
      const images: Record<string, string> = {};
      for (const { segment } of graphemes.segment(text)) {
        const uri = emoji.dataUri(segment);
        if (uri) images[segment] = uri;
      }
      const layout = createTextLayout({ lang, dir, widths: new Map() });
      for (const font of [
        { family: set.stacks.serif, weight: 700, size: 60, lineHeight: 1.2, tracking: -0.01 },
        { family: set.stacks.sans, weight: 400, size: 26, lineHeight: 1.35 },
        { family: set.stacks.sans, weight: 800, size: 72, lineHeight: 1.1, tracking: -0.02 },
        { family: set.stacks.sans, weight: 600, size: 20, lineHeight: 1.25 },
        { family: set.stacks.sans, weight: 800, size: 18, lineHeight: 1.2, tracking: 0.08 },
        { family: set.stacks.serif, weight: 600, size: 58, lineHeight: 1.18, style: 'italic' as const },
      ]) {
        layout.paragraph(text, font, { width: 1000 });
      }
      const requests: MeasureRequest[] = layout.takeMisses();
      const ours = new Map<string, number>();
      const theirs = new Map<string, number>();
      shaper.measureInto(ours, requests, set, images);
      await measureInto(theirs, requests, { fonts: set.fonts, graphemeImages: images } as never);
      for (const [key, w] of theirs) {
        const hb = ours.get(key)!;
        const piece = key.split('\u0001').pop();
        // Satori shapes each word apart (no kerning across "Iran" and ","), and rounds a box's
        // width to the pixel: within a pixel at size 100, or 1%.
        if (Math.abs(hb - w) > Math.max(1.5, w * 0.01)) bad.push(`${lang} "${piece}" ${key.split("\u0001").slice(1, 4).join("/")}: HarfBuzz ${hb.toFixed(1)}, satori ${w}`);
        compared++;
      }
    }
    expect(bad).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });
});
