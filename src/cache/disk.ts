/**
 * On-disk render cache: survives restarts, bounded by bytes, least recently used evicted.
 *
 * - One file per entry, named by SHA-256 of the key (keys never reach the file system as
 *   paths), fanned out into 256 sub-folders.
 * - Each file is a small self-checking record: magic, header (key, content type, ETag, body
 *   length, and one SHA-256 over the key and every field, see ./entry.ts), body. Anything that
 *   does not check out (truncated, a flipped bit in the body *or* the header, another key, an
 *   old format, an ETag that could not be sent) is a miss and is deleted. Format 1 checked the
 *   body only, so one flipped bit in a stored ETag broke a card for good (issue 31).
 * - Writes go to a temp file in the same file system and are renamed into place, so a reader or
 *   a crash never sees a partial entry (rename(2) is atomic). We skip fsync: after a power loss
 *   the checksum turns a torn file into a miss, which is all a cache needs.
 * - The index of sizes and use order lives in memory, rebuilt from the files' mtimes at startup
 *   and every `sweepIntervalMs` (which also picks up files other processes wrote); a hit bumps
 *   the file's mtime so use order survives restarts.
 *
 * @example
 *   const cache = createDiskCache({ dir: path.join(dataDir, 'cache'), maxBytes: config.cache.diskMb * 1024 * 1024 });
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CachedCard, RenderCache } from './types.js';
import { entryDigest, isServableCard } from './entry.js';

export interface DiskCacheOptions {
  /** Folder owned by this cache (created if missing). */
  dir: string;
  /** Upper bound on the bytes of entry files kept. 0 disables the cache. */
  maxBytes: number;
  /** How often the folder is rescanned and trimmed (default 10 minutes; 0 = only at startup). */
  sweepIntervalMs?: number;
}

const MAGIC = Buffer.from('SCRC\x02', 'latin1'); // sharecard render cache, format 2 (format 1 files are misses)
const PREFIX_BYTES = MAGIC.length + 4; // magic + uint32 header length
const MAX_HEADER_BYTES = 64 * 1024;
const ENTRY_SUFFIX = '.card';
const TMP_DIR = '.tmp';
// A temp file older than this belongs to a writer that died (or is hopelessly stuck).
const STALE_TMP_MS = 60_000;

interface Header {
  k: string;
  t: CachedCard['contentType'];
  e: string;
  n: number;
  /** entryDigest(k, {t, e, body}), base64url. */
  h: string;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function encodeEntry(key: string, value: CachedCard): Buffer {
  const header: Header = {
    k: key,
    t: value.contentType,
    e: value.etag,
    n: value.body.length,
    h: entryDigest(key, value).toString('base64url'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, len, json, value.body]);
}

/** The entry in `file`, or null when it is not a whole, intact entry for `key`. */
function decodeEntry(file: Buffer, key: string): CachedCard | null {
  if (file.length < PREFIX_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const headerLength = file.readUInt32BE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > file.length) return null;
  let header: Header;
  try {
    header = JSON.parse(file.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength).toString('utf8'));
  } catch {
    return null;
  }
  if (!header || typeof header !== 'object' || header.k !== key) return null;
  const body = file.subarray(PREFIX_BYTES + headerLength);
  if (header.n !== body.length) return null;
  // Copy out of the file buffer so callers hold exactly the body, nothing more.
  const card = { body: Buffer.from(body), contentType: header.t, etag: header.e };
  if (!isServableCard(card) || entryDigest(key, card).toString('base64url') !== header.h) return null;
  return card;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export function createDiskCache(options: DiskCacheOptions): RenderCache {
  const { dir } = options;
  if (typeof dir !== 'string' || !dir) throw new TypeError('createDiskCache: dir must be a folder path');
  if (!Number.isFinite(options.maxBytes) || options.maxBytes < 0) {
    throw new TypeError(`createDiskCache: maxBytes must be a number ≥ 0, got ${options.maxBytes}`);
  }
  const maxBytes = Math.floor(options.maxBytes);
  const sweepIntervalMs = options.sweepIntervalMs ?? 10 * 60_000;
  if (!Number.isFinite(sweepIntervalMs) || sweepIntervalMs < 0) {
    throw new TypeError(`createDiskCache: sweepIntervalMs must be a number ≥ 0, got ${sweepIntervalMs}`);
  }
  const tmpDir = path.join(dir, TMP_DIR);

  // hash → file size, in least-recently-used-first order (Map keeps insertion order).
  const index = new Map<string, number>();
  let totalBytes = 0;
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  const fileOf = (hash: string) => path.join(dir, hash.slice(0, 2), hash + ENTRY_SUFFIX);

  function track<T>(p: Promise<T>): Promise<T> {
    pending.add(p);
    const done = () => pending.delete(p);
    p.then(done, done);
    return p;
  }

  function forget(hash: string): void {
    const size = index.get(hash);
    if (size === undefined) return;
    index.delete(hash);
    totalBytes -= size;
  }

  function remember(hash: string, size: number): void {
    forget(hash);
    index.set(hash, size);
    totalBytes += size;
  }

  async function removeFile(hash: string): Promise<void> {
    forget(hash);
    await unlink(fileOf(hash)).catch((err) => {
      if (!isNotFound(err)) throw err;
    });
  }

  /** Deletes least recently used entries until the total fits the budget. */
  async function trim(): Promise<void> {
    const victims: string[] = [];
    for (const [hash, size] of index) {
      if (totalBytes <= maxBytes) break;
      victims.push(hash);
      index.delete(hash);
      totalBytes -= size;
    }
    await Promise.all(victims.map((hash) => unlink(fileOf(hash)).catch(() => {})));
  }

  /** Rebuilds the index from the folder (oldest mtime first), drops stale temp files, trims. */
  async function scan(): Promise<void> {
    await mkdir(tmpDir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
      const file = path.join(tmpDir, name);
      const st = await stat(file).catch(() => null);
      if (st && now - st.mtimeMs > STALE_TMP_MS) await unlink(file).catch(() => {});
    }
    const found: { hash: string; size: number; mtimeMs: number }[] = [];
    for (const sub of await readdir(dir)) {
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      for (const name of await readdir(path.join(dir, sub)).catch(() => [] as string[])) {
        const hash = name.slice(0, -ENTRY_SUFFIX.length);
        if (!name.endsWith(ENTRY_SUFFIX) || !/^[0-9a-f]{64}$/.test(hash) || hash.slice(0, 2) !== sub) continue;
        const st = await stat(path.join(dir, sub, name)).catch(() => null);
        if (st?.isFile()) found.push({ hash, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    index.clear();
    totalBytes = 0;
    for (const f of found) remember(f.hash, f.size);
    await trim();
  }

  const ready = maxBytes > 0 ? scan() : Promise.resolve();
  // Surface a failed startup scan on each call (so the tiered cache logs it), not as an
  // unhandled rejection.
  ready.catch(() => {});

  const timer =
    maxBytes > 0 && sweepIntervalMs > 0
      ? setInterval(() => {
          if (!closed) void track(ready.then(scan)).catch(() => {});
        }, sweepIntervalMs)
      : null;
  timer?.unref();

  async function get(key: string): Promise<CachedCard | null> {
    if (maxBytes === 0) return null;
    await ready;
    const hash = hashKey(key);
    const file = fileOf(hash);
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (err) {
      if (isNotFound(err)) {
        forget(hash);
        return null;
      }
      throw err;
    }
    const entry = decodeEntry(raw, key);
    if (!entry) {
      await removeFile(hash).catch(() => {});
      return null;
    }
    remember(hash, raw.length); // most recently used now (also adopts files other processes wrote)
    const now = new Date();
    void track(utimes(file, now, now)).catch(() => {});
    return entry;
  }

  async function set(key: string, value: CachedCard): Promise<void> {
    if (maxBytes === 0 || closed) return;
    // An entry that could never be served is not written (get would refuse it anyway).
    if (!isServableCard(value)) return;
    await ready;
    const hash = hashKey(key);
    const data = encodeEntry(key, value);
    if (data.length > maxBytes) {
      // Bigger than the whole budget: keeping it would evict everything else.
      await removeFile(hash);
      return;
    }
    const target = fileOf(hash);
    const tmp = path.join(tmpDir, `${hash}.${process.pid}.${randomUUID()}.tmp`);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await writeFile(tmp, data, { flag: 'wx' });
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
    remember(hash, data.length);
    await trim();
  }

  return {
    name: 'disk',
    get: (key) => track(get(key)),
    set: (key, value) => track(set(key, value)),
    async delete(key) {
      if (maxBytes === 0) return;
      await ready;
      await track(removeFile(hashKey(key)));
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await Promise.allSettled([ready, ...pending]);
    },
  };
}
