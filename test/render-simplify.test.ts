/**
 * simplifySvg claims the same pixels for less work. Every fixture in every template and
 * preset is rasterized by resvg from satori's SVG as written and as simplified: no channel of
 * any pixel may differ by more than one level of 255 (the rewritten paints round differently
 * in tiny-skia's pipeline; a moved edge or a lost clip differs by far more). Each rewrite must
 * also have fired somewhere, or the comparison proved nothing.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../src/core/article.js';
import { presetNames } from '../src/core/presets.js';
import { buildSvg, createRenderEnv } from '../src/render/pipeline.js';
import { simplifySvg, simplifySvgParts, svgBytes } from '../src/render/svg-simplify.js';
import { fixtureArticles, jobFor } from './render-helpers.js';

const env = createRenderEnv();
const articles = fixtureArticles();
const pixels = (svg: string) => new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render().pixels;
const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;

function largestDifference(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i] - b[i]));
  return most;
}

describe('simplifySvg', () => {
  const fired = { masks: 0, patterns: 0, stops: 0 };
  for (const template of templateNames) {
    it(`draws the same pixels for every ${template} card`, { timeout: 120_000 }, async () => {
      for (const article of articles) {
        for (const preset of presetNames) {
          const { svg } = await buildSvg(await jobFor(article, template, preset), env);
          const simple = simplifySvg(svg);
          fired.masks += count(svg, /<g mask=/g) - count(simple, /<g mask=/g);
          fired.patterns += count(svg, /<pattern /g) - count(simple, /<pattern /g);
          fired.stops += count(svg, /<stop /g) - count(simple, /<stop /g);
          expect(largestDifference(pixels(simple), pixels(svg)), `${article.slug} ${template} ${preset}`).toBeLessThanOrEqual(1);
        }
      }
    });
  }

  it('rewrote something of each kind in those cards', () => {
    expect(fired.masks, 'masks dropped').toBeGreaterThan(0);
    expect(fired.patterns, 'gradient patterns bypassed').toBeGreaterThan(0);
    expect(fired.stops, 'gradient stops folded').toBeGreaterThan(0);
  });

  it('folds equal-colour end stops into the end points and leaves other gradients alone', () => {
    const svg = (grad: string) => `<svg width="100" height="10" viewBox="0 0 100 10" xmlns="http://www.w3.org/2000/svg"><defs>${grad}</defs><rect x="0" y="0" width="100" height="10" fill="url(#g)"/></svg>`;
    const folded = simplifySvg(
      svg('<linearGradient id="g" x1="0" y1="0" x2="1" y2="0" spreadMethod="pad"><stop offset="0%" stop-color="#000"/><stop offset="40%" stop-color="#000"/><stop offset="70%" stop-color="#f00"/><stop offset="80%" stop-color="#fff"/><stop offset="100%" stop-color="#fff"/></linearGradient>'),
    );
    const gradient = /<linearGradient id="g" x1="([^"]+)" y1="0" x2="([^"]+)" y2="0" spreadMethod="pad"><stop offset="0" stop-color="#000"\/><stop offset="([^"]+)" stop-color="#f00"\/><stop offset="1" stop-color="#fff"\/><\/linearGradient>/.exec(folded);
    expect(gradient, folded).not.toBeNull();
    const [x1, x2, middle] = gradient!.slice(1).map(Number);
    expect(x1).toBeCloseTo(0.4, 12);
    expect(x2).toBeCloseTo(0.8, 12);
    expect(middle).toBeCloseTo(0.75, 12);
    // satori writes tiny coordinates with an exponent (the square card's 135deg gradient)
    const tiny = simplifySvg(
      svg('<linearGradient id="g" x1="-5.210646728907401e-16" y1="5.210646728907411e-16" x2="1" y2="1" spreadMethod="pad"><stop offset="0%" stop-color="#000"/><stop offset="45%" stop-color="#000"/><stop offset="100%" stop-color="#fff"/></linearGradient>'),
    );
    const ends = /<linearGradient id="g" x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)" spreadMethod="pad"><stop offset="0" stop-color="#000"\/><stop offset="1" stop-color="#fff"\/><\/linearGradient>/.exec(tiny);
    expect(ends, tiny).not.toBeNull();
    expect(ends!.slice(1).map(Number).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.45, 0.45, 1, 1]);
    for (const untouched of [
      // reflect would mirror the folded colour run differently
      '<linearGradient id="g" x1="0" y1="0" x2="1" y2="0" spreadMethod="reflect"><stop offset="0%" stop-color="#000"/><stop offset="40%" stop-color="#000"/><stop offset="100%" stop-color="#fff"/></linearGradient>',
      // the same colour at different opacities is not one paint
      '<linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0%" stop-color="#000" stop-opacity="0.5"/><stop offset="40%" stop-color="#000"/><stop offset="100%" stop-color="#fff"/></linearGradient>',
      // offsets out of order: SVG clamps them, a fold would not
      '<linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="50%" stop-color="#000"/><stop offset="40%" stop-color="#000"/><stop offset="100%" stop-color="#fff"/></linearGradient>',
    ]) {
      expect(simplifySvg(svg(untouched))).toBe(svg(untouched));
    }
  });

  it('hands resvg the pieces as the UTF-8 of the joined SVG, in a buffer that grows', () => {
    const card = (n: number) => `<svg xmlns="http://www.w3.org/2000/svg"><desc>خبر فوری 米国 🇺🇸 ${'x'.repeat(n)}</desc></svg>`;
    for (const svg of [card(10), card(300_000), card(20)]) {
      const parts = simplifySvgParts(svg);
      expect(svgBytes(parts).toString('utf8')).toBe(simplifySvg(svg));
    }
    const masked = `<svg><mask id="m"><rect x="0" y="0" width="5" height="5" fill="#fff"/></mask><g mask="url(#m)" clip-path="url(#c)"><path d="M0 0"/></g></svg>`;
    expect(simplifySvgParts(masked).length).toBeGreaterThan(1);
    expect(svgBytes(simplifySvgParts(masked)).toString('utf8')).toBe(simplifySvg(masked));
  });
});
