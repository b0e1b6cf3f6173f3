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
import type { El } from './h.js';
import { fitHeadline, type BaseContext, type Brand, type CardText, type HeadlineSpec, type TemplateContext } from './template.js';
import { createTextLayout, type WidthTable } from './text/layout.js';
import { forgetMeasuredSegments } from './text/lines.js';
import { loadShaper } from './text/shaper.js';
import { getTemplate } from './templates.js';
import { simplifySvgParts, svgBytes } from './svg-simplify.js';
import { wordsFor } from '../../templates/parts.js';

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
 * Widths of text pieces measured at size 100, per worker (text/layout.ts): the same words in
 * another preset, format or size are not measured again.
 */
const widths: WidthTable = new Map();

/** Measuring rounds per card: the first measures every piece, a second the few a layout found late (a word broken between letters, an ellipsis). Measuring is HarfBuzz (text/shaper.ts). */
const MAX_MEASURE_ROUNDS = 4;

/** The card's element tree with its headline fitted and every text laid out, and the fonts it is drawn with. */
export async function buildCardTree(job: RenderJob, env: RenderEnv): Promise<{ tree: El; set: FontSet; images: Record<string, string>; ctx: TemplateContext; spec: HeadlineSpec; fitMs: number }> {
  const { width, height } = presets[job.preset];
  const template = getTemplate(job.template);
  const text = allText(job);
  const set = env.fonts.fontsFor(text, job.card.lang, job.card.dir);
  const images = emojiImages(text, env.emoji);
  const image = job.image ? { src: `data:${job.image.mime};base64,${Buffer.from(job.image.data).toString('base64')}`, width: job.image.width, height: job.image.height } : undefined;
  const layout = createTextLayout({ lang: job.card.lang, dir: job.card.dir, widths });
  const base: BaseContext = { preset: job.preset, width, height, card: job.card, brand: job.brand, fonts: set.stacks, image, text: layout };
  const t0 = performance.now();
  for (let round = 1; ; round++) {
    const spec = template.headline(base);
    const headline = fitHeadline(spec, base);
    const ctx: TemplateContext = { ...base, headline };
    const tree = template.render(ctx);
    const misses = layout.takeMisses();
    if (!misses.length || round === MAX_MEASURE_ROUNDS) return { tree, set, images, ctx, spec, fitMs: performance.now() - t0 };
    (await loadShaper()).measureInto(widths, misses, set, images);
  }
}

/** Lays the card out to SVG. Exposed for tests that inspect where the text paths fall. */
export async function buildSvg(job: RenderJob, env: RenderEnv): Promise<{ svg: string; ctx: TemplateContext; spec: HeadlineSpec; fitMs: number }> {
  const { tree, set, images, ctx, spec, fitMs } = await buildCardTree(job, env);
  const svg = await satori(tree as never, satoriOptions(ctx.width, ctx.height, set, images, env));
  return { svg, ctx, spec, fitMs };
}

/** Forgets measured text widths (benchmarks measuring a cold render; tests). */
export function clearFitCache(): void {
  widths.clear();
  forgetMeasuredSegments();
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
