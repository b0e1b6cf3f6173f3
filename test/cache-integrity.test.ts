/**
 * Issue 31, item 1: a damaged render-cache entry is a miss in every tier, never a 500 and
 * never a changed ETag or content type. Each case flips bytes of a stored entry the way a bad
 * disk or a stray write would, then reads it back.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskCache } from '../src/cache/disk.js';
import { createMemoryCache } from '../src/cache/memory.js';
import { createRedisCache } from '../src/cache/redis.js';
import { createTieredCache } from '../src/cache/tiered.js';
import type { CachedCard, RenderCache } from '../src/cache/types.js';
import type { RenderPool } from '../src/render/pool.js';
import { createServices } from '../src/services.js';
import { auth, fixtureBody, listen, loadFixtures, silentLog, tempDir, testConfig } from './helpers.js';
import { serviceAvailable, testRedisUrl, uniqueName } from './services-available.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});
function freshDir(): string {
  const t = tempDir('sharecard-integrity-');
  cleanups.push(t.cleanup);
  return t.dir;
}

const ETAG = '"card-AbCdEfGhIjKlMnOp"';
const card = (body = 'png bytes', contentType: CachedCard['contentType'] = 'image/png'): CachedCard => ({ body: Buffer.from(body), contentType, etag: ETAG });

function fileFor(dir: string, key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return path.join(dir, h.slice(0, 2), `${h}.card`);
}

/** Flips `mask` in the byte at `offset` of the first occurrence of `needle` in `buf`. */
function flip(buf: Buffer, needle: string, offset: number, mask: number): Buffer {
  const at = buf.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in the entry`);
  const out = Buffer.from(buf);
  out[at + offset] ^= mask;
  return out;
}

describe('disk cache: every field is covered by the checksum', () => {
  async function stored(): Promise<{ dir: string; file: string }> {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('k', card());
    await cache.close();
    return { dir, file: fileFor(dir, 'k') };
  }

  it('a flipped bit in the stored ETag that still looks valid is a miss (was: a changed ETag served)', async () => {
    const { dir, file } = await stored();
    // 'A' (0x41) → 'C' (0x43): still a well-formed ETag, but not the one written.
    writeFileSync(file, flip(readFileSync(file), 'AbCd', 0, 0x02));
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    expect(await cache.get('k')).toBeNull();
    await cache.close();
  });

  it('a flipped high bit in the stored ETag is a miss (was: ERR_INVALID_CHAR, a 500 on every request)', async () => {
    const { dir, file } = await stored();
    writeFileSync(file, flip(readFileSync(file), 'AbCd', 1, 0x80));
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    expect(await cache.get('k')).toBeNull();
    await cache.close();
  });

  it('a changed content type is a miss (was: PNG bytes served as image/jpeg)', async () => {
    const { dir, file } = await stored();
    // Rewrite the header with another content type, keeping the stored checksum.
    const raw = readFileSync(file);
    const headerLength = raw.readUInt32BE(5);
    const header = JSON.parse(raw.subarray(9, 9 + headerLength).toString('utf8'));
    expect(header.t).toBe('image/png');
    const json = Buffer.from(JSON.stringify({ ...header, t: 'image/jpeg' }));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length);
    writeFileSync(file, Buffer.concat([raw.subarray(0, 5), len, json, raw.subarray(9 + headerLength)]));
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    expect(await cache.get('k')).toBeNull();
    await cache.close();
  });

  it('refuses to store an ETag that could not be sent as a header', async () => {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('k', { ...card(), etag: '"bad\u00e9"' });
    expect(await cache.get('k')).toBeNull();
    await cache.close();
  });
});

describe('memory cache', () => {
  it('a caller changing a hit does not change the next hit', async () => {
    const cache = createMemoryCache({ maxBytes: 1e6 });
    await cache.set('k', card());
    const hit = await cache.get('k');
    hit!.etag = '"changed"';
    hit!.contentType = 'image/jpeg';
    const again = await cache.get('k');
    expect(again!.etag).toBe(ETAG);
    expect(again!.contentType).toBe('image/png');
  });

  it('refuses a value whose ETag could not be sent', async () => {
    const cache = createMemoryCache({ maxBytes: 1e6 });
    await cache.set('k', { ...card(), etag: 'no-quotes\n' });
    expect(await cache.get('k')).toBeNull();
  });
});

describe('tiered cache', () => {
  it('a tier answering an unsendable ETag is a miss, deleted there and never promoted', async () => {
    const memory = createMemoryCache({ maxBytes: 1e6 });
    const deleted: string[] = [];
    const broken: RenderCache = {
      name: 'broken',
      get: async () => ({ body: Buffer.from('x'), contentType: 'image/png', etag: '"\u00ff\u0100"' }),
      set: async () => {},
      delete: async (key) => void deleted.push(key),
      close: async () => {},
    };
    const tiered = createTieredCache([memory, broken]);
    expect(await tiered.get('k')).toBeNull();
    expect(deleted).toEqual(['k']);
    expect(await memory.get('k')).toBeNull();
  });
});

const redis = await serviceAvailable('redis');
describe.skipIf(!redis)('Redis cache: every field is covered by the checksum', () => {
  const prefix = `${uniqueName('sharecard-integrity')}:`;
  const raw = redis ? new Redis(testRedisUrl) : null;
  afterAll(async () => {
    if (!raw) return;
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length) await raw.del(...keys);
    await raw.quit();
  });

  for (const [what, needle, offset, mask] of [
    ['an ETag byte', 'AbCd', 0, 0x02],
    ['an ETag high bit', 'AbCd', 1, 0x80],
    ['a body byte', 'png bytes', 0, 0x01],
  ] as const) {
    it(`a flipped bit in ${what} is a miss`, async () => {
      const cache = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
      cleanups.push(() => cache.close());
      await cache.set(`k-${what}`, card());
      const redisKey = `${prefix}card:k-${what}`;
      const value = await raw!.getBuffer(redisKey);
      await raw!.set(redisKey, flip(value!, needle, offset, mask));
      expect(await cache.get(`k-${what}`)).toBeNull();
    });
  }

  it('a changed content-type byte is a miss', async () => {
    const cache = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
    cleanups.push(() => cache.close());
    await cache.set('k-type', card());
    const value = Buffer.from((await raw!.getBuffer(`${prefix}card:k-type`))!);
    value[1] ^= 1; // png (0) → jpeg (1)
    await raw!.set(`${prefix}card:k-type`, value);
    expect(await cache.get('k-type')).toBeNull();
  });

  it('a value copied under another key is a miss', async () => {
    const cache = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
    cleanups.push(() => cache.close());
    await cache.set('k-one', card('one'));
    await raw!.set(`${prefix}card:k-two`, (await raw!.getBuffer(`${prefix}card:k-one`))!);
    expect(await cache.get('k-two')).toBeNull();
    expect((await cache.get('k-one'))!.body.toString()).toBe('one');
  });
});

describe('GET /og/:slug.png over a damaged disk entry', () => {
  it('renders again (200, a sendable ETag) instead of answering 500, across restarts', async () => {
    const dir = freshDir();
    const png = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#123456' } }).png().toBuffer();
    const fakePool = (): RenderPool => ({
      kind: 'inline',
      threads: 1,
      run: async () => ({ body: png, mime: 'image/png', width: 4, height: 2, encoding: 'png', timingsMs: { fit: 0, satori: 0, resvg: 0, encode: 0 } }),
      load: () => ({ threads: 1, running: 0, waiting: { demand: 0, background: 0 }, renderMs: 0 }),
      close: async () => {},
    });
    const config = testConfig(dir, { cache: { memoryMb: 0, diskMb: 16 } });
    const fixture = loadFixtures()[0];

    // First life: store the article and draw its card into the disk cache.
    const first = await createServices(config, { log: silentLog, renderPool: fakePool() });
    const a = await listen(first);
    const put = await fetch(`${a.url}/api/articles/${fixture.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(fixture)) });
    expect(put.ok).toBe(true);
    const before = await fetch(`${a.url}/og/${fixture.slug}.png`);
    expect(before.status).toBe(200);
    const etag = before.headers.get('etag')!;
    await a.close();
    await first.close();

    // The bit flip: the high bit of one character of the stored ETag (the header is JSON, so
    // the ETag is stored as \"card-…\"; the key before it, unquoted, is left alone).
    const key = etag.slice(1, -1);
    const file = fileFor(path.join(dir, 'cache'), key);
    writeFileSync(file, flip(readFileSync(file), `\\"${key}`, 8, 0x80));

    // Second life (a restart): the entry is a miss and the card is drawn again.
    const second = await createServices(config, { log: silentLog, renderPool: fakePool() });
    const b = await listen(second);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${b.url}/og/${fixture.slug}.png`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    }
    await b.close();
    await second.close();
  });
});
