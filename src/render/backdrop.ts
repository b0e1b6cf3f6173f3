/**
 * A card's gradient background is drawn once per worker, not once per card. tiny-skia fills a
 * 1200×630 linear gradient in ~5 ms, a third of resvg's time on the `standard` card, and that
 * background is the same for every story of a template, preset and brand. So the SVG is cut in
 * two: the backdrop (the leading full paints: background colour and gradient) is rasterized
 * once and kept as pixels; the rest (text, rules, photo) is rasterized on a transparent
 * canvas and composited over it with source-over, which is associative, so the result is the
 * one-pass picture up to rounding (test/render-backdrop.test.ts: no channel moves by more than
 * one level of 255, for every fixture, template and preset).
 *
 * Pure: SVG text in, SVG text out; pixels in, pixels out. pipeline.ts caches and renders.
 */

/** Non-drawing top-level elements: they may hold ids the rest refers to, so both halves keep them. */
const DEFINITION = /^<(defs|mask|clipPath)\b[^>]*>([\s\S]*?)<\/\1>/;

/** A plain painted rectangle and nothing else (no opacity, mask, clip or transform). */
const PAINT = /^<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="([^"]*)"\/>/;

/**
 * Anything whose pixels depend on what is already under it, where drawing on a transparent
 * canvas first would give another result than drawing on the backdrop.
 */
const READS_BACKDROP = /mix-blend-mode|<filter\b|\bfilter=|isolation|enable-background|BackgroundImage/;

export interface Backdrop {
  /** The backdrop alone, as a complete SVG document. */
  backdrop: string;
  /** Everything else, with the backdrop's definitions but not its paints. */
  rest: string;
}

/**
 * Splits satori's SVG after its leading backdrop, or null where that would not pay or not be
 * exact: no gradient among the leading paints (a flat fill costs less than compositing), a
 * definition with one of its own kind nested inside, or content that blends with what is below.
 */
export function splitBackdrop(svg: string): Backdrop | null {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open || !svg.endsWith('</svg>')) return null;
  let at = open[0].length;
  let defs = '';
  // The backdrop ends at its last paint: definitions after it belong to the text boxes that
  // follow (satori's overflow masks carry each story's own box sizes), and in the backdrop
  // they would make every story's backdrop a different one to cache.
  let end = -1;
  let defsAtEnd = '';
  let gradient = false;
  for (;;) {
    const tail = svg.slice(at, at + 4096);
    const def = DEFINITION.exec(tail);
    if (def) {
      if (def[2].includes(`<${def[1]}`)) return null;
      defs += def[0];
      at += def[0].length;
      continue;
    }
    const paint = PAINT.exec(tail);
    if (!paint) break;
    gradient ||= paint[1].startsWith('url(#');
    at += paint[0].length;
    end = at;
    defsAtEnd = defs;
  }
  if (!gradient) return null;
  const rest = svg.slice(end);
  if (READS_BACKDROP.test(rest)) return null;
  return { backdrop: `${svg.slice(0, end)}</svg>`, rest: `${open[0]}${defsAtEnd}${rest}` };
}

/**
 * `top` over `bottom`, in place into `top`: premultiplied RGBA (as resvg renders), source-over,
 * out = top + bottom × (255 − top alpha) / 255 per channel. Most of a card's foreground pixels
 * are fully transparent (take the backdrop) or opaque (keep); the rest blend two channels per
 * 32-bit multiply, with the exact rounding of x / 255. ~1.2 ms for 1200×630.
 */
export function compositeOver(top: Uint8Array, bottom: Uint8Array): void {
  if (top.length !== bottom.length || top.length % 4 !== 0) throw new Error(`compositeOver: ${top.length} and ${bottom.length} bytes of RGBA`);
  const aligned = (b: Uint8Array) => b.byteOffset % 4 === 0;
  if (!aligned(top) || !aligned(bottom)) throw new Error('compositeOver: pixel buffers must be 4-byte aligned');
  const t = new Int32Array(top.buffer, top.byteOffset, top.length >> 2);
  const b = new Int32Array(bottom.buffer, bottom.byteOffset, bottom.length >> 2);
  for (let p = 0; p < t.length; p++) {
    const v = t[p];
    if (v === 0) {
      t[p] = b[p];
      continue;
    }
    const a = v >>> 24;
    if (a === 255) continue;
    const k = 255 - a;
    const w = b[p];
    // Channels 0 and 2, then 1 and 3, as two 16-bit lanes: x / 255 rounded = (x + 128 + ((x + 128) >> 8)) >> 8.
    let even = (w & 0x00ff00ff) * k + 0x00800080;
    even = ((even + ((even >>> 8) & 0x00ff00ff)) >>> 8) & 0x00ff00ff;
    let odd = ((w >>> 8) & 0x00ff00ff) * k + 0x00800080;
    odd = ((odd + ((odd >>> 8) & 0x00ff00ff)) >>> 8) & 0x00ff00ff;
    // Premultiplied: each channel of top is at most its alpha, so no lane can carry into the next.
    t[p] = (v + (even | (odd << 8))) | 0;
  }
}
