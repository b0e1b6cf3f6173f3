import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../src/cache/memory.js';
import { runCacheContract } from './cache-contract.js';

runCacheContract('memory', ({ maxBytes }) => createMemoryCache({ maxBytes }));

describe('memory cache', () => {
  it('evicts the least recently used entry first', async () => {
    const entry = (n: number) => ({ body: Buffer.alloc(1000, n), contentType: 'image/png' as const, etag: `"${n}"` });
    // Room for three entries of ~1.3 KB each, not four.
    const cache = createMemoryCache({ maxBytes: 4500 });
    await cache.set('a', entry(1));
    await cache.set('b', entry(2));
    await cache.set('c', entry(3));
    expect(await cache.get('a')).not.toBeNull(); // a is now the most recent
    await cache.set('d', entry(4));
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).not.toBeNull();
    expect(await cache.get('c')).not.toBeNull();
    expect(await cache.get('d')).not.toBeNull();
  });

  it('refuses a negative or non-numeric budget, naming the option', () => {
    expect(() => createMemoryCache({ maxBytes: -1 })).toThrow(/maxBytes/);
    expect(() => createMemoryCache({ maxBytes: Number.NaN })).toThrow(/maxBytes/);
  });
});
