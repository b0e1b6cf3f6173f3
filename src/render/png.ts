/**
 * A truecolour PNG writer for resvg's pixels, run on the worker's own thread.
 *
 * Why not sharp for this step: handing 3 MB of pixels to libvips and dropping the alpha there
 * costs ~5.5 ms before any compression, and the deflate then runs on libuv's thread pool, a
 * second core per worker. Here the alpha is dropped in one pass and zlib (node's, with SIMD)
 * deflates at level 3, the fastest level that still finds long matches in flat areas.
 * Measured on the reference card (1200×630): 7 ms and ~72 KB, against sharp's 11 ms and
 * ~63 KB at level 6; levels 4-6 take 10-13 ms here.
 *
 * Rows use filter type 0 (none): a card is mostly flat colour and anti-aliased text, where
 * sub/up/paeth compressed 30-50% worse at the same level.
 * Cards are opaque (every template paints a background), so the alpha channel carries nothing.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const LEVEL = 3;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Filter-0 scanlines of RGB from RGBA. Each run of four pixels (16 bytes) is read as four
 * 32-bit words and written as three into a 4-byte-aligned row buffer; the rows are then copied
 * behind their filter bytes. ~4× faster than byte by byte in V8.
 *
 * The result is a view of a buffer kept for the next call: a fresh 2 MB buffer costs more in
 * page faults than the conversion itself. Use it before calling again (deflateSync does).
 */
let scratch = Buffer.alloc(0);

function rgbScanlines(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  if (scratch.length < stride * height) scratch = Buffer.alloc(stride * height);
  const out = scratch.subarray(0, stride * height);
  const quads = width >> 2;
  const row = new Uint8Array(Math.ceil((width * 3) / 4) * 4);
  const row32 = new Uint32Array(row.buffer);
  const src = rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height) : new Uint32Array(Uint8Array.from(rgba).buffer);
  for (let y = 0; y < height; y++) {
    let p = y * width;
    // Little-endian words: 0xAABBGGRR.
    for (let q = 0, o = 0; q < quads; q++, p += 4, o += 3) {
      const a = src[p];
      const b = src[p + 1];
      const c = src[p + 2];
      const d = src[p + 3];
      row32[o] = (a & 0xffffff) | (b << 24);
      row32[o + 1] = ((b >>> 8) & 0xffff) | (c << 16);
      row32[o + 2] = ((c >>> 16) & 0xff) | (d << 8);
    }
    for (let x = quads * 4; x < width; x++, p++) {
      const v = src[p];
      row[x * 3] = v & 0xff;
      row[x * 3 + 1] = (v >>> 8) & 0xff;
      row[x * 3 + 2] = (v >>> 16) & 0xff;
    }
    out[y * stride] = 0; // filter type: none
    out.set(row.subarray(0, width * 3), y * stride + 1);
  }
  return out;
}

/** Encodes opaque RGBA pixels as an 8-bit RGB PNG (colour type 2, no interlace). */
export function encodeRgbPng(rgba: Uint8Array, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodeRgbPng: expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  // compression 0 (deflate), filter method 0, interlace 0: bytes 10-12 stay 0
  const idat = deflateSync(rgbScanlines(rgba, width, height), { level: LEVEL });
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
