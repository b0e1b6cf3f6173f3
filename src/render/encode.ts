/**
 * Encodes resvg's pixels within the preset's byte budget. PNG first as lossless truecolour
 * (png.ts); a photo that comes out over budget is quantized to a palette (libimagequant),
 * with fewer colours until it fits. JPEG steps its quality down the same way. Encoders are
 * deterministic: the same pixels give the same bytes.
 * Budgets: WhatsApp drops previews over ~300 KB, Bluesky thumbs over 1,000,000 bytes.
 */
import sharp, { type Sharp } from 'sharp';
import type { ImageFormat } from '../core/presets.js';
import { encodeRgbPng } from './png.js';

export interface Encoded {
  body: Buffer;
  /** Which step produced it (for logs and tests). */
  step: string;
}

type Step = { step: string; encode: (pixels: Buffer, width: number, height: number) => Buffer | Promise<Buffer> };

const viaSharp =
  (apply: (s: Sharp) => Sharp): Step['encode'] =>
  (pixels, width, height) =>
    apply(sharp(pixels, { raw: { width, height, channels: 4 } }).removeAlpha()).toBuffer();

/**
 * Steps tried in order until one fits the budget. Measured on the fixtures (1200x630):
 * truecolour PNG (png.ts: zlib level 3 on the worker's thread) takes ~5 ms for a flat card
 * (~70 KB; sharp at level 6 took 11 ms for ~63 KB, level 9 with adaptive filtering ~6× longer);
 * a full-bleed photo needs a palette (~200 KB in ~300 ms at effort 1; higher efforts and
 * dithering were larger and slower).
 */
function steps(format: ImageFormat, photo: boolean): Step[] {
  if (format === 'jpg') {
    return [85, 75, 65, 55].map((quality) => ({ step: `jpeg-q${quality}`, encode: viaSharp((s) => s.jpeg({ quality, mozjpeg: true, chromaSubsampling: '4:2:0' })) }));
  }
  const palette = (quality: number, colours: number): Step => ({
    step: `png-palette-q${quality}-c${colours}`,
    encode: viaSharp((s) => s.png({ compressionLevel: 9, palette: true, quality, colours, effort: 1, dither: 0 })),
  });
  const truecolour: Step = { step: 'png', encode: encodeRgbPng };
  const quantized = [palette(90, 256), palette(75, 256), palette(60, 128), palette(45, 64)];
  // A photo card never fits as truecolour PNG (~0.9-1.5 MB): skip the wasted attempt.
  return photo ? quantized : [truecolour, ...quantized];
}

export async function encodeImage(
  pixels: Buffer,
  width: number,
  height: number,
  format: ImageFormat,
  maxBytes: number,
  options: { photo?: boolean } = {},
): Promise<Encoded> {
  let smallest: Encoded | null = null;
  for (const { step, encode } of steps(format, options.photo ?? false)) {
    const body = await encode(pixels, width, height);
    if (!smallest || body.length < smallest.body.length) smallest = { body, step };
    if (body.length <= maxBytes) return { body, step };
  }
  return smallest as Encoded;
}
