/**
 * scripts/patch-satori.mjs gives the installed satori a faster glyph path writer that must write
 * the same SVG. Every fixture in every template and preset is laid out by the patched satori and
 * by an untouched copy of the same version (`satori-upstream`, a package.json alias), and the
 * two SVGs must be equal byte for byte; so must a synthetic italic (the path writer's skew term),
 * text pushed past the card's left and top edges (negative coordinates) and a backdrop filter
 * (the `<svg>` wrapper's other branch).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import satori from 'satori';
import upstream from 'satori-upstream';
import { afterAll, describe, expect, it } from 'vitest';
import { templateNames } from '../src/core/article.js';
import { presetNames, presets } from '../src/core/presets.js';
import { h } from '../src/render/h.js';
import { buildCardTree, createRenderEnv } from '../src/render/pipeline.js';
import { fixtureArticles, jobFor } from './render-helpers.js';
import { ORIGINAL, REPLACEMENT, patchSatori } from '../scripts/patch-satori.mjs';
import { tempDir } from './helpers.js';

const env = createRenderEnv();
const articles = fixtureArticles();
const tmp = tempDir('sharecard-satori-patch-');
afterAll(tmp.cleanup);
type Options = Parameters<typeof satori>[1];

async function both(tree: unknown, options: Options): Promise<[string, string]> {
  return [await satori(tree as never, options), await upstream(tree as never, options as never)];
}

describe('the patched satori', () => {
  it('is the one installed (npm install runs scripts/patch-satori.mjs), and patching twice changes nothing', () => {
    const require = createRequire(import.meta.url);
    const installed = readFileSync(path.join(path.dirname(require.resolve('satori/package.json')), 'dist/index.js'), 'utf8');
    for (const name of ['path writer', 'svg wrapper']) expect(installed).toContain(`/* sharecard: scripts/patch-satori.mjs (${name}) */`);
    // The script over a copy of the untouched package: patched once, then found done.
    const upstreamDir = path.dirname(require.resolve('satori-upstream/package.json'));
    const pristine = readFileSync(path.join(upstreamDir, 'dist/index.js'), 'utf8');
    expect(pristine).not.toContain('sharecard');
    const root = tmp.dir;
    mkdirSync(path.join(root, 'node_modules/satori/dist'), { recursive: true });
    copyFileSync(path.join(upstreamDir, 'package.json'), path.join(root, 'node_modules/satori/package.json'));
    writeFileSync(path.join(root, 'node_modules/satori/dist/index.js'), pristine);
    const from = pathToFileURL(path.join(root, 'here.mjs')).href;
    expect(patchSatori(from)).toBe('patched');
    expect(readFileSync(path.join(root, 'node_modules/satori/dist/index.js'), 'utf8')).toBe(installed);
    expect(patchSatori(from)).toBe('already patched');
    // A file that lacks a function is left exactly as it was.
    writeFileSync(path.join(root, 'node_modules/satori/dist/index.js'), pristine.replace(ORIGINAL, 'function fd(){}'));
    expect(patchSatori(from)).toMatch(/path writer was not found/);
    expect(readFileSync(path.join(root, 'node_modules/satori/dist/index.js'), 'utf8')).toBe(pristine.replace(ORIGINAL, 'function fd(){}'));
  });

  it('has a path writer that writes what the original writes, for any commands, pen, scale and skew', () => {
    type Writer = (commands: object[], x: number, y: number, scale: number, skew?: number) => string;
    // satori's own rounding helper, which the original calls and the replacement inlines.
    const nr = 'const nr=A=>(A<0?-Math.round(-A*10):Math.round(A*10))/10;';
    const original = new Function(`${nr}${ORIGINAL};return fd`)() as Writer;
    const replacement = new Function(`${REPLACEMENT};return fd`)() as Writer;
    const coord = fc.oneof(fc.double({ min: -5000, max: 5000, noNaN: true }), fc.integer({ min: -3000, max: 3000 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constantFrom(0, -0, 0.05, -0.05, 0.15, -0.15, 2.25, -2.25, 999.95));
    const command = fc.oneof(
      fc.record({ type: fc.constantFrom('M', 'L'), x: coord, y: coord }),
      fc.record({ type: fc.constant('Q'), x1: coord, y1: coord, x: coord, y: coord }),
      fc.record({ type: fc.constant('C'), x1: coord, y1: coord, x2: coord, y2: coord, x: coord, y: coord }),
      fc.constant({ type: 'Z' }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), coord, coord, fc.double({ min: 0.001, max: 2, noNaN: true }), fc.constantFrom(0, 0.2, -0.3), (commands, x, y, scale, skew) => {
        expect(replacement(commands, x, y, scale, skew)).toBe(original(commands, x, y, scale, skew));
      }),
      { numRuns: 2000 },
    );
  });

  for (const template of templateNames) {
    it(`writes the same SVG as satori itself for every ${template} card`, { timeout: 120_000 }, async () => {
      let paths = 0;
      for (const article of articles) {
        for (const preset of presetNames) {
          const { tree, set, images } = await buildCardTree(await jobFor(article, template, preset), env);
          const { width, height } = presets[preset];
          const [ours, theirs] = await both(tree, { width, height, fonts: set.fonts, graphemeImages: images } as Options);
          expect(ours === theirs, `${article.slug} ${template} ${preset}`).toBe(true);
          paths += ours.match(/<path fill=/g)?.length ?? 0;
        }
      }
      expect(paths, 'glyph paths compared').toBeGreaterThan(articles.length * presetNames.length);
    });
  }

  it('writes the same SVG for a synthetic italic, text beyond the top-left edge and a backdrop filter', async () => {
    const set = env.fonts.fontsFor('Slanted and shifted: خبر فوری 米国', 'en', 'ltr');
    const tree = (fontStyle: string) =>
      h(
        'div',
        { style: { display: 'flex', flexDirection: 'column', width: 600, height: 300, fontFamily: set.stacks.sans } },
        h('div', { style: { fontStyle, fontSize: 41.3 } }, 'Slanted and shifted'),
        h('div', { style: { marginLeft: -37.35, marginTop: -51.05, fontSize: 63.7 } }, 'Off the edge خبر فوری 米国'),
        h('div', { style: { width: 200, height: 40, backdropFilter: 'blur(4px)', backgroundColor: 'rgba(0,0,0,0.2)' } }),
      );
    const options = { width: 600, height: 300, fonts: set.fonts } as Options;
    const [ours, theirs] = await both(tree('italic'), options);
    expect(ours).toBe(theirs);
    // The case is only a test if it reached the writer's skew (no italic font is shipped for
    // these families, so satori slants the upright one) and its negative numbers.
    expect(ours).not.toBe(await satori(tree('normal') as never, options));
    expect(ours).toMatch(/<path fill="[^"]+" d="M-\d/);
    // …and the wrapper's branch for a backdrop filter.
    expect(ours).toContain('enable-background="new"');
  });
});
