/**
 * The static feed export behind `sharecard feeds --out <dir>`: writes every feed as a static file, at the path its URL has
 * under the public base URL (`<dir>/feeds/rss.xml`, `<dir>/feeds/tags/iran/atom.xml`, …), so
 * the folder can be served by any static host at `server.publicUrl`.
 *
 * Every page is written, built by the same code as the HTTP route: page 1 at the feed's own
 * path, page N beside it (`rss-2.xml`, `atom-2.xml`, `feed-2.json`). A static host cannot
 * answer `?page=N`, so the RFC 5005 links (and JSON Feed's `next_url`) name those files. A
 * feed that fits on one page has no paging links and is byte-identical to what `GET` serves.
 *
 * Folder names are the scope's key (keyOf in src/core/text.ts), which is also the URL path
 * segment before percent-encoding: the server links `/feeds/tags/c-%26-.net-%3Ctest%3E/rss.xml`
 * (src/core/links.ts encodes each segment with encodeURIComponent) and a static host (nginx,
 * Apache, Caddy, S3 websites, serve-static) percent-decodes the request path before mapping it
 * to a file, so it answers that URL from `feeds/tags/c-&-.net-<test>/rss.xml`. A folder named
 * `c-%26-.net-%3Ctest%3E` would be looked up as `c-&-.net-<test>` and answer 404. keyOf
 * already turns what a host would not decode back into one segment (`/ ? # % \`) into "-".
 * A key that cannot be a folder name at all ("." or "..", or longer than a file name may be)
 * is skipped and reported: its URL is left as it is, and only the server answers it.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { feedFiles, staticFeedFile, type FeedFormat } from '../core/links.js';
import type { FeedScopeRef } from '../core/feeds/index.js';
import type { FeedService } from './service.js';

export interface ExportSummary {
  /** Paths written, relative to the output folder, with forward slashes. */
  files: string[];
  /** Scope values whose key cannot be a folder name, and why. */
  skipped: (FeedScopeRef & { reason: string })[];
}

/** Longest file name ext4 and XFS accept, in UTF-8 bytes; APFS and NTFS count 255 UTF-16 units, which 255 bytes never exceed. */
const MAX_NAME_BYTES = 255;

/** Why `value` cannot be written as a folder named as its URL segment decodes, or null. */
function folderProblem(value: string): string | null {
  if (value === '.' || value === '..') return 'not a usable folder name';
  if (Buffer.byteLength(value) > MAX_NAME_BYTES) return `longer than a folder name may be (${MAX_NAME_BYTES} bytes of UTF-8)`;
  return null;
}

const formats = Object.keys(feedFiles) as FeedFormat[];

/** Writes all feeds under `outDir`; each file is written to a temporary name and renamed, so readers never see half a file. */
export async function exportFeeds(feeds: FeedService, outDir: string): Promise<ExportSummary> {
  const root = path.resolve(outDir);
  const summary: ExportSummary = { files: [], skipped: [] };
  const targets: (FeedScopeRef | undefined)[] = [undefined, ...(await feeds.listScopes())];
  for (const scope of targets) {
    const segments = scope ? ['feeds', scope.scope, scope.value] : ['feeds'];
    const problem = scope && folderProblem(scope.value);
    if (scope && problem) {
      summary.skipped.push({ ...scope, reason: problem });
      continue;
    }
    const dir = path.join(root, ...segments);
    await mkdir(dir, { recursive: true });
    for (const format of formats) {
      let pageCount = 1;
      for (let page = 1; page <= pageCount; page++) {
        const doc = await feeds.buildStatic({ format, page, ...(scope ? { scope } : {}) });
        pageCount = doc.pageCount;
        const name = staticFeedFile(format, page);
        const file = path.join(dir, name);
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, doc.body);
        await rename(tmp, file);
        summary.files.push([...segments, name].join('/'));
      }
    }
  }
  return summary;
}
