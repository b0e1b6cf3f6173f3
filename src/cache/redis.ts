/**
 * The shared render cache on Redis (ioredis): a card rendered by one replica is a hit on every
 * other, and `lock` gives a short cross-replica lock so concurrent misses for one card render
 * it once.
 *
 * With `singleFlight`, a miss also coordinates replicas: the first replica to miss takes a
 * short lock and gets null (it renders; its `set` releases the lock), while the others' `get`
 * waits for that result (at most `waitMs`, and no longer than the lock exists) instead of
 * rendering the same card again. A renderer written against the plain RenderCache interface
 * gets cross-replica single-flight without knowing Redis.
 *
 * Redis is an accelerator, never a dependency: commands have short timeouts, nothing is queued
 * while disconnected (`enableOfflineQueue: false`), and after repeated failures the cache stops
 * asking for a moment (a small circuit breaker). A slow or down Redis therefore costs a
 * request at most one command timeout and then nothing: `get` answers null, `set` and
 * `delete` do nothing, `lock` lets the caller render locally. None of them throw.
 *
 * Total memory is bounded by Redis itself (`maxmemory` with an `allkeys-lru` policy, see the
 * README); this client bounds each entry (`maxEntryBytes`) and its lifetime (`ttlSeconds`).
 *
 * @example
 *   const cache = createRedisCache({ url: config.cache.redisUrl, log, singleFlight: true });
 *   const release = await cache.lock(key, 10_000);
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CachedCard, RenderCache } from './types.js';
import { CARD_CONTENT_TYPES, entryDigest, isServableCard } from './entry.js';

export interface RedisCacheOptions {
  /** `redis://[user:password@]host:6379[/db]` or `rediss://` for TLS. */
  url: string;
  /** Lifetime of an entry (default 7 days). Keys carry the revision, so entries never go stale; the TTL only returns space. */
  ttlSeconds?: number;
  /** Largest card body stored (default 5 MiB, the biggest card any platform accepts); larger ones are not shared. */
  maxEntryBytes?: number;
  /** Prefix of every key (default `sharecard:`), so several deployments can share one Redis. */
  keyPrefix?: string;
  /** Longest wait for any one command (default 250 ms); past it the call counts as a miss. */
  commandTimeoutMs?: number;
  /** Longest wait for a TCP connection (default 1 s). */
  connectTimeoutMs?: number;
  /** After this many consecutive failures the cache is skipped for `retryAfterMs` (default 3). */
  failureThreshold?: number;
  /** How long the breaker stays open before trying Redis again (default 2 s). */
  retryAfterMs?: number;
  /** Coordinate concurrent misses across replicas (see above); off by default. */
  singleFlight?: boolean | SingleFlightOptions;
  /** Told when Redis goes away and comes back (not on every failed command). */
  log?: { warn(obj: object, msg?: string): void; info?(obj: object, msg?: string): void };
}

export interface SingleFlightOptions {
  /**
   * Longest a replica holds a card's lock (default 10 s). It is released as soon as the card
   * is set; the TTL only frees it when the holder crashed or its render failed.
   */
  lockTtlMs?: number;
  /** Longest a `get` waits for another replica's render before answering a miss (default 3 s). */
  waitMs?: number;
  /** How often a waiting `get` looks for the result (default 25 ms). */
  pollMs?: number;
}

/** A RenderCache with a cross-replica lock; what `createRedisCache` returns. */
export interface RedisRenderCache extends RenderCache {
  /**
   * Tries to take the lock `key` for `ttlMs`. Resolves to a release function when this caller
   * holds it, or null when another replica does (wait for its result in the cache). When Redis
   * is unusable it resolves to a no-op release: render locally rather than wait on a lock
   * nobody can see. Release is idempotent and only deletes the lock if it is still ours.
   */
  lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
  /** True while connected and the breaker is closed (for metrics and tests). */
  isHealthy(): boolean;
}

// Format 2 adds a digest over the key and every field (issue 31): format 1 values, which
// carried no checksum at all, are misses and are overwritten by the next render.
const FORMAT_VERSION = 2;
const DIGEST_BYTES = 32;
const HEADER_BYTES = 4 + DIGEST_BYTES; // version, content type, etag length (uint16 BE), SHA-256

// Compare-and-delete: release only the lock we took, never one another replica took after
// ours expired. https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`createRedisCache: ${name} must be a positive number, got ${value}`);
  return value;
}

/** Creates the cache and starts connecting; it is usable at once (misses until connected). */
export function createRedisCache(options: RedisCacheOptions): RedisRenderCache {
  if (!/^rediss?:\/\//.test(options.url ?? '')) throw new TypeError('createRedisCache: url must be a redis:// or rediss:// URL');
  const ttlMs = Math.round(positive('ttlSeconds', options.ttlSeconds, 7 * 24 * 3600) * 1000);
  const maxEntryBytes = positive('maxEntryBytes', options.maxEntryBytes, 5 * 1024 * 1024);
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 250);
  const connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs, 1_000);
  const failureThreshold = positive('failureThreshold', options.failureThreshold, 3);
  const retryAfterMs = positive('retryAfterMs', options.retryAfterMs, 2_000);
  const prefix = options.keyPrefix ?? 'sharecard:';
  const log = options.log;
  const sf = options.singleFlight ? (options.singleFlight === true ? {} : options.singleFlight) : null;
  const sfLockTtlMs = positive('singleFlight.lockTtlMs', sf?.lockTtlMs, 10_000);
  const sfWaitMs = positive('singleFlight.waitMs', sf?.waitMs, 3_000);
  const sfPollMs = positive('singleFlight.pollMs', sf?.pollMs, 25);
  /** Locks this replica holds for cards it is rendering, released by `set`. */
  const held = new Map<string, { release: () => Promise<void>; timer: NodeJS.Timeout }>();

  const client = new Redis(options.url, {
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    // Fail at once while disconnected instead of queueing requests behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Keep reconnecting in the background, backing off to once every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    connectionName: 'sharecard-cache',
  });

  let consecutiveFailures = 0;
  let openUntil = 0;
  let down = false;
  let closed = false;

  client.on('error', (err: Error) => {
    // ioredis emits connection errors here on every retry; report the transition only.
    if (!down) {
      down = true;
      log?.warn({ err: { message: err.message } }, 'Redis cache unavailable; rendering locally until it returns');
    }
  });
  client.on('ready', () => {
    consecutiveFailures = 0;
    openUntil = 0;
    if (down) {
      down = false;
      log?.info?.({}, 'Redis cache available again');
    }
  });

  // Until the first connection settles, wait for it briefly so a cache created at startup is
  // usable by the first request; later, a disconnected client fails fast.
  let settled = false;
  const firstConnect = new Promise<void>((resolve) => {
    const done = () => {
      settled = true;
      client.off('ready', done);
      client.off('error', done);
      client.off('end', done);
      resolve();
    };
    client.once('ready', done);
    client.once('error', done);
    client.once('end', done);
  });

  async function usable(): Promise<boolean> {
    if (closed) return false;
    if (!settled) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([firstConnect, new Promise((r) => (timer = setTimeout(r, commandTimeoutMs)))]);
      clearTimeout(timer);
    }
    return client.status === 'ready' && Date.now() >= openUntil;
  }

  function succeeded(): void {
    consecutiveFailures = 0;
  }

  function failed(err: unknown): void {
    if (++consecutiveFailures >= failureThreshold) {
      openUntil = Date.now() + retryAfterMs;
      consecutiveFailures = 0;
      log?.warn({ err: { message: (err as Error).message } }, `Redis cache failing; skipping it for ${retryAfterMs} ms`);
    }
  }

  const cardKey = (key: string) => `${prefix}card:${key}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;

  async function takeLock(key: string, lockTtlMs: number): Promise<(() => Promise<void>) | null> {
    const noop = async () => {};
    if (!(await usable())) return noop;
    const token = randomBytes(16).toString('base64url');
    const k = lockKey(key);
    try {
      const ok = await client.set(k, token, 'PX', Math.max(1, Math.round(lockTtlMs)), 'NX');
      succeeded();
      if (ok !== 'OK') return null;
    } catch (err) {
      failed(err);
      return noop;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await client.eval(RELEASE_LOCK, 1, k, token);
      } catch {
        // The lock expires on its own after lockTtlMs.
      }
    };
  }

  async function releaseHeld(key: string): Promise<void> {
    const h = held.get(key);
    if (!h) return;
    held.delete(key);
    clearTimeout(h.timer);
    await h.release();
  }

  /**
   * A miss under single-flight: take the card's lock and answer null (this replica renders),
   * or, when another replica holds it, wait for its card. Stops waiting as soon as the lock
   * is gone without a card (that render failed or drew a fallback), when Redis fails, or
   * after waitMs; then the caller renders locally.
   */
  async function awaitOtherReplica(key: string): Promise<CachedCard | null> {
    // This replica already renders it: its own in-process single-flight joins that render.
    if (held.has(key)) return null;
    const release = await takeLock(key, sfLockTtlMs);
    if (release) {
      const timer = setTimeout(() => held.delete(key), sfLockTtlMs);
      timer.unref();
      held.set(key, { release, timer });
      return null;
    }
    const deadline = Date.now() + sfWaitMs;
    while (Date.now() < deadline && !closed) {
      await new Promise((r) => setTimeout(r, sfPollMs));
      if (!(await usable())) return null;
      try {
        const [[e1, raw], [e2, locked]] = (await client.pipeline().getBuffer(cardKey(key)).exists(lockKey(key)).exec()) as [
          [Error | null, Buffer | null],
          [Error | null, number],
        ];
        if (e1 || e2) throw e1 ?? e2;
        succeeded();
        if (raw) return decodeCard(raw, key);
        if (!locked) return null;
      } catch (err) {
        failed(err);
        return null;
      }
    }
    return null;
  }

  return {
    name: 'redis',
    async get(key) {
      if (!(await usable())) return null;
      try {
        const raw = await client.getBuffer(cardKey(key));
        succeeded();
        // A damaged value is a miss: the render that follows overwrites it.
        if (raw) return decodeCard(raw, key);
      } catch (err) {
        failed(err);
        return null;
      }
      return sf ? awaitOtherReplica(key) : null;
    },
    async set(key, value) {
      // Not shared: oversized cards, and values this format cannot carry (they stay in local tiers).
      if (value.body.length > maxEntryBytes || !isServableCard(value)) return;
      if (!(await usable())) return;
      try {
        await client.set(cardKey(key), encodeCard(key, value), 'PX', ttlMs);
        succeeded();
      } catch (err) {
        failed(err);
      } finally {
        // The card is out (or Redis is failing): let waiting replicas go on either way.
        await releaseHeld(key);
      }
    },
    async delete(key) {
      if (!(await usable())) return;
      try {
        await client.del(cardKey(key));
        succeeded();
      } catch (err) {
        failed(err);
      }
    },
    lock: takeLock,
    isHealthy() {
      return !closed && client.status === 'ready' && Date.now() >= openUntil;
    },
    async close() {
      if (closed) return;
      await Promise.all([...held.keys()].map(releaseHeld));
      closed = true;
      if (client.status === 'ready') {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([client.quit().catch(() => {}), new Promise((r) => (timer = setTimeout(r, commandTimeoutMs)))]);
        clearTimeout(timer);
      }
      client.disconnect();
    },
  };
}

/**
 * version(1) · content type(1) · etag length(2, BE) · SHA-256 of key and fields(32) · etag
 * (UTF-8) · body: one binary value, one SET.
 */
export function encodeCard(key: string, card: CachedCard): Buffer {
  const etag = Buffer.from(card.etag, 'utf8');
  if (etag.length > 0xffff) throw new RangeError('ETag too long to cache');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(FORMAT_VERSION, 0);
  header.writeUInt8(CARD_CONTENT_TYPES.indexOf(card.contentType), 1);
  header.writeUInt16BE(etag.length, 2);
  entryDigest(key, card).copy(header, 4);
  return Buffer.concat([header, etag, card.body]);
}

/**
 * The card stored under `key` in `raw`, or null when it is not one this version wrote for that
 * key, or any byte of it changed, or its headers could not be sent (all treated as a miss).
 */
export function decodeCard(raw: Buffer, key: string): CachedCard | null {
  if (raw.length < HEADER_BYTES || raw.readUInt8(0) !== FORMAT_VERSION) return null;
  const contentType = CARD_CONTENT_TYPES[raw.readUInt8(1)];
  const etagLength = raw.readUInt16BE(2);
  if (!contentType || raw.length < HEADER_BYTES + etagLength) return null;
  const card: CachedCard = {
    contentType,
    etag: raw.subarray(HEADER_BYTES, HEADER_BYTES + etagLength).toString('utf8'),
    body: Buffer.from(raw.subarray(HEADER_BYTES + etagLength)),
  };
  if (!isServableCard(card) || !entryDigest(key, card).equals(raw.subarray(4, HEADER_BYTES))) return null;
  return card;
}

