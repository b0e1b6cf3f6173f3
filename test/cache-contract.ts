/**
 * The RenderCache contract, as a reusable suite: every implementation (memory, disk, tiered,
 * Redis) runs the same cases through the public interface only.
 *
 * @example
 *   runCacheContract('redis', ({ maxBytes }) => createRedisCache({ url, prefix: randomPrefix(), maxBytes }), { bounded: false });
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CachedCard, RenderCache } from '../src/cache/types.js';

export interface CacheContractOptions {
  /**
   * Whether the cache enforces `maxBytes` itself (memory, disk, tiered). A Redis cache bounded
   * by the server's `maxmemory` policy passes false and skips those cases.
   */
  bounded?: boolean;
}

export type MakeCache = (options: { maxBytes: number }) => RenderCache | Promise<RenderCache>;

function card(body: Buffer | string, n = 0, contentType: CachedCard['contentType'] = 'image/png'): CachedCard {
  return { body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType, etag: `"etag-${n}"` };
}

export function runCacheContract(name: string, makeCache: MakeCache, options: CacheContractOptions = {}): void {
  const bounded = options.bounded ?? true;

  describe(`RenderCache contract: ${name}`, () => {
    const open: RenderCache[] = [];
    async function make(maxBytes = 8 * 1024 * 1024): Promise<RenderCache> {
      const cache = await makeCache({ maxBytes });
      open.push(cache);
      return cache;
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((c) => c.close()));
    });

    it('has a name', async () => {
      const cache = await make();
      expect(typeof cache.name).toBe('string');
      expect(cache.name.length).toBeGreaterThan(0);
    });

    it('returns null for a missing key', async () => {
      const cache = await make();
      expect(await cache.get('never-set')).toBeNull();
    });

    it('returns what was set, with content type and ETag', async () => {
      const cache = await make();
      const value = card('hello card', 1, 'image/jpeg');
      await cache.set('k1', value);
      const got = await cache.get('k1');
      expect(got).not.toBeNull();
      expect(got!.body.equals(value.body)).toBe(true);
      expect(got!.contentType).toBe('image/jpeg');
      expect(got!.etag).toBe('"etag-1"');
    });

    it('overwrites a key', async () => {
      const cache = await make();
      await cache.set('k', card('first', 1));
      await cache.set('k', card('second, longer than the first', 2, 'image/jpeg'));
      const got = await cache.get('k');
      expect(got!.body.toString()).toBe('second, longer than the first');
      expect(got!.etag).toBe('"etag-2"');
      expect(got!.contentType).toBe('image/jpeg');
    });

    it('deletes a key, and deleting a missing key is fine', async () => {
      const cache = await make();
      await cache.set('gone', card('x'));
      await cache.set('kept', card('y'));
      await cache.delete('gone');
      await cache.delete('never-there');
      expect(await cache.get('gone')).toBeNull();
      expect((await cache.get('kept'))!.body.toString()).toBe('y');
    });

    it('keeps bodies byte for byte (every byte value, random data, header look-alikes, empty)', async () => {
      const cache = await make();
      const bodies: Record<string, Buffer> = {
        allBytes: Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
        random: randomBytes(200_000),
        headerLike: Buffer.from('SCRC\x01\x00\x00\x00\x10{"k":"x","n":1}\r\n\r\n\0', 'latin1'),
        invalidUtf8: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x00]),
        empty: Buffer.alloc(0),
      };
      for (const [k, body] of Object.entries(bodies)) await cache.set(k, card(body));
      for (const [k, body] of Object.entries(bodies)) {
        const got = await cache.get(k);
        expect(got, k).not.toBeNull();
        expect(got!.body.equals(body), k).toBe(true);
      }
    });

    it('keeps distinct keys apart, whatever characters they hold', async () => {
      const cache = await make();
      const keys = ['a', 'A', 'a/b', '../../etc/passwd', 'ключ', 'مفتاح', '🔑', 'x'.repeat(2000), 'k\0null', ' ', 'a:b|c'];
      for (const [i, k] of keys.entries()) await cache.set(k, card(`body-${i}`, i));
      for (const [i, k] of keys.entries()) {
        const got = await cache.get(k);
        expect(got?.body.toString(), JSON.stringify(k)).toBe(`body-${i}`);
        expect(got?.etag).toBe(`"etag-${i}"`);
      }
    });

    it('stores a copy: changing the buffer after set does not change the entry', async () => {
      const cache = await make();
      const body = Buffer.from('original');
      await cache.set('copy', card(body));
      body.fill(0x21);
      expect((await cache.get('copy'))!.body.toString()).toBe('original');
    });

    it('concurrent writes of one key leave one whole value', async () => {
      const cache = await make();
      const values = Array.from({ length: 8 }, (_, i) => Buffer.alloc(10_000 + i * 1000, i + 1));
      await Promise.all(values.map((v, i) => cache.set('race', card(v, i))));
      const got = await cache.get('race');
      expect(got).not.toBeNull();
      const i = values.findIndex((v) => v.equals(got!.body));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(got!.etag).toBe(`"etag-${i}"`);
    });

    it('close resolves', async () => {
      const cache = await makeCache({ maxBytes: 1024 * 1024 });
      await cache.set('x', card('x'));
      await expect(cache.close()).resolves.toBeUndefined();
    });

    if (bounded) {
      it('honours the byte bound: what it still returns fits in maxBytes, and the newest entry is kept', async () => {
        const maxBytes = 64 * 1024;
        const cache = await make(maxBytes);
        const size = 4 * 1024;
        const n = 64; // 4× the budget
        for (let i = 0; i < n; i++) await cache.set(`bound-${i}`, card(Buffer.alloc(size, i), i));
        let kept = 0;
        for (let i = 0; i < n; i++) {
          const got = await cache.get(`bound-${i}`);
          if (got) {
            expect(got.body.equals(Buffer.alloc(size, i))).toBe(true);
            kept += got.body.length;
          }
        }
        expect(kept).toBeLessThanOrEqual(maxBytes);
        expect(kept).toBeGreaterThan(0);
        expect(await cache.get(`bound-${n - 1}`)).not.toBeNull();
      });

      it('does not keep an entry larger than the whole budget, and stays usable', async () => {
        const cache = await make(16 * 1024);
        await cache.set('small', card('small'));
        await cache.set('huge', card(Buffer.alloc(64 * 1024, 7)));
        expect(await cache.get('huge')).toBeNull();
        await cache.set('after', card('after'));
        expect((await cache.get('after'))!.body.toString()).toBe('after');
      });

      it('a zero budget stores nothing and never fails', async () => {
        const cache = await make(0);
        await cache.set('x', card('x'));
        expect(await cache.get('x')).toBeNull();
        await cache.delete('x');
      });
    }
  });
}
