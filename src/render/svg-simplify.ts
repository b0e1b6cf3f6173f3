/**
 * Rewrites three constructs of satori's SVG into cheaper ones that draw the same pixels, before
 * resvg rasterizes it ("the same": no channel moves by more than one level of 255, where
 * tiny-skia rounds the rewritten paint differently; test/render-simplify.test.ts checks every
 * fixture, template and preset). resvg gives every `mask` and every `pattern` its own canvas-sized
 * layer (allocate, clear, draw, composite: several megabytes each for a 1200×630 card), and
 * satori emits both where a clip or a plain gradient would do:
 *
 * - `overflow: hidden` gets a `mask` that is one opaque white rectangle (the element's border
 *   box) and, on the same group, a `clip-path` to the padding box, which lies inside it. The
 *   mask then removes nothing the clip has not already removed, so it is dropped.
 * - A `backgroundImage` gradient is wrapped in a one-tile `pattern` holding a rectangle filled
 *   with the gradient. When the tile is exactly the filled rectangle's box, filling that
 *   rectangle with the gradient itself is the same paint, so the pattern is bypassed.
 * - A linear gradient whose first (or last) stops share one colour paints that colour all the
 *   way to the last of them, and `pad` paints it beyond: moving the gradient's start (end)
 *   point onto that stop and dropping the others is the same paint. tiny-skia draws a
 *   two-stop gradient on its fast path (~3 ms less on the `standard` card's background).
 *
 * Anything that does not match these exact shapes is left alone: rounded masks, masks with
 * more than one child (borders), images' patterns.
 * https://github.com/vercel/satori/blob/main/src/builder/overflow.ts
 * https://github.com/vercel/satori/blob/main/src/builder/background-image.ts
 */

/** A number as satori writes it: JavaScript's shortest form, exponents included (-5.2e-16). */
const NUM = String.raw`-?\d+(?:\.\d+)?(?:e[-+]?\d+)?`;

/** `<mask id="…"><rect x y width height fill="#fff"/></mask>`: a plain opaque rectangle. */
const PLAIN_MASK = new RegExp(String.raw`<mask id="([^"]+)"><rect x="${NUM}" y="${NUM}" width="${NUM}" height="${NUM}" fill="#fff"/></mask>`, 'g');

/** A one-tile pattern holding only a gradient and a rectangle at the origin painted with it. */
const GRADIENT_PATTERN = new RegExp(
  String.raw`<pattern id="([^"]+)" x="0" y="0" width="1" height="1" patternUnits="objectBoundingBox">(<linearGradient id="([^"]+)"[^>]*>(?:<stop [^>]*/>)*</linearGradient>|<radialGradient id="([^"]+)"[^>]*>(?:<stop [^>]*/>)*</radialGradient>)<rect x="0" y="0" width="(${NUM})" height="(${NUM})" fill="url\(#(\3|\4)\)"/></pattern>`,
  'g',
);

/** `<linearGradient … x1 y1 x2 y2 …>` with its stops, as satori writes it. */
const LINEAR_GRADIENT = new RegExp(
  String.raw`<linearGradient id="([^"]+)" x1="(${NUM})" y1="(${NUM})" x2="(${NUM})" y2="(${NUM})"( spreadMethod="pad")?>((?:<stop [^>]*/>)+)</linearGradient>`,
  'g',
);
const STOP = /<stop offset="(-?\d+(?:\.\d+)?)(%?)"([^>]*)\/>/g;

/** The gradient with runs of one colour at either end folded into its end points, or null. */
function foldGradientEnds(id: string, p1: [number, number], p2: [number, number], spread: string, stopsXml: string): string | null {
  const stops = [...stopsXml.matchAll(STOP)].map((m) => ({ offset: Number(m[1]) / (m[2] ? 100 : 1), paint: m[3] }));
  // Anything unusual (offsets out of order or range, attributes other than offset first) is left alone.
  if (stops.length < 3) return null;
  if (stops.some((x, i) => x.offset < 0 || x.offset > 1 || (i > 0 && x.offset < stops[i - 1].offset))) return null;
  if (stopsXml.replace(STOP, '') !== '') return null;
  let first = 0;
  while (first + 1 < stops.length && stops[first + 1].paint === stops[0].paint) first++;
  let last = stops.length - 1;
  while (last - 1 > first && stops[last - 1].paint === stops[stops.length - 1].paint) last--;
  const a = stops[first].offset;
  const b = stops[last].offset;
  if ((first === 0 && last === stops.length - 1) || !(b > a)) return null;
  const at = (t: number) => [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])];
  const [x1, y1] = at(a);
  const [x2, y2] = at(b);
  const kept = stops.slice(first, last + 1).map((x, i, all) => {
    const offset = i === 0 ? 0 : i === all.length - 1 ? 1 : (x.offset - a) / (b - a);
    return `<stop offset="${offset}"${x.paint}/>`;
  });
  return `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"${spread}>${kept.join('')}</linearGradient>`;
}

/** `<g mask="url(#…)" clip-path="url(#…)">`: a group with both a mask and a clip. */
const MASKED_GROUP = /<g mask="url\(#([^)"]+)\)"( clip-path="url\(#[^)"]+\)")>/g;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The gradient element with equal-colour end stops folded, when it is a linear one that has them. */
function foldGradient(xml: string): string {
  return xml.replace(LINEAR_GRADIENT, (whole, id: string, x1: string, y1: string, x2: string, y2: string, spread: string | undefined, stops: string) =>
    foldGradientEnds(id, [Number(x1), Number(y1)], [Number(x2), Number(y2)], spread ?? '', stops) ?? whole,
  );
}

/**
 * The simplified SVG as consecutive pieces: slices of the input with the rewritten elements
 * between them. Edits are found in the input and applied in one pass: each full copy of a
 * card's ~160 KB SVG is a new large object in V8 (fresh pages: ~40 faults, 0.6 ms on the
 * benchmark VM); rewriting it step by step made four. The pipeline writes the pieces straight
 * into a reused buffer for resvg ({@link svgBytes}), so no copy is made at all.
 */
export function simplifySvgParts(svg: string): string[] {
  const edits: Edit[] = [];
  const edit = (m: RegExpMatchArray, text: string): Edit => ({ start: m.index as number, end: (m.index as number) + m[0].length, text });

  const plainMasks = new Set<string>();
  for (const m of svg.matchAll(PLAIN_MASK)) plainMasks.add(m[1]);
  if (plainMasks.size) {
    for (const m of svg.matchAll(MASKED_GROUP)) if (plainMasks.has(m[1])) edits.push(edit(m, `<g${m[2]}>`));
  }

  const bypassed: Edit[] = [];
  for (const m of svg.matchAll(GRADIENT_PATTERN)) {
    const [, patternId, gradient, linearId, radialId, w, hgt] = m;
    const gradientId = linearId ?? radialId;
    // In user space the gradient would move with the tile's origin; only bounding-box units map 1:1.
    if (/gradientUnits="userSpaceOnUse"/.test(gradient)) continue;
    // Only the users whose box is the tile itself: same size (the tile is their bounding box).
    const user = new RegExp(String.raw`<rect x="(${NUM})" y="(${NUM})" width="${w}" height="${hgt}" fill="url\(#${patternId}\)"/>`, 'g');
    const users = [...svg.matchAll(user)];
    const refs = svg.split(`url(#${patternId})`).length - 1;
    if (users.length === 0 || users.length !== refs) continue;
    bypassed.push(edit(m, foldGradient(gradient)));
    for (const u of users) edits.push(edit(u, `<rect x="${u[1]}" y="${u[2]}" width="${w}" height="${hgt}" fill="url(#${gradientId})"/>`));
  }
  edits.push(...bypassed);

  for (const m of svg.matchAll(LINEAR_GRADIENT)) {
    const start = m.index as number;
    // A bypassed pattern's gradient was folded with it.
    if (bypassed.some((b) => start >= b.start && start < b.end)) continue;
    const folded = foldGradient(m[0]);
    if (folded !== m[0]) edits.push(edit(m, folded));
  }

  if (!edits.length) return [svg];
  edits.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const e of edits) {
    // The shapes above are disjoint elements; an overlap would mean a misread, so keep the input.
    if (e.start < pos) return [svg];
    parts.push(svg.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(svg.slice(pos));
  return parts;
}

/** The simplified SVG as one string (tests; the pipeline uses {@link svgBytes}). */
export function simplifySvg(svg: string): string {
  return simplifySvgParts(svg).join('');
}

/**
 * The pieces as UTF-8 in a buffer kept for the next call (a view of it: use it before calling
 * again). resvg reads a Buffer as it is; a string it would copy to UTF-8 itself.
 */
let scratch = Buffer.alloc(0);

export function svgBytes(parts: string[]): Buffer {
  let size = 0;
  for (const p of parts) size += Buffer.byteLength(p, 'utf8');
  if (scratch.length < size) scratch = Buffer.alloc(Math.max(size, scratch.length * 2, 256 * 1024));
  let at = 0;
  for (const p of parts) at += scratch.write(p, at, 'utf8');
  return scratch.subarray(0, at);
}
