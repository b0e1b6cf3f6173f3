import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskCache } from '../src/cache/disk.js';
import type { CachedCard } from '../src/cache/types.js';
import { runCacheContract } from './cache-contract.js';
import { tempDir } from './helpers.js';

const dirs: (() => void)[] = [];
afterAll(() => dirs.forEach((cleanup) => cleanup()));
function freshDir(): string {
  const tmp = tempDir('sharecard-disk-');
  dirs.push(tmp.cleanup);
  return tmp.dir;
}

runCacheContract('disk', ({ maxBytes }) => createDiskCache({ dir: freshDir(), maxBytes }));

const card = (s: string | Buffer, n = 1): CachedCard => ({ body: Buffer.isBuffer(s) ? s : Buffer.from(s), contentType: 'image/png', etag: `"${n}"` });

/** Where the cache keeps a key (white-box: the layout documented in src/cache/disk.ts). */
function fileFor(dir: string, key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return path.join(dir, h.slice(0, 2), `${h}.card`);
}

/** Every entry file under dir (not the temp folder). */
function entryFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.card'))
    .map((f) => path.join(dir, f));
}

describe('disk cache', () => {
  it('keeps entries across instances (restarts)', async () => {
    const dir = freshDir();
    const a = createDiskCache({ dir, maxBytes: 1e6 });
    await a.set('story:1', card('persisted', 7));
    await a.close();
    const b = createDiskCache({ dir, maxBytes: 1e6 });
    const got = await b.get('story:1');
    expect(got!.body.toString()).toBe('persisted');
    expect(got!.etag).toBe('"7"');
    await b.close();
  });

  it('names files by a hash of the key, never by the key', async () => {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('../../escape/attempt', card('x'));
    const files = entryFiles(dir);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0])).toMatch(/^[0-9a-f]{64}\.card$/);
    expect(path.relative(dir, files[0]).startsWith('..')).toBe(false);
    await cache.close();
  });

  it('a truncated entry is a miss and is deleted', async () => {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('k', card(Buffer.alloc(5000, 3)));
    const [file] = entryFiles(dir);
    truncateSync(file, statSync(file).size - 10);
    expect(await cache.get('k')).toBeNull();
    expect(entryFiles(dir)).toHaveLength(0);
    await cache.close();
  });

  it.each([
    ['a flipped body byte', (b: Buffer) => { b[b.length - 1] ^= 0xff; }],
    ['a broken magic', (b: Buffer) => { b[0] = 0x58; }],
    ['a header length past the end', (b: Buffer) => { b.writeUInt32BE(0xffffff, 5); }],
    ['garbage JSON', (b: Buffer) => { b[9] = 0x7b; b[10] = 0x7b; }],
  ])('an entry with %s is a miss and is deleted', async (_label, corrupt) => {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('k', card('some card body'));
    const [file] = entryFiles(dir);
    const bytes = readFileSync(file);
    corrupt(bytes);
    writeFileSync(file, bytes);
    expect(await cache.get('k')).toBeNull();
    expect(entryFiles(dir)).toHaveLength(0);
    await cache.close();
  });

  it('an empty or foreign file in an entry slot is a miss', async () => {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('k', card('x'));
    const [file] = entryFiles(dir);
    writeFileSync(file, '');
    expect(await cache.get('k')).toBeNull();
    await cache.close();
  });

  it('removes stale temp files (a writer that crashed) at startup, and leaves fresh ones', async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, '.tmp'), { recursive: true });
    const stale = path.join(dir, '.tmp', 'dead.tmp');
    const fresh = path.join(dir, '.tmp', 'inflight.tmp');
    writeFileSync(stale, 'partial');
    writeFileSync(fresh, 'partial');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(stale, old, old);
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    expect(await cache.get('anything')).toBeNull(); // waits for the startup scan
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual(['inflight.tmp']);
    await cache.close();
  });

  it('leaves no temp file behind after writes', async () => {
    const dir = freshDir();
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.set(`k${i % 5}`, card(`v${i}`))));
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
    await cache.close();
  });

  it('at startup trims an over-budget folder, oldest (least recently used) first', async () => {
    const dir = freshDir();
    const big = createDiskCache({ dir, maxBytes: 1e6 });
    for (let i = 0; i < 10; i++) await big.set(`k${i}`, card(Buffer.alloc(1000, i)));
    await big.close();
    // k1..k9 used in that order, then k0 most recently of all.
    const base = Date.now() / 1000 - 10_000;
    for (let i = 0; i < 10; i++) utimesSync(fileFor(dir, `k${i}`), base + i, base + i);
    utimesSync(fileFor(dir, 'k0'), base + 100, base + 100);
    const entrySize = statSync(fileFor(dir, 'k0')).size;
    const small = createDiskCache({ dir, maxBytes: entrySize * 3 });
    expect(await small.get('k0')).not.toBeNull();
    expect(await small.get('k9')).not.toBeNull();
    expect(await small.get('k8')).not.toBeNull();
    expect(await small.get('k1')).toBeNull();
    expect(await small.get('k7')).toBeNull();
    expect(entryFiles(dir)).toHaveLength(3);
    await small.close();
  });

  it('a hit makes the entry most recently used', async () => {
    const dir = freshDir();
    const probe = createDiskCache({ dir, maxBytes: 1e6 });
    await probe.set('probe', card(Buffer.alloc(1000)));
    const entrySize = statSync(entryFiles(dir)[0]).size;
    await probe.close();
    const cache = createDiskCache({ dir: freshDir(), maxBytes: entrySize * 3 });
    await cache.set('a', card(Buffer.alloc(1000, 1)));
    await cache.set('b', card(Buffer.alloc(1000, 2)));
    await cache.set('c', card(Buffer.alloc(1000, 3)));
    await cache.get('a');
    await cache.set('d', card(Buffer.alloc(1000, 4)));
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).not.toBeNull();
    await cache.close();
  });

  it('ignores files it does not own', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'README'), 'not a cache entry');
    mkdirSync(path.join(dir, 'ab'));
    writeFileSync(path.join(dir, 'ab', 'notes.txt'), 'x');
    symlinkSync('/nonexistent-target', path.join(dir, 'ab', 'ab' + '0'.repeat(62) + '.card'));
    const cache = createDiskCache({ dir, maxBytes: 1e6 });
    await cache.set('k', card('x'));
    expect((await cache.get('k'))!.body.toString()).toBe('x');
    expect(readFileSync(path.join(dir, 'README'), 'utf8')).toBe('not a cache entry');
    await cache.close();
  });

  it('a folder it cannot create makes calls fail (a tiered cache turns that into a miss)', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    const cache = createDiskCache({ dir: path.join(dir, 'file', 'cache'), maxBytes: 1e6 });
    await expect(cache.get('k')).rejects.toThrow();
    await cache.close();
  });

  it('checks its options, naming them', () => {
    expect(() => createDiskCache({ dir: '', maxBytes: 1 })).toThrow(/dir/);
    expect(() => createDiskCache({ dir: freshDir(), maxBytes: -1 })).toThrow(/maxBytes/);
    expect(() => createDiskCache({ dir: freshDir(), maxBytes: 1, sweepIntervalMs: -5 })).toThrow(/sweepIntervalMs/);
  });
});
