/**
 * The render pipeline for one card: fonts for its text → headline fitting → template → satori
 * (SVG, text as paths) → resvg (pixels, no system fonts) → encode.ts (PNG/JPEG within budget).
 * Runs inside a worker thread (worker.ts), or inline where no pool is wanted (CLI, tests).
 */
import { releaseNativeMemory } from './native-memory.js';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { TemplateName } from '../core/article.js';
import { presets, type ImageFormat, type PresetName } from '../core/presets.js';
import { isEmojiGrapheme, mayHoldEmoji } from './font-manifest.js';
import { createEmojiSource, type EmojiSource } from './emoji.js';
import { encodeImage } from './encode.js';
import { createFontRegistry, type FontRegistry, type FontSet } from './fonts.js';
import { h, type El } from './h.js';
import { candidateSizes, headlineElement, headlineStyle, satoriLang, type BaseContext, type Brand, type CardText, type FittedHeadline, type HeadlineSpec, type TemplateContext } from './template.js';
import { getTemplate } from './templates.js';
import { simplifySvgParts, svgBytes } from './svg-simplify.js';
import { wordsFor } from '../../templates/parts.js';
import { sha256url } from '../core/digest.js';

/** Everything a worker needs to draw a card: plain data, structured-cloneable. */
export interface RenderJob {
  template: TemplateName;
  preset: PresetName;
  format: ImageFormat;
  card: CardText;
  brand: Brand;
  /** The photo, already cropped to the template's size by the ImageLoader. */
  image?: { data: Uint8Array; mime: 'image/png' | 'image/jpeg'; width: number; height: number };
}

export interface RenderResult {
  body: Uint8Array;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** How the bytes were encoded (e.g. "png", "png-palette-256", "jpeg-q85"). */
  encoding: string;
  timingsMs: { fit: number; satori: number; resvg: number; encode: number };
}

/** Parsed fonts and emoji, loaded once per worker. */
export interface RenderEnv {
  fonts: FontRegistry;
  emoji: EmojiSource;
}

export function createRenderEnv(options: { fontsDir?: string; twemojiDir?: string } = {}): RenderEnv {
  return { fonts: createFontRegistry(options.fontsDir), emoji: createEmojiSource(options.twemojiDir) };
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

function allText(job: RenderJob): string {
  const c = job.card;
  return [c.title, c.description, c.kicker, c.section, c.byline, c.date, c.credit, job.brand.name, wordsFor(c.lang)].filter(Boolean).join('\n');
}

function emojiImages(text: string, emoji: EmojiSource): Record<string, string> {
  const out: Record<string, string> = {};
  if (!mayHoldEmoji(text)) return out;
  for (const { segment } of segmenter.segment(text)) {
    if (out[segment] || !isEmojiGrapheme(segment)) continue;
    const uri = emoji.dataUri(segment);
    if (uri) out[segment] = uri;
  }
  return out;
}

type SatoriOptions = Parameters<typeof satori>[1];

function satoriOptions(width: number, height: number, set: FontSet, images: Record<string, string>, env: RenderEnv): SatoriOptions {
  return {
    width,
    height,
    fonts: set.fonts,
    graphemeImages: images,
    // Never fetch: an emoji the scan missed comes from Twemoji on disk; fonts never load late
    // (a code point without a font is caught by the coverage test, not papered over here).
    loadAdditionalAsset: async (code: string, segment: string) => (code === 'emoji' ? (env.emoji.dataUri(segment) ?? '') : []),
  } as SatoriOptions;
}

/**
 * Fitted sizes by everything that decides them (text, box, style, fonts). Per worker. Keyed by
 * a digest: the description itself is 2.4-4.7 KB of JSON (the font stacks and file list), twice
 * that in memory when the headline is not Latin-1. Measured over the benchmark's mixed-language
 * headlines: with the JSON as key the live heap grew 43.5 → 52.7 MB from 500 to 2,000 distinct
 * headlines; with the digest, 40.7 → 41.6 MB from 500 to 3,000.
 */
const fitCache = new Map<string, FittedHeadline>();
const FIT_CACHE_ENTRIES = 2000;

function fitted(spec: HeadlineSpec, fontSize: number, clamped: boolean): FittedHeadline {
  return { fontSize, maxLines: Math.max(1, Math.floor(spec.height / (fontSize * spec.lineHeight) + 0.01)), clamped };
}

/** Heights of the headline laid out at each of `sizes`, in one satori layout pass (no drawing). */
async function measureHeights(sizes: number[], spec: HeadlineSpec, base: BaseContext, set: FontSet, images: Record<string, string>, env: RenderEnv): Promise<Map<number, number>> {
  const heights = new Map<number, number>();
  const tree = h(
    'div',
    { lang: satoriLang(base.card.lang), style: { flexDirection: 'column', alignItems: 'flex-start', width: spec.width, direction: base.card.dir } },
    ...sizes.map((s) => headlineElement(spec, base, { fontSize: s }, { key: `fit-${s}` })),
  );
  const total = sizes.reduce((sum, s) => sum + Math.ceil(s * spec.lineHeight * 40), 0);
  await satori(tree as never, {
    ...satoriOptions(spec.width, Math.min(total, 60_000), set, images, env),
    // Only the layout is wanted: skip turning every candidate's glyphs into paths.
    embedFont: false,
    onNodeDetected: (node: { key?: string | number; height: number }) => {
      if (typeof node.key === 'string' && node.key.startsWith('fit-')) heights.set(Number(node.key.slice(4)), node.height);
    },
  } as SatoriOptions);
  return heights;
}

/** Scripts set without spaces between words: their lines break between characters anyway. */
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/** The size the widest runs are measured at; widths scale linearly with it (tracking is in em). */
const RUN_MEASURE_SIZE = 100;

/**
 * The runs of the headline a line cannot break inside (between spaces, after a hyphen, dash or
 * slash) that could be wider than the box at the largest size, longest first. The bound is
 * generous (no glyph is wider than 1.1 em), so most headlines have none and cost no extra pass.
 */
export function longRuns(spec: HeadlineSpec): string[] {
  const perChar = spec.maxSize * (1.1 + (spec.tracking ?? 0));
  const runs = new Set(spec.text.split(/\s+|(?<=[-\u2010-\u2015/])/u).filter((r) => r && !UNSPACED.test(r)));
  return [...runs]
    .map((r) => ({ r, n: [...r].length }))
    .filter(({ n }) => n * perChar > spec.width)
    .sort((a, b) => b.n - a.n)
    .slice(0, 3)
    .map(({ r }) => r);
}

/** The width of the widest of `runs` set on one line at {@link RUN_MEASURE_SIZE} (one layout pass). */
async function widestRun(runs: string[], spec: HeadlineSpec, base: BaseContext, set: FontSet, images: Record<string, string>, env: RenderEnv): Promise<number> {
  let widest = 0;
  const style = { ...headlineStyle(spec, base.fonts, RUN_MEASURE_SIZE), width: undefined, whiteSpace: 'nowrap', overflowWrap: 'normal' };
  // Items of a column aligned to the start take their content's width, up to the container's:
  // the canvas is made wide enough for any of them.
  const width = Math.ceil(Math.max(...runs.map((r) => [...r].length)) * RUN_MEASURE_SIZE * 2);
  const tree = h('div', { lang: satoriLang(base.card.lang), style: { flexDirection: 'column', alignItems: 'flex-start', width, direction: base.card.dir } }, ...runs.map((r, i) => h('div', { key: `run-${i}`, style }, r)));
  await satori(tree as never, {
    ...satoriOptions(width, Math.ceil(runs.length * RUN_MEASURE_SIZE * spec.lineHeight * 2), set, images, env),
    embedFont: false,
    onNodeDetected: (node: { key?: string | number; width: number }) => {
      if (typeof node.key === 'string' && node.key.startsWith('run-')) widest = Math.max(widest, node.width);
    },
  } as SatoriOptions);
  return widest;
}

/**
 * The candidate sizes at which no word has to break: those at which the widest unbreakable run
 * fits the box. When even the smallest cannot hold it (a 60-letter compound), the smallest
 * alone, where the word breaks least (headlineStyle lets it break rather than overflow).
 */
async function sizesKeepingWords(spec: HeadlineSpec, base: BaseContext, set: FontSet, images: Record<string, string>, env: RenderEnv): Promise<number[]> {
  const all = candidateSizes(spec);
  const runs = longRuns(spec);
  if (!runs.length) return all;
  const widest = await widestRun(runs, spec, base, set, images, env);
  const keep = all.filter((size) => (widest * size) / RUN_MEASURE_SIZE <= spec.width + 0.5);
  return keep.length ? keep : [spec.minSize];
}

/**
 * Picks the largest headline size whose text fits the box, with no word broken when a smaller
 * size avoids it. The largest size is tried alone first (a satori pass costs mostly its fixed
 * setup, and most headlines fit at the largest size); otherwise every smaller candidate is
 * measured in one more layout pass. The answer is the same as measuring all candidates at
 * once. When even the smallest does not fit, the smallest is used and the text is clamped to
 * the lines that fit, with an ellipsis. Results are remembered per text, box, style and font
 * set, so the same headline in another format (PNG and JPEG) or a re-render is not measured
 * again.
 */
export async function fitHeadline(spec: HeadlineSpec, base: BaseContext, set: FontSet, images: Record<string, string>, env: RenderEnv): Promise<FittedHeadline> {
  const key = sha256url(JSON.stringify([spec, base.fonts, base.card.lang, base.card.dir, set.key]));
  const known = fitCache.get(key);
  if (known) return known;
  const sizes = await sizesKeepingWords(spec, base, set, images, env);
  const fits = (heights: Map<number, number>, s: number) => {
    const hgt = heights.get(s);
    return hgt !== undefined && hgt <= spec.height + 0.5;
  };
  let result: FittedHeadline | undefined;
  const first = await measureHeights([sizes[0]], spec, base, set, images, env);
  if (fits(first, sizes[0])) result = fitted(spec, sizes[0], false);
  else if (sizes.length > 1) {
    const rest = sizes.slice(1);
    const heights = await measureHeights(rest, spec, base, set, images, env);
    const s = rest.find((size) => fits(heights, size));
    if (s !== undefined) result = fitted(spec, s, false);
  }
  result ??= fitted(spec, spec.minSize, true);
  if (fitCache.size >= FIT_CACHE_ENTRIES) fitCache.delete(fitCache.keys().next().value as string);
  fitCache.set(key, result);
  return result;
}

/** The card's element tree with its headline fitted, and the fonts it is drawn with. */
export async function buildCardTree(job: RenderJob, env: RenderEnv): Promise<{ tree: El; set: FontSet; images: Record<string, string>; ctx: TemplateContext; spec: HeadlineSpec; fitMs: number }> {
  const { width, height } = presets[job.preset];
  const template = getTemplate(job.template);
  const text = allText(job);
  const set = env.fonts.fontsFor(text, job.card.lang, job.card.dir);
  const images = emojiImages(text, env.emoji);
  const image = job.image ? { src: `data:${job.image.mime};base64,${Buffer.from(job.image.data).toString('base64')}`, width: job.image.width, height: job.image.height } : undefined;
  const base: BaseContext = { preset: job.preset, width, height, card: job.card, brand: job.brand, fonts: set.stacks, image };
  const spec = template.headline(base);
  const t0 = performance.now();
  const headline = await fitHeadline(spec, base, set, images, env);
  const fitMs = performance.now() - t0;
  const ctx: TemplateContext = { ...base, headline };
  return { tree: template.render(ctx), set, images, ctx, spec, fitMs };
}

/** Lays the card out to SVG. Exposed for tests that inspect where the text paths fall. */
export async function buildSvg(job: RenderJob, env: RenderEnv): Promise<{ svg: string; ctx: TemplateContext; spec: HeadlineSpec; fitMs: number }> {
  const { tree, set, images, ctx, spec, fitMs } = await buildCardTree(job, env);
  const svg = await satori(tree as never, satoriOptions(ctx.width, ctx.height, set, images, env));
  return { svg, ctx, spec, fitMs };
}

/** Forgets remembered headline fits (benchmarks measuring a cold render; tests). */
export function clearFitCache(): void {
  fitCache.clear();
}

export async function renderJob(job: RenderJob, env: RenderEnv): Promise<RenderResult> {
  const t0 = performance.now();
  const { svg, ctx, fitMs } = await buildSvg(job, env);
  const t1 = performance.now();
  // Text is already paths; scanning system fonts would cost more than the render itself.
  // simplifySvgParts drops satori's redundant masks and gradient patterns and folds flat
  // gradient ends: the same pixels (±1 level), fewer canvas-sized layers and a cheaper gradient.
  const rendered = new Resvg(svgBytes(simplifySvgParts(svg)), { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render();
  const t2 = performance.now();
  const { maxBytes } = presets[job.preset];
  const encoded = await encodeImage(rendered.pixels, rendered.width, rendered.height, job.format, maxBytes, { photo: Boolean(ctx.image) });
  const t3 = performance.now();
  await releaseNativeMemory();
  return {
    body: new Uint8Array(encoded.body.buffer, encoded.body.byteOffset, encoded.body.length),
    mime: job.format === 'jpg' ? 'image/jpeg' : 'image/png',
    width: ctx.width,
    height: ctx.height,
    encoding: encoded.step,
    timingsMs: { fit: fitMs, satori: t1 - t0 - fitMs, resvg: t2 - t1, encode: t3 - t2 },
  };
}
