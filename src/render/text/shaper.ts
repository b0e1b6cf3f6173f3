/**
 * Measures text pieces with HarfBuzz (harfbuzzjs, the version satori itself shapes with), in
 * the faces satori would pick: a grapheme is drawn by the first face of the stack (then of the
 * other fonts it was given) whose cmap has its first character, in the weight nearest the one
 * asked for (and the style asked for when that face has it); white space stays in the face
 * before it. Widths at size 100, letter spacing after every cluster and no optional ligatures
 * with it, as satori sets them; emoji are images one em wide. Shaping a card's ~60 pieces here takes
 * about a millisecond; measuring them in a satori layout pass took 15-30 ms, more than
 * drawing the card (test/render-shaper.test.ts holds the two to the same widths).
 */
import { createRequire } from 'node:module';
import type { FontSet, SatoriFont } from '../fonts.js';
import { widthKey, type MeasureRequest, type WidthTable } from './layout.js';

interface HbGlyph {
  cl: number;
  ax: number;
}
interface HbBuffer {
  addText(text: string): void;
  guessSegmentProperties(): void;
  setDirection(dir: 'ltr' | 'rtl'): void;
  json(): HbGlyph[];
  destroy(): void;
}
interface HbFace {
  upem: number;
  collectUnicodes(): Uint32Array;
}
interface HarfBuzz {
  createBlob(data: ArrayBuffer): unknown;
  createFace(blob: unknown, index: number): HbFace;
  createFont(face: HbFace): unknown;
  createBuffer(): HbBuffer;
  shape(font: unknown, buffer: HbBuffer, features?: string): void;
}

export const MEASURE_SIZE = 100;
/** Widths kept per worker: ~40 bytes of key a piece; a card has 30-150 pieces. */
const MAX_WIDTHS = 50_000;

interface Face {
  font: unknown;
  upem: number;
  unicodes: Set<number>;
}

export interface Shaper {
  /** Measures `requests` at size {@link MEASURE_SIZE} into `widths`, in the fonts of `set`. */
  measureInto(widths: WidthTable, requests: MeasureRequest[], set: FontSet, images: Record<string, string>): void;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * CSS font matching for weight (CSS Fonts 4, §5.2), as satori picks a face: a weight above 500
 * takes the nearest heavier one first (700 → 800 before 600), one below 400 the nearest lighter,
 * 400-500 the weights up to 500, then lighter, then heavier.
 */
export function matchWeight(available: number[], desired: number): number | undefined {
  const heavier = available.filter((w) => w >= desired).sort((a, b) => a - b);
  const lighter = available.filter((w) => w < desired).sort((a, b) => b - a);
  if (desired > 500) return heavier[0] ?? lighter[0];
  if (desired < 400) return available.filter((w) => w <= desired).sort((a, b) => b - a)[0] ?? heavier[0];
  const upTo500 = heavier.filter((w) => w <= 500);
  return upTo500[0] ?? lighter[0] ?? heavier[0];
}

let loading: Promise<Shaper> | undefined;

/** The worker's shaper: HarfBuzz's WebAssembly is instantiated once, on the first card. */
export function loadShaper(): Promise<Shaper> {
  loading ??= (async () => createShaper((await createRequire(import.meta.url)('harfbuzzjs')) as HarfBuzz))();
  return loading;
}

function createShaper(hb: HarfBuzz): Shaper {
  const faces = new WeakMap<ArrayBuffer, Face>();
  const face = (f: SatoriFont): Face => {
    let x = faces.get(f.data);
    if (!x) {
      const hbFace = hb.createFace(hb.createBlob(f.data), 0);
      x = { font: hb.createFont(hbFace), upem: hbFace.upem, unicodes: new Set(hbFace.collectUnicodes()) };
      faces.set(f.data, x);
    }
    return x;
  };

  /**
   * The faces satori searches for a grapheme, in its order: the stack's, then every other face
   * of the card's fonts (satori falls back to all it was given), each in the weight and style
   * it would pick for the request.
   */
  const searchOrders = new WeakMap<FontSet, Map<string, SatoriFont[]>>();
  const facesOf = (set: FontSet, family: string, weight: number, style: string): SatoriFont[] => {
    let bySet = searchOrders.get(set);
    if (!bySet) searchOrders.set(set, (bySet = new Map()));
    const key = `${family}\u0001${weight}\u0001${style}`;
    let list = bySet.get(key);
    if (!list) {
      const stack = family.split(', ');
      const others = [...new Set(set.fonts.map((f) => f.name))].filter((n) => !stack.includes(n));
      list = [];
      for (const name of [...stack, ...others]) {
        const named = set.fonts.filter((f) => f.name === name);
        const styled = named.filter((f) => f.style === style);
        const pool = styled.length ? styled : named;
        const w = matchWeight(pool.map((f) => f.weight), weight);
        const picked = pool.find((f) => f.weight === w);
        if (picked) list.push(picked);
      }
      bySet.set(key, list);
    }
    return list;
  };

  const shape = (f: SatoriFont, text: string, rtl: boolean, features: string | undefined): { advance: number; clusters: number } => {
    const { font, upem } = face(f);
    const buffer = hb.createBuffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    buffer.setDirection(rtl ? 'rtl' : 'ltr');
    hb.shape(font, buffer, features);
    const glyphs = buffer.json();
    buffer.destroy();
    let advance = 0;
    const clusters = new Set<number>();
    for (const g of glyphs) {
      advance += g.ax;
      clusters.add(g.cl);
    }
    return { advance: (advance / upem) * MEASURE_SIZE, clusters: clusters.size };
  };

  const measure = (r: MeasureRequest, set: FontSet, images: Record<string, string>): number => {
    const list = facesOf(set, r.font.family, r.font.weight, r.font.style ?? 'normal');
    const tracking = (r.font.tracking ?? 0) * MEASURE_SIZE;
    // Like browsers, satori sets no optional ligatures in letter-spaced text.
    const features = tracking ? 'liga=0,clig=0' : undefined;
    let width = 0;
    let run = '';
    let runFace: SatoriFont | undefined;
    const flush = () => {
      if (run && runFace) {
        const { advance, clusters } = shape(runFace, run, r.rtl, features);
        width += advance + tracking * clusters;
      }
      run = '';
    };
    for (const { segment } of graphemes.segment(r.text)) {
      if (images[segment]) {
        flush();
        width += MEASURE_SIZE;
        continue;
      }
      const cp = segment.codePointAt(0) ?? 0;
      // White space stays in the face of the text before it when that face has it.
      const f = runFace && /^\s+$/u.test(segment) && face(runFace).unicodes.has(cp) ? runFace : (list.find((x) => face(x).unicodes.has(cp)) ?? list[list.length - 1]);
      if (f !== runFace) flush();
      runFace = f;
      run += segment;
    }
    flush();
    return width;
  };

  return {
    measureInto(widths, requests, set, images) {
      for (const r of requests) {
        if (widths.size >= MAX_WIDTHS) widths.delete(widths.keys().next().value as string);
        widths.set(widthKey(r), measure(r, set, images));
      }
    },
  };
}
