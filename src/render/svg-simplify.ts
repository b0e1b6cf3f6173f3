/**
 * Rewrites two constructs of satori's SVG into cheaper ones that draw the same pixels, before
 * resvg rasterizes it. resvg gives every `mask` and every `pattern` its own canvas-sized
 * layer (allocate, clear, draw, composite: several megabytes each for a 1200×630 card), and
 * satori emits both where a clip or a plain gradient would do:
 *
 * - `overflow: hidden` gets a `mask` that is one opaque white rectangle (the element's border
 *   box) and, on the same group, a `clip-path` to the padding box, which lies inside it. The
 *   mask then removes nothing the clip has not already removed, so it is dropped.
 * - A `backgroundImage` gradient is wrapped in a one-tile `pattern` holding a rectangle filled
 *   with the gradient. When the tile is exactly the filled rectangle's box, filling that
 *   rectangle with the gradient itself is the same paint, so the pattern is bypassed.
 *
 * Anything that does not match these exact shapes is left alone: rounded masks, masks with
 * more than one child (borders), images' patterns.
 * https://github.com/vercel/satori/blob/main/src/builder/overflow.ts
 * https://github.com/vercel/satori/blob/main/src/builder/background-image.ts
 */

const NUM = String.raw`-?\d+(?:\.\d+)?`;

/** `<mask id="…"><rect x y width height fill="#fff"/></mask>`: a plain opaque rectangle. */
const PLAIN_MASK = new RegExp(String.raw`<mask id="([^"]+)"><rect x="${NUM}" y="${NUM}" width="${NUM}" height="${NUM}" fill="#fff"/></mask>`, 'g');

/** A one-tile pattern holding only a gradient and a rectangle at the origin painted with it. */
const GRADIENT_PATTERN = new RegExp(
  String.raw`<pattern id="([^"]+)" x="0" y="0" width="1" height="1" patternUnits="objectBoundingBox">(<linearGradient id="([^"]+)"[^>]*>(?:<stop [^>]*/>)*</linearGradient>|<radialGradient id="([^"]+)"[^>]*>(?:<stop [^>]*/>)*</radialGradient>)<rect x="0" y="0" width="(${NUM})" height="(${NUM})" fill="url\(#(\3|\4)\)"/></pattern>`,
  'g',
);

export function simplifySvg(svg: string): string {
  let out = svg;

  const plainMasks = new Set<string>();
  for (const m of out.matchAll(PLAIN_MASK)) plainMasks.add(m[1]);
  if (plainMasks.size) {
    out = out.replace(/<g mask="url\(#([^)"]+)\)"( clip-path="url\(#[^)"]+\)")>/g, (whole, id: string, clip: string) => (plainMasks.has(id) ? `<g${clip}>` : whole));
  }

  for (const m of svg.matchAll(GRADIENT_PATTERN)) {
    const [whole, patternId, gradient, linearId, radialId, w, hgt] = m;
    const gradientId = linearId ?? radialId;
    // In user space the gradient would move with the tile's origin; only bounding-box units map 1:1.
    if (/gradientUnits="userSpaceOnUse"/.test(gradient)) continue;
    // Only the users whose box is the tile itself: same size (the tile is their bounding box).
    const user = new RegExp(String.raw`<rect x="(${NUM})" y="(${NUM})" width="${w}" height="${hgt}" fill="url\(#${patternId}\)"/>`, 'g');
    const users = [...out.matchAll(user)].length;
    const refs = out.split(`url(#${patternId})`).length - 1;
    if (users === 0 || users !== refs) continue;
    out = out.replace(whole, gradient).replace(user, (_u, x: string, y: string) => `<rect x="${x}" y="${y}" width="${w}" height="${hgt}" fill="url(#${gradientId})"/>`);
  }
  return out;
}
