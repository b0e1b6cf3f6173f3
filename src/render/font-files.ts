/**
 * Reads the character map of a WOFF 1.0 / TTF / OTF font: which code points it has glyphs for.
 * The font manifest (fonts/manifest.json) is built from it, so coverage checks and on-demand
 * loading use what the font really contains, not the unicode-range a CSS file claims.
 * https://www.w3.org/TR/WOFF/ and https://learn.microsoft.com/typography/opentype/spec/cmap
 */
import { inflateSync } from 'node:zlib';
import { SharecardError } from '../core/errors.js';

/** Inclusive code point ranges, sorted and merged. */
export type Ranges = [number, number][];

function tables(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const sig = data.toString('latin1', 0, 4);
  if (sig === 'wOFF') {
    const numTables = data.readUInt16BE(12);
    for (let i = 0; i < numTables; i++) {
      const o = 44 + i * 20;
      const tag = data.toString('latin1', o, o + 4);
      const offset = data.readUInt32BE(o + 4);
      const compLength = data.readUInt32BE(o + 8);
      const origLength = data.readUInt32BE(o + 12);
      const raw = data.subarray(offset, offset + compLength);
      out.set(tag, compLength < origLength ? inflateSync(raw) : raw);
    }
    return out;
  }
  if (sig === '\0\x01\0\0' || sig === 'OTTO' || sig === 'true') {
    const numTables = data.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const o = 12 + i * 16;
      const tag = data.toString('latin1', o, o + 4);
      const offset = data.readUInt32BE(o + 8);
      const length = data.readUInt32BE(o + 12);
      out.set(tag, data.subarray(offset, offset + length));
    }
    return out;
  }
  throw new SharecardError('internal', `Unsupported font format (signature ${JSON.stringify(sig)}); use WOFF, TTF or OTF`);
}

/**
 * The font as a bare TrueType/OpenType file (sfnt) in an ArrayBuffer of its own, decompressing
 * WOFF. What satori gets: handed a WOFF Buffer, it copies the file, has opentype.js inflate its
 * tables, and keeps a second, inflated copy for shaping, for every font in every worker (the
 * file ~4 times over). Handed an ArrayBuffer holding an sfnt, it parses that memory in place
 * and keeps no copy; the inflating is done once, here, when a worker first needs the font.
 */
export function toSfnt(data: Buffer): ArrayBuffer {
  const sig = data.toString('latin1', 0, 4);
  if (sig !== 'wOFF') return new Uint8Array(data).buffer as ArrayBuffer;
  const all = [...tables(data)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const n = all.length;
  const headerSize = 12 + 16 * n;
  const size = all.reduce((sum, [, t]) => sum + ((t.length + 3) & ~3), headerSize);
  const out = Buffer.alloc(size);
  const log2 = Math.floor(Math.log2(n));
  out.writeUInt32BE(data.readUInt32BE(4), 0); // flavor: 0x00010000 (TrueType) or 'OTTO'
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(16 << log2, 6); // searchRange
  out.writeUInt16BE(log2, 8); // entrySelector
  out.writeUInt16BE(n * 16 - (16 << log2), 10); // rangeShift
  let offset = headerSize;
  all.forEach(([tag, table], i) => {
    const entry = 12 + 16 * i;
    table.copy(out, offset);
    let sum = 0;
    for (let o = offset; o < offset + table.length; o += 4) sum = (sum + out.readUInt32BE(o)) >>> 0;
    out.write(tag, entry, 'latin1');
    out.writeUInt32BE(sum, entry + 4);
    out.writeUInt32BE(offset, entry + 8);
    out.writeUInt32BE(table.length, entry + 12);
    offset += (table.length + 3) & ~3;
  });
  return out.buffer;
}

/**
 * The font's ascender and descender (hhea, as a fraction of the em, descender positive): how far
 * its glyphs reach above and below the baseline. Myanmar reaches 1.32 up and 0.86 down, Inter
 * 0.97 and 0.24, so a line height that suits Latin lets Myanmar lines touch.
 */
export function readVerticalMetrics(data: Buffer): { ascent: number; descent: number } {
  const all = tables(data);
  const head = all.get('head');
  const hhea = all.get('hhea');
  if (!head || !hhea) throw new SharecardError('internal', 'Font has no head or hhea table');
  const unitsPerEm = head.readUInt16BE(18);
  const round = (n: number) => Math.round((n / unitsPerEm) * 1000) / 1000;
  return { ascent: round(hhea.readInt16BE(4)), descent: round(-hhea.readInt16BE(6)) };
}

/** Code points mapped to a non-zero glyph, from the best Unicode cmap subtable (format 12 or 4). */
export function readCoverage(data: Buffer): Ranges {
  const cmap = tables(data).get('cmap');
  if (!cmap) throw new SharecardError('internal', 'Font has no cmap table');
  const n = cmap.readUInt16BE(2);
  let best: { offset: number; format: number } | null = null;
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (!best || (format === 12 && best.format !== 12)) best = { offset, format };
  }
  if (!best) throw new SharecardError('internal', 'Font has no Unicode cmap subtable');
  const points: number[] = [];
  const t = cmap.subarray(best.offset);
  if (best.format === 12) {
    const groups = t.readUInt32BE(12);
    for (let g = 0; g < groups; g++) {
      const start = t.readUInt32BE(16 + g * 12);
      const end = t.readUInt32BE(20 + g * 12);
      const glyph = t.readUInt32BE(24 + g * 12);
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) points.push(c);
    }
  } else {
    const segX2 = t.readUInt16BE(6);
    const ends = 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = t.readUInt16BE(ends + s * 2);
      const start = t.readUInt16BE(starts + s * 2);
      const delta = t.readInt16BE(deltas + s * 2);
      const ro = t.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (ro === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + ro + (c - start) * 2;
          glyph = at + 1 < t.length ? t.readUInt16BE(at) : 0;
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) points.push(c);
      }
    }
  }
  return toRanges(points);
}

export function toRanges(points: number[]): Ranges {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const out: Ranges = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else out.push([p, p]);
  }
  return out;
}

/** Binary search: is `cp` inside one of the sorted ranges? */
export function inRanges(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}
