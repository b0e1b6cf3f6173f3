/**
 * The cached backdrop (src/render/backdrop.ts) claims the one-pass picture. Every fixture in
 * every template and preset: satori's SVG (simplified, as the pipeline draws it) rasterized in
 * one pass, against its rest rasterized alone and composited over its backdrop: no channel of
 * any pixel may differ by more than one level of 255. The split must have fired on the
 * gradient templates and nowhere else, or the comparison proved nothing; and a rendered PNG must decode to the
 * one-pass pixels, so the pipeline really uses it.
 */
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../src/core/article.js';
import { presetNames } from '../src/core/presets.js';
import { compositeOver, splitBackdrop } from '../src/render/backdrop.js';
import { buildSvg, clearFitCache, createRenderEnv, renderJob } from '../src/render/pipeline.js';
import { simplifySvg } from '../src/render/svg-simplify.js';
import { fixtureArticles, jobFor } from './render-helpers.js';

const env = createRenderEnv();
const articles = fixtureArticles();
const pixels = (svg: string) => Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render().pixels);

function largestDifference(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i] - b[i]));
  return most;
}

/** Source-over of premultiplied RGBA, one channel at a time in floating point. */
function referenceOver(top: Uint8Array, bottom: Uint8Array): Uint8Array {
  const out = new Uint8Array(top.length);
  for (let p = 0; p < top.length; p += 4) {
    const a = top[p + 3];
    for (let c = 0; c < 4; c++) out[p + c] = top[p + c] + Math.round((bottom[p + c] * (255 - a)) / 255);
  }
  return out;
}

describe('backdrop split', () => {
  const split: Record<string, number> = {};
  const backdropsOf: Record<string, Set<string>> = {};
  for (const template of templateNames) {
    it(`draws the same pixels for every ${template} card`, { timeout: 120_000 }, async () => {
      for (const article of articles) {
        for (const preset of presetNames) {
          const job = await jobFor(article, template, preset);
          const simple = simplifySvg((await buildSvg(job, env)).svg);
          const parts = splitBackdrop(simple);
          // Gradient grounds split; a photo (each story's own) or a flat paper colour does not.
          const gradientGround = template === 'standard' || template === 'alert' || (template === 'photo' && !job.image);
          expect(Boolean(parts), `${article.slug} ${template} ${preset}`).toBe(gradientGround);
          if (!parts) continue;
          split[template] = (split[template] ?? 0) + 1;
          const kind = `${template} ${preset} ${job.card.dir}`;
          (backdropsOf[kind] ??= new Set()).add(parts.backdrop);
          const layered = pixels(parts.rest);
          compositeOver(layered, pixels(parts.backdrop));
          expect(largestDifference(layered, pixels(simple)), `${article.slug} ${template} ${preset}`).toBeLessThanOrEqual(1);
          expect(parts.rest).not.toContain('fill="url(#satori_biid');
        }
      }
    });
  }

  it('fired on the gradient templates (the photo template falls back to a gradient without a photo)', () => {
    const cards = articles.length * presetNames.length;
    expect(split.standard).toBe(cards);
    expect(split.alert).toBe(cards);
    expect(split.photo).toBeGreaterThan(0);
    expect(split.quote).toBeUndefined();
  });

  it('gives every story of a template, preset and direction the same backdrop (one cache entry)', () => {
    const counts = Object.fromEntries(Object.entries(backdropsOf).map(([kind, set]) => [kind, set.size]));
    expect(Object.keys(counts).length).toBeGreaterThan(6);
    for (const [kind, n] of Object.entries(counts)) expect(n, kind).toBe(1);
  });

  it('is what the pipeline draws: the PNG decodes to the one-pass pixels', async () => {
    const job = await jobFor(articles[0]!, 'standard', 'og');
    clearFitCache();
    const onePass = pixels(simplifySvg((await buildSvg(job, env)).svg));
    for (let round = 0; round < 2; round++) {
      // The second card takes the backdrop from the cache.
      const { body } = await renderJob(job, env);
      const { data, info } = await sharp(body).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([1200, 630]);
      expect(largestDifference(data, onePass), `round ${round}`).toBeLessThanOrEqual(1);
    }
  });

  it('leaves alone what would not be exact or would not pay', () => {
    const doc = (body: string) => `<svg width="10" height="10" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
    const grad = '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>';
    const gradientRect = '<rect x="0" y="0" width="10" height="10" fill="url(#g)"/>';
    const text = '<path fill="#fff" d="M1,1h5v5h-5z"/>';
    const ok = splitBackdrop(doc(grad + gradientRect + text));
    expect(ok).toEqual({ backdrop: doc(grad + gradientRect), rest: doc(grad + text) });
    // a flat colour is cheaper to draw than to composite
    expect(splitBackdrop(doc('<rect x="0" y="0" width="10" height="10" fill="#123456"/>' + text))).toBeNull();
    // blending and filters read the backdrop
    expect(splitBackdrop(doc(grad + gradientRect + '<path style="mix-blend-mode:multiply" d="M1,1h5v5h-5z"/>'))).toBeNull();
    expect(splitBackdrop(doc(grad + gradientRect + '<g filter="url(#f)">' + text + '</g>'))).toBeNull();
    // a painted rect with anything more than a fill is content, not backdrop
    expect(splitBackdrop(doc(grad + '<rect x="0" y="0" width="10" height="10" fill="url(#g)" opacity="0.5"/>' + text))).toBeNull();
    // a mask nested in a mask is not parsed here
    expect(splitBackdrop(doc('<mask id="a"><mask id="b"></mask></mask>' + grad + gradientRect + text))).toBeNull();
  });

  it('composites like source-over, channel by channel', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const top = new Uint8Array(4 * 5000);
    const bottom = new Uint8Array(4 * 5000);
    for (let p = 0; p < top.length; p += 4) {
      // premultiplied: no channel above its alpha; every alpha from 0 to 255 occurs
      const a = p / 4 < 256 ? p / 4 : rand();
      for (let c = 0; c < 3; c++) top[p + c] = Math.min(a, rand());
      top[p + 3] = a;
      const b = rand();
      for (let c = 0; c < 3; c++) bottom[p + c] = Math.min(b, rand());
      bottom[p + 3] = b;
    }
    const expected = referenceOver(top, bottom);
    compositeOver(top, bottom);
    expect(Buffer.from(top).equals(Buffer.from(expected))).toBe(true);
    expect(() => compositeOver(new Uint8Array(8), new Uint8Array(4))).toThrow(/RGBA/);
  });
});
