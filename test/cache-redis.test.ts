/**
 * The Redis render cache: the shared RenderCache contract against the machine's Redis (each
 * run under its own key prefix), then what only Redis has: TTL, the cross-replica lock, and
 * failing fast when Redis is down, slow or comes back. Outages use a private redis-server so
 * the shared one is never stopped.
 */
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type RedisCacheOptions, type RedisRenderCache } from '../src/cache/redis.js';
import type { CachedCard } from '../src/cache/types.js';
import { runCacheContract } from './cache-contract.js';
import { redisServerAvailable, startRedisServer, type PrivateRedis } from './redis-server.js';
import { freePort, serviceAvailable, testRedisUrl, uniqueName } from './services-available.js';

const available = await serviceAvailable('redis');
const canSpawn = await redisServerAvailable();
const runPrefix = `${uniqueName('sharecard-test')}:`;

const card = (body: string | Buffer, etag = '"e"', contentType: CachedCard['contentType'] = 'image/png'): CachedCard => ({
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  contentType,
  etag,
});
const elapsed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Remove everything this run wrote to the shared Redis, after every suite in the file.
afterAll(async () => {
  if (!available) return;
  const raw = new Redis(testRedisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 1000);
    if (keys.length) await raw.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await raw.quit();
});

describe.skipIf(!available)('Redis cache on the shared server', () => {
  let raw: Redis;
  const caches: RedisRenderCache[] = [];
  let n = 0;
  const make = (opts: Partial<RedisCacheOptions> = {}) => {
    const c = createRedisCache({ url: testRedisUrl, keyPrefix: `${runPrefix}${n++}:`, ...opts });
    caches.push(c);
    return c;
  };

  beforeAll(() => {
    raw = new Redis(testRedisUrl);
  });
  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await raw.quit();
  });

  // Redis bounds its total memory itself (maxmemory + allkeys-lru), so the contract's
  // byte-budget cases do not apply; the per-entry bound is tested below.
  runCacheContract('redis', () => make(), { bounded: false });
  runCacheContract('redis with single-flight', () => make({ singleFlight: true }), { bounded: false });

  it('expires entries after ttlSeconds', async () => {
    const cache = make({ ttlSeconds: 1 });
    await cache.set('ttl', card('short-lived'));
    const pttl = await raw.pttl(`${runPrefix}${n - 1}:card:ttl`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000);
    expect(await cache.get('ttl')).not.toBeNull();
    await sleep(1_150);
    expect(await cache.get('ttl')).toBeNull();
  });

  it('does not share an entry larger than maxEntryBytes', async () => {
    const cache = make({ maxEntryBytes: 1024 });
    await cache.set('small', card(Buffer.alloc(1024, 1)));
    await cache.set('big', card(Buffer.alloc(1025, 2)));
    expect(await cache.get('small')).not.toBeNull();
    expect(await cache.get('big')).toBeNull();
  });

  it('is one cache for every replica with the same prefix, and separate across prefixes', async () => {
    const prefix = `${runPrefix}shared:`;
    const a = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
    const b = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
    const other = make();
    caches.push(a, b);
    await a.set('card', card('from A', '"a"', 'image/jpeg'));
    expect(await b.get('card')).toEqual(card('from A', '"a"', 'image/jpeg'));
    expect(await other.get('card')).toBeNull();
  });

  it('treats a value it did not write as a miss', async () => {
    const cache = make();
    await raw.set(`${runPrefix}${n - 1}:card:junk`, Buffer.from([9, 9, 9]));
    expect(await cache.get('junk')).toBeNull();
  });

  it('locks exclusively across replicas, releases only its own lock, and lets a lock expire', async () => {
    const prefix = `${runPrefix}locks:`;
    const a = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
    const b = createRedisCache({ url: testRedisUrl, keyPrefix: prefix });
    caches.push(a, b);

    const releaseA = await a.lock('render-1', 5_000);
    expect(releaseA).toBeTypeOf('function');
    expect(await b.lock('render-1', 5_000)).toBeNull();
    expect(await a.lock('render-1', 5_000)).toBeNull(); // not re-entrant: a second render waits too
    expect(await b.lock('render-2', 5_000)).toBeTypeOf('function'); // other keys are independent
    await releaseA!();
    await releaseA!(); // idempotent
    const releaseB = await b.lock('render-1', 5_000);
    expect(releaseB).toBeTypeOf('function');
    await releaseB!();

    // Expiry: a crashed holder never blocks a card for longer than the lock's TTL.
    const stale = await a.lock('render-3', 150);
    expect(await b.lock('render-3', 5_000)).toBeNull();
    await sleep(250);
    const fresh = await b.lock('render-3', 5_000);
    expect(fresh).toBeTypeOf('function');
    // The stale holder's late release must not free the lock that B now holds.
    await stale!();
    expect(await a.lock('render-3', 5_000)).toBeNull();
    await fresh!();
  });

  it('single-flights concurrent lockers: exactly one of many wins', async () => {
    const prefix = `${runPrefix}flight:`;
    const replicas = Array.from({ length: 5 }, () => createRedisCache({ url: testRedisUrl, keyPrefix: prefix }));
    caches.push(...replicas);
    const results = await Promise.all(replicas.flatMap((r) => [r.lock('hot-card', 5_000), r.lock('hot-card', 5_000)]));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('checks its options and names the bad one', () => {
    expect(() => createRedisCache({ url: 'http://127.0.0.1:6379' })).toThrow(/url/);
    expect(() => createRedisCache({ url: testRedisUrl, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    expect(() => createRedisCache({ url: testRedisUrl, maxEntryBytes: -1 })).toThrow(/maxEntryBytes/);
    expect(() => createRedisCache({ url: testRedisUrl, commandTimeoutMs: Number.NaN })).toThrow(/commandTimeoutMs/);
  });
});

describe('Redis cache when Redis is unreachable', () => {
  it('answers a miss quickly, never throws, and lets the caller render locally', async () => {
    const port = await freePort();
    const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, keyPrefix: runPrefix });
    try {
      const get = await elapsed(() => cache.get('k'));
      expect(get.value).toBeNull();
      expect(get.ms).toBeLessThan(300);
      await expect(cache.set('k', card('x'))).resolves.toBeUndefined();
      await expect(cache.delete('k')).resolves.toBeUndefined();
      // No one can see a lock, so every replica renders for itself rather than waiting.
      const release = await cache.lock('k', 1_000);
      expect(release).toBeTypeOf('function');
      await release!();
      for (let i = 0; i < 20; i++) expect((await elapsed(() => cache.get(`k${i}`))).ms).toBeLessThan(50);
      expect(cache.isHealthy()).toBe(false);
    } finally {
      await cache.close();
    }
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    // A black hole: TCP connects, no reply ever comes (a hung or overloaded Redis).
    const sockets = new Set<net.Socket>();
    const hole = net.createServer((s) => sockets.add(s)).listen(0, '127.0.0.1');
    await new Promise((r) => hole.once('listening', r));
    const { port } = hole.address() as net.AddressInfo;
    const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, keyPrefix: runPrefix, commandTimeoutMs: 100 });
    try {
      const first = await elapsed(() => cache.get('k'));
      expect(first.value).toBeNull();
      expect(first.ms).toBeLessThan(400);
      for (let i = 0; i < 5; i++) {
        const r = await elapsed(() => cache.get(`k${i}`));
        expect(r.value).toBeNull();
        expect(r.ms).toBeLessThan(400);
      }
      await expect(cache.set('k', card('x'))).resolves.toBeUndefined();
    } finally {
      await cache.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => hole.close(r));
    }
  });
});

describe.skipIf(!canSpawn)('Redis cache through an outage (private redis-server)', () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('degrades to misses when Redis stops and serves hits again when it returns', async () => {
    const cache = createRedisCache({ url: server.url, retryAfterMs: 200 });
    try {
      await cache.set('card', card('before'));
      expect((await cache.get('card'))?.body.toString()).toBe('before');

      await server.stop();
      for (let i = 0; i < 5; i++) {
        const r = await elapsed(() => cache.get('card'));
        expect(r.value).toBeNull();
        expect(r.ms).toBeLessThan(300);
      }
      await expect(cache.set('card', card('during'))).resolves.toBeUndefined();
      expect(await cache.lock('card', 1_000)).toBeTypeOf('function');

      await server.start(); // an empty Redis on the same port
      const deadline = Date.now() + 5_000;
      while (!cache.isHealthy() && Date.now() < deadline) await sleep(50);
      expect(cache.isHealthy()).toBe(true);
      await cache.set('card', card('after'));
      expect((await cache.get('card'))?.body.toString()).toBe('after');
    } finally {
      await cache.close();
    }
  });

  it('times out on a stalled Redis, stops asking for a while, then recovers', async () => {
    const cache = createRedisCache({ url: server.url, commandTimeoutMs: 100, failureThreshold: 2, retryAfterMs: 300 });
    try {
      await cache.set('card', card('cached'));
      expect(await cache.get('card')).not.toBeNull();
      // DEBUG SLEEP blocks this private server for a second, like a stalled Redis.
      const stall = server.command('DEBUG', 'SLEEP', '1');
      await sleep(20);
      const slow = await elapsed(() => cache.get('card'));
      expect(slow.value).toBeNull();
      expect(slow.ms).toBeLessThan(400);
      await cache.get('card'); // second failure opens the breaker
      const skipped = await elapsed(() => cache.get('card'));
      expect(skipped.value).toBeNull();
      expect(skipped.ms).toBeLessThan(50); // not even asked
      await stall;
      const deadline = Date.now() + 3_000;
      let back = null;
      while (!back && Date.now() < deadline) {
        back = await cache.get('card');
        if (!back) await sleep(50);
      }
      expect(back?.body.toString()).toBe('cached');
    } finally {
      await cache.close();
    }
  });
});

describe.skipIf(!available)('single-flight across replicas', () => {
  const caches: RedisRenderCache[] = [];
  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
  });
  const replicas = (count: number, prefix: string, singleFlight: RedisCacheOptions['singleFlight'] = true) => {
    const list = Array.from({ length: count }, () => createRedisCache({ url: testRedisUrl, keyPrefix: prefix, singleFlight }));
    caches.push(...list);
    return list;
  };
  /** What a renderer does with any RenderCache: get, and on a miss render and set. */
  const serve = async (cache: RedisRenderCache, key: string, render: () => Promise<CachedCard>) => {
    const hit = await cache.get(key);
    if (hit) return { card: hit, rendered: false };
    const made = await render();
    await cache.set(key, made);
    return { card: made, rendered: true };
  };

  it('renders a card once when every replica misses at the same time', async () => {
    let renders = 0;
    const render = async () => {
      renders++;
      await sleep(150);
      return card('rendered once', '"once"');
    };
    const results = await Promise.all(replicas(4, `${runPrefix}sf-hot:`).map((r) => serve(r, 'hot', render)));
    expect(renders).toBe(1);
    expect(results.map((r) => r.card.body.toString())).toEqual(Array(4).fill('rendered once'));
    expect(results.map((r) => r.card.etag)).toEqual(Array(4).fill('"once"'));
  });

  it('without single-flight every replica renders (the baseline the lock improves on)', async () => {
    let renders = 0;
    const render = async () => {
      renders++;
      await sleep(50);
      return card('x');
    };
    await Promise.all(replicas(3, `${runPrefix}sf-off:`, false).map((r) => serve(r, 'hot', render)));
    expect(renders).toBe(3);
  });

  it('stops waiting as soon as the holder gives up without a card, and renders locally', async () => {
    const [holder, waiter] = replicas(2, `${runPrefix}sf-fail:`);
    expect(await holder!.get('fails')).toBeNull(); // holder now "renders"
    const waiting = elapsed(() => waiter!.get('fails'));
    await sleep(100);
    await holder!.close(); // its render failed and it went away: close releases its locks
    const r = await waiting;
    expect(r.value).toBeNull();
    expect(r.ms).toBeLessThan(1_000);
  });

  it('waits at most waitMs for a holder that never answers', async () => {
    const [holder, waiter] = replicas(2, `${runPrefix}sf-stuck:`, { waitMs: 200, lockTtlMs: 10_000 });
    expect(await holder!.get('stuck')).toBeNull();
    const r = await elapsed(() => waiter!.get('stuck'));
    expect(r.value).toBeNull();
    expect(r.ms).toBeGreaterThanOrEqual(150);
    expect(r.ms).toBeLessThan(1_000);
  });

  it('does not make a replica wait on its own render', async () => {
    const [only] = replicas(1, `${runPrefix}sf-self:`);
    expect(await only!.get('mine')).toBeNull();
    expect((await elapsed(() => only!.get('mine'))).ms).toBeLessThan(100);
  });
});
