/**
 * `sharecard render` draws one file without a server; `sharecard prerender` warms the cache
 * for every published article (and a second run finds everything cached).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { SharecardError } from '../src/core/errors.js';
import { prerender, renderArticleFile } from '../src/cli/render.js';
import { createInlinePool } from '../src/render/pool.js';
import { createServices } from '../src/services.js';
import { fixtureBody, loadFixtures, silentLog, tempDir, testConfig } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const config = testConfig(tmp.dir);

describe('sharecard render', () => {
  it('writes the card in the format the file name asks for', async () => {
    const fixture = loadFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;
    const input = path.join(tmp.dir, 'story.json');
    writeFileSync(input, JSON.stringify(fixture));
    const output = path.join(tmp.dir, 'card.jpg');
    const result = await renderArticleFile(input, { output, preset: 'square' }, config);
    expect(result).toMatchObject({ template: 'photo', format: 'jpg', width: 1200, height: 1200, degraded: false });
    const meta = await sharp(readFileSync(output)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 1200]);
  });

  it('names every bad option', async () => {
    const input = path.join(tmp.dir, 'story.json');
    const err = await renderArticleFile(input, { output: path.join(tmp.dir, 'x.gif'), preset: 'huge', template: 'fancy' }, config).catch((e) => e);
    expect(err).toBeInstanceOf(SharecardError);
    expect(err.problems.map((p: { path: string[] }) => p.path[0])).toEqual(['--template', '--preset', '--format']);
  });
});

describe('sharecard prerender', () => {
  it('renders every published card once, then finds them cached', { timeout: 60_000 }, async () => {
    const services = await createServices(config, { log: silentLog, renderPool: createInlinePool() });
    try {
      for (const slug of ['us-iran-talks-istanbul', 'arabic-mediators', 'draft-not-public']) {
        const f = loadFixtures().find((x) => x.slug === slug)!;
        await services.store.put(slug, parseArticle(fixtureBody(f)));
      }
      const progress: number[] = [];
      const first = await prerender(services, (done) => progress.push(done));
      // Photo story: og.png + og/x/square .jpg; text story: og/x/square .png. No draft.
      expect(first).toMatchObject({ articles: 2, cards: 7, rendered: 7, cached: 0, failed: [] });
      expect(progress.at(-1)).toBe(7);
      const second = await prerender(services);
      expect(second).toMatchObject({ cards: 7, rendered: 0, cached: 7 });
    } finally {
      await services.close();
    }
  });
});
