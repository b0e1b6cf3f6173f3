/**
 * The truecolour PNG writer (src/render/png.ts): decoded by an independent decoder (sharp /
 * libspng), it gives back exactly the pixels it was handed; its chunks are well formed with
 * valid CRCs; widths that are not a multiple of four take the byte-by-byte tail.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeRgbPng } from '../src/render/png.js';

/** Opaque RGBA noise: every byte pattern, no long runs for the encoder to lean on. */
function noise(width: number, height: number, seed: number): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < px.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    px[i] = (i & 3) === 3 ? 255 : s & 0xff;
  }
  return px;
}

function chunks(png: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const out = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    out.push({ type, data, crcOk: crc32(png.subarray(at + 4, at + 8 + length)) === png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('encodeRgbPng', () => {
  for (const [width, height] of [
    [1200, 630],
    [7, 5],
    [1, 1],
    [13, 3],
  ]) {
    it(`round-trips ${width}×${height} exactly`, async () => {
      const rgba = noise(width, height, width * 31 + height);
      const png = encodeRgbPng(rgba, width, height);
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([width, height, 3]);
      const rgb = Buffer.alloc(width * height * 3);
      for (let p = 0; p < width * height; p++) rgba.subarray(p * 4, p * 4 + 3).forEach((v, c) => (rgb[p * 3 + c] = v));
      expect(data.equals(rgb)).toBe(true);
      const parsed = chunks(png);
      expect(parsed.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      expect(parsed.every((c) => c.crcOk)).toBe(true);
      expect([...parsed[0].data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    });
  }

  it('takes pixels that do not start on a 4-byte boundary', async () => {
    const rgba = noise(9, 4, 5);
    const shifted = new Uint8Array(rgba.length + 1).subarray(1);
    shifted.set(rgba);
    expect(encodeRgbPng(shifted, 9, 4).equals(encodeRgbPng(rgba, 9, 4))).toBe(true);
  });

  it('refuses a buffer of the wrong size instead of writing a corrupt image', () => {
    expect(() => encodeRgbPng(new Uint8Array(10), 2, 2)).toThrow(/expected 16 bytes of RGBA, got 10/);
  });
});
