/**
 * Every fixture renders in every template and preset: decoded back with sharp, the right
 * size and format, within the preset's byte budget, and the same bytes every time.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../src/core/article.js';
import { presetNames, presets } from '../src/core/presets.js';
import { createRenderEnv, renderJob } from '../src/render/pipeline.js';
import { buildCardText } from '../src/render/card-model.js';
import { brand, fixtureArticles, jobFor } from './render-helpers.js';

const env = createRenderEnv();
const articles = fixtureArticles();

describe('every fixture × template × preset', () => {
  for (const template of templateNames) {
    it(`renders ${template} PNGs within budget`, { timeout: 120_000 }, async () => {
      for (const article of articles) {
        for (const preset of presetNames) {
          const result = await renderJob(await jobFor(article, template, preset), env);
          const meta = await sharp(Buffer.from(result.body)).metadata();
          const where = `${article.slug} ${template} ${preset}`;
          expect(meta.format, where).toBe('png');
          expect([meta.width, meta.height], where).toEqual([presets[preset].width, presets[preset].height]);
          expect(result.body.length, where).toBeLessThanOrEqual(presets[preset].maxBytes);
          expect(result.body.length, where).toBeLessThanOrEqual(1_000_000);
        }
      }
    });
  }

  it('renders JPEGs of the photo cards within budget', { timeout: 60_000 }, async () => {
    for (const article of articles.filter((a) => a.image)) {
      for (const preset of presetNames) {
        const result = await renderJob(await jobFor(article, 'photo', preset, 'jpg'), env);
        const meta = await sharp(Buffer.from(result.body)).metadata();
        expect(meta.format).toBe('jpeg');
        expect([meta.width, meta.height]).toEqual([presets[preset].width, presets[preset].height]);
        expect(result.body.length).toBeLessThanOrEqual(presets[preset].maxBytes);
      }
    }
  });

  // Regression: satori took lang "de" for its "devanagari" key and threw from
  // toLocaleUpperCase, so every German card with an upper-cased section label failed.
  it('renders languages whose code begins a satori script name (de, ka) with a section label', async () => {
    for (const lang of ['de', 'ka']) {
      const card = buildCardText({ title: 'Gespräche in Istanbul beginnen am Freitag', section: 'Welt', authors: [], lang });
      for (const template of templateNames) {
        const result = await renderJob({ template, preset: 'og', format: 'png', card, brand }, env);
        expect((await sharp(Buffer.from(result.body)).metadata()).width, `${lang} ${template}`).toBe(1200);
      }
    }
  });

  it('gives the same bytes for the same input', async () => {
    const article = articles.find((a) => a.slug === 'warships-near-iranian-waters');
    expect(article).toBeDefined();
    for (const template of ['photo', 'standard'] as const) {
      const job = await jobFor(article!, template, 'og');
      const a = await renderJob(job, env);
      const b = await renderJob(job, env);
      expect(Buffer.compare(Buffer.from(a.body), Buffer.from(b.body))).toBe(0);
    }
  });

  it('actually draws the photo when one is given', async () => {
    const article = articles.find((a) => a.slug === 'us-iran-talks-istanbul')!;
    const job = await jobFor(article, 'photo', 'og');
    expect(job.image, 'the fixture photo loads through the ImageLoader').toBeDefined();
    const withPhoto = await renderJob(job, env);
    const without = await renderJob({ ...job, image: undefined }, env);
    expect(Buffer.compare(Buffer.from(withPhoto.body), Buffer.from(without.body))).not.toBe(0);
  });
});
