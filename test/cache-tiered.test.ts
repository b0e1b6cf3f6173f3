import { describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from '../src/cache/memory.js';
import { createDiskCache } from '../src/cache/disk.js';
import { createTieredCache } from '../src/cache/tiered.js';
import type { RenderCache } from '../src/cache/types.js';
import { runCacheContract } from './cache-contract.js';
import { tempDir } from './helpers.js';
import { afterAll } from 'vitest';

const dirs: (() => void)[] = [];
afterAll(() => dirs.forEach((cleanup) => cleanup()));

// Each tier gets half the budget so that everything the tiered cache returns (the union of the
// tiers) still fits in maxBytes.
runCacheContract('tiered(memory,disk)', ({ maxBytes }) => {
  const tmp = tempDir('sharecard-tiered-');
  dirs.push(tmp.cleanup);
  return createTieredCache([createMemoryCache({ maxBytes: maxBytes / 2 }), createDiskCache({ dir: tmp.dir, maxBytes: maxBytes / 2 })]);
});

const value = { body: Buffer.from('card bytes'), contentType: 'image/png' as const, etag: '"e1"' };

function failing(name: string): RenderCache {
  const fail = () => Promise.reject(new Error(`${name} is down`));
  return { name, get: fail, set: fail, delete: fail, close: fail };
}

describe('tiered cache', () => {
  it('fills faster tiers on a hit in a slower one', async () => {
    const fast = createMemoryCache({ maxBytes: 1e6 });
    const slow = createMemoryCache({ maxBytes: 1e6 });
    await slow.set('k', value);
    const cache = createTieredCache([fast, slow]);
    expect(await fast.get('k')).toBeNull();
    expect((await cache.get('k'))!.etag).toBe('"e1"');
    expect((await fast.get('k'))!.body.toString()).toBe('card bytes');
  });

  it('asks slower tiers only on a miss in the faster ones', async () => {
    const fast = createMemoryCache({ maxBytes: 1e6 });
    const slow = createMemoryCache({ maxBytes: 1e6 });
    const slowGet = vi.spyOn(slow, 'get');
    await fast.set('k', value);
    await createTieredCache([fast, slow]).get('k');
    expect(slowGet).not.toHaveBeenCalled();
  });

  it('set writes every tier', async () => {
    const a = createMemoryCache({ maxBytes: 1e6 });
    const b = createMemoryCache({ maxBytes: 1e6 });
    await createTieredCache([a, b]).set('k', value);
    expect(await a.get('k')).not.toBeNull();
    expect(await b.get('k')).not.toBeNull();
  });

  it('a failing tier is logged and treated as a miss; the others still work', async () => {
    const warn = vi.fn();
    const good = createMemoryCache({ maxBytes: 1e6 });
    const cache = createTieredCache([failing('redis'), good], { log: { warn } });
    await expect(cache.set('k', value)).resolves.toBeUndefined();
    expect((await cache.get('k'))!.etag).toBe('"e1"');
    await expect(cache.delete('k')).resolves.toBeUndefined();
    expect(await cache.get('k')).toBeNull();
    await expect(cache.close()).resolves.toBeUndefined();
    const ops = warn.mock.calls.map(([obj]) => `${obj.cache}:${obj.op}`);
    expect(ops).toEqual(expect.arrayContaining(['redis:set', 'redis:get', 'redis:delete', 'redis:close', 'redis:fill']));
    expect(warn.mock.calls[0][0]).toMatchObject({ err: 'redis is down' });
  });

  it('every tier failing is a plain miss, never an error', async () => {
    const cache = createTieredCache([failing('a'), failing('b')]);
    await expect(cache.set('k', value)).resolves.toBeUndefined();
    await expect(cache.get('k')).resolves.toBeNull();
  });

  it('a tier whose get throws synchronously is a miss too', async () => {
    const broken: RenderCache = { ...createMemoryCache({ maxBytes: 1e6 }), name: 'sync', get: () => { throw new Error('boom'); } };
    const cache = createTieredCache([broken, createMemoryCache({ maxBytes: 1e6 })]);
    await cache.set('k', value);
    expect(await cache.get('k')).not.toBeNull();
  });

  it('needs at least one tier', () => {
    expect(() => createTieredCache([])).toThrow(/caches/);
  });
});
