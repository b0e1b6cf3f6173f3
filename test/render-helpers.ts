/**
 * Shared by the render tests: fixtures as cards, one render environment per test file, the
 * real image loader over the fixture photos, and an SVG reader for where text paths fall.
 */
import { parseArticle } from '../src/core/article.js';
import { directionOf } from '../src/core/direction.js';
import { computeRevision } from '../src/core/revision.js';
import { createImageLoader } from '../src/images/loader.js';
import { buildCardText } from '../src/render/card-model.js';
import type { RenderJob } from '../src/render/pipeline.js';
import type { RenderPool } from '../src/render/pool.js';
import type { CardArticle } from '../src/render/renderer.js';
import type { Brand } from '../src/render/template.js';
import { getTemplate } from '../src/render/templates.js';
import { presets, type ImageFormat, type PresetName } from '../src/core/presets.js';
import type { TemplateName } from '../src/core/article.js';
import { fixtureBody, loadFixtures, silentLog, testConfig, tempDir } from './helpers.js';

export const brand: Brand = { name: 'Example News', themeColor: '#0b1020', accentColor: '#e4002b' };

/** Every fixture (drafts too: a draft must still draw, it is just never served publicly). */
export function fixtureArticles(): CardArticle[] {
  return loadFixtures().map((f) => {
    const a = parseArticle(fixtureBody(f));
    return { ...a, slug: f.slug, dir: directionOf(a.lang, a.title), revision: computeRevision(f.slug, a) };
  });
}

const tmp = tempDir('sharecard-render-');
export const imageLoader = createImageLoader(testConfig(tmp.dir).images, { log: silentLog });

/** The job the renderer would send a worker, photo loaded through the real ImageLoader. */
export async function jobFor(article: CardArticle, template: TemplateName, preset: PresetName, format: ImageFormat = 'png'): Promise<RenderJob> {
  const size = getTemplate(template).imageSize(presets[preset]);
  let image: RenderJob['image'];
  if (size && article.image) {
    const loaded = await imageLoader.load({ url: article.image.url, width: size.width, height: size.height });
    if (loaded) image = { data: loaded.data, mime: loaded.mime, width: loaded.width, height: loaded.height };
  }
  return { template, preset, format, card: buildCardText(article), brand, image };
}

export interface Box {
  kind: 'text' | 'image';
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const NUM = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/**
 * Bounding boxes of what satori drew as text: glyph outlines are <path> elements without the
 * x/y/width/height attributes satori puts on box shapes, and emoji are <image> elements.
 * Control points bound a Bézier curve, so the boxes are conservative.
 */
export function textBoxes(svg: string, card: { width: number; height: number }, { contours = false } = {}): Box[] {
  const boxes: Box[] = [];
  for (const m of svg.matchAll(/<path\b([^>]*)\/?>/g)) {
    const attrs = m[1];
    // Box shapes carry x/y/width/height; border clip paths use h/v commands; glyphs use neither.
    if (/\swidth="|\sclip-rule="/.test(attrs)) continue;
    if (/\stransform="/.test(attrs)) throw new Error('a text path has a transform: extend textBoxes');
    const d = /\sd="([^"]*)"/.exec(attrs)?.[1];
    if (!d || /[hv]/i.test(d)) continue;
    if (/[a-gi-uw-z]/.test(d.replace(/e[-+]?\d/gi, ''))) throw new Error(`relative path commands in ${d.slice(0, 40)}: extend textBoxes`);
    // Satori draws a whole text block as one path; `contours` boxes each outline (M…Z) apart.
    for (const part of contours ? d.split(/(?=M)/) : [d]) {
      const nums = (part.match(NUM) ?? []).map(Number);
      if (nums.length < 2) continue;
      const xs = nums.filter((_, i) => i % 2 === 0);
      const ys = nums.filter((_, i) => i % 2 === 1);
      boxes.push({ kind: 'text', x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
    }
  }
  for (const m of svg.matchAll(/<image\b([^>]*)\/?>/g)) {
    const get = (n: string) => Number(new RegExp(`\\s${n}="([^"]*)"`).exec(m[1])?.[1] ?? Number.NaN);
    const [x, y, w, hgt] = [get('x'), get('y'), get('width'), get('height')];
    // The full-bleed photo is the background, not text.
    if (w >= card.width && hgt >= card.height) continue;
    if ([x, y, w, hgt].some(Number.isNaN)) continue;
    boxes.push({ kind: 'image', x0: x, y0: y, x1: x + w, y1: y + hgt });
  }
  return boxes;
}

/**
 * A pool that counts the cards it draws (cache misses, single-flight). `owns`: closing it closes
 * `inner`; otherwise `inner` is shared (two replicas drawing on one pool) and its owner closes it.
 */
export function countingPool(inner: RenderPool, { owns }: { owns: boolean }): { pool: RenderPool; runs: () => number } {
  let runs = 0;
  const pool: RenderPool = {
    kind: inner.kind,
    threads: inner.threads,
    run: (job, options) => (runs++, inner.run(job, options)),
    load: () => inner.load(),
    close: () => (owns ? inner.close() : Promise.resolve()),
  };
  return { pool, runs: () => runs };
}
