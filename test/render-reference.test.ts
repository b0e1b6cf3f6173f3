/**
 * Reference images: a few fixture cards compared with stored, downscaled PNGs in
 * test/reference/, within a small pixel tolerance, so that template changes are deliberate.
 * After an intended visual change, regenerate them and look at the result:
 *
 *   UPDATE_REFERENCE=1 npx vitest run test/render-reference.test.ts
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { TemplateName } from '../src/core/article.js';
import type { PresetName } from '../src/core/presets.js';
import { createRenderEnv, renderJob } from '../src/render/pipeline.js';
import { repoRoot } from './helpers.js';
import { fixtureArticles, jobFor } from './render-helpers.js';

const DIR = path.join(repoRoot, 'test', 'reference');
const WIDTH = 400;
/** Mean absolute difference per channel (0-255) tolerated: anti-aliasing and encoder noise. */
const MAX_MEAN_DIFF = 1.5;
/** Share of pixels allowed to differ a lot (a moved word fails; a shifted edge does not). */
const MAX_CHANGED_SHARE = 0.01;

const cases: [string, TemplateName, PresetName][] = [
  ['us-iran-talks-istanbul', 'standard', 'og'],
  ['us-iran-talks-istanbul', 'photo', 'og'],
  ['iran-us-talks-istanbul-fa', 'standard', 'og'],
  ['arabic-mediators', 'quote', 'x'],
  ['japanese-summary', 'alert', 'og'],
  ['warships-near-iranian-waters', 'standard', 'square'],
  ['trump-bad-things-quote', 'quote', 'og'],
];

const env = createRenderEnv();
const articles = fixtureArticles();
const small = (png: Uint8Array | string) => sharp(typeof png === 'string' ? png : Buffer.from(png)).resize({ width: WIDTH }).removeAlpha().raw().toBuffer({ resolveWithObject: true });

describe('reference images', () => {
  for (const [slug, template, preset] of cases) {
    it(`${slug} ${template} ${preset} matches its reference`, async () => {
      const article = articles.find((a) => a.slug === slug)!;
      const result = await renderJob(await jobFor(article, template, preset), env);
      const file = path.join(DIR, `${slug}-${template}-${preset}.png`);
      if (process.env.UPDATE_REFERENCE === '1' || !existsSync(file)) {
        if (process.env.CI && process.env.UPDATE_REFERENCE !== '1') throw new Error(`missing reference ${path.basename(file)}`);
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, await sharp(Buffer.from(result.body)).resize({ width: WIDTH }).png({ compressionLevel: 9, palette: true }).toBuffer());
        return;
      }
      const got = await small(result.body);
      const want = await small(file);
      expect([got.info.width, got.info.height]).toEqual([want.info.width, want.info.height]);
      let sum = 0;
      let changed = 0;
      for (let i = 0; i < got.data.length; i += 3) {
        const d = Math.max(Math.abs(got.data[i] - want.data[i]), Math.abs(got.data[i + 1] - want.data[i + 1]), Math.abs(got.data[i + 2] - want.data[i + 2]));
        sum += Math.abs(got.data[i] - want.data[i]) + Math.abs(got.data[i + 1] - want.data[i + 1]) + Math.abs(got.data[i + 2] - want.data[i + 2]);
        if (d > 48) changed++;
      }
      const pixels = got.data.length / 3;
      expect(sum / got.data.length, 'mean difference per channel').toBeLessThanOrEqual(MAX_MEAN_DIFF);
      expect(changed / pixels, 'share of changed pixels').toBeLessThanOrEqual(MAX_CHANGED_SHARE);
    });
  }
});
