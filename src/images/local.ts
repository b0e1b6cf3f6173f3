/**
 * Images served from local folders (`images.localRoots`: URL prefix → folder). A URL under a
 * prefix is read from disk and never fetched. The path is built from decoded URL segments
 * that may not be empty, `.`, `..` or contain a separator or NUL; the real path (symlinks
 * resolved) must stay inside the root's real path; only regular files are read, opened with
 * O_NOFOLLOW and O_NONBLOCK (a FIFO or device planted in the folder cannot hang or feed us).
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ImageRefused } from './fetch.js';

export interface LocalRoot {
  origin: string;
  /** Path prefix, always ending in "/". */
  pathPrefix: string;
  dir: string;
}

/** Normalizes the config map; longest prefix first so nested roots win. */
export function parseLocalRoots(localRoots: Record<string, string>): LocalRoot[] {
  const roots: LocalRoot[] = [];
  for (const [prefix, dir] of Object.entries(localRoots)) {
    const u = new URL(prefix);
    roots.push({ origin: u.origin, pathPrefix: u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`, dir: path.resolve(dir) });
  }
  return roots.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
}

/** The root a URL falls under, if any (same origin, path under the prefix; query ignored). */
export function matchLocalRoot(url: URL, roots: readonly LocalRoot[]): LocalRoot | undefined {
  return roots.find((r) => url.origin === r.origin && url.pathname.startsWith(r.pathPrefix));
}

function relativeSegments(url: URL, root: LocalRoot): string[] {
  const rest = url.pathname.slice(root.pathPrefix.length);
  if (!rest) throw new ImageRefused('local path names a folder, not a file');
  return rest.split('/').map((raw) => {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new ImageRefused('local path has malformed percent-encoding');
    }
    // WHATWG URL already removed literal dot segments; these catch encoded and odd spellings.
    if (seg === '' || seg === '.' || seg === '..' || /[/\\\0]/.test(seg)) throw new ImageRefused('local path escapes its root or is malformed');
    return seg;
  });
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Reads the file behind a local-root URL, at most maxBytes. Throws ImageRefused. */
export async function readLocalImage(url: URL, root: LocalRoot, maxBytes: number): Promise<Buffer> {
  const segments = relativeSegments(url, root);
  const candidate = path.join(root.dir, ...segments);
  if (!isInside(candidate, root.dir)) throw new ImageRefused('local path escapes its root');
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root.dir);
    realFile = await realpath(candidate);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImageRefused(code === 'ENOENT' || code === 'ENOTDIR' ? 'local file not found' : `local file unreadable (${code ?? 'error'})`);
  }
  if (!isInside(realFile, realRoot)) throw new ImageRefused('local path resolves outside its root (symlink)');

  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle;
  try {
    handle = await open(realFile, flags);
  } catch (err) {
    throw new ImageRefused(`local file unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new ImageRefused('local path is not a regular file');
    if (st.size > maxBytes) throw new ImageRefused(`local file of ${st.size} bytes exceeds images.maxSourceBytes (${maxBytes})`);
    // Read one byte past the limit so a file that grew after fstat is still caught.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buf.length) break;
    }
    if (filled > maxBytes) throw new ImageRefused(`local file exceeds images.maxSourceBytes (${maxBytes})`);
    return buf.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
