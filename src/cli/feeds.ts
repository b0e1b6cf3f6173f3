/**
 * `sharecard feeds --out <dir>`: writes every feed as a static file, at the path its URL has
 * under the public base URL (`<dir>/feeds/rss.xml`, `<dir>/feeds/tags/iran/atom.xml`, …), so
 * the folder can be served by any static host at `server.publicUrl`.
 *
 * Every page is written, built by the same code as the HTTP route: page 1 at the feed's own
 * path, page N beside it (`rss-2.xml`, `atom-2.xml`, `feed-2.json`). A static host cannot
 * answer `?page=N`, so the RFC 5005 links (and JSON Feed's `next_url`) name those files. A
 * feed that fits on one page has no paging links and is byte-identical to what `GET` serves.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { feedFiles, staticFeedFile, type FeedFormat } from '../core/links.js';
import type { FeedScopeRef } from '../core/feeds/index.js';
import type { FeedService } from '../feeds/service.js';

export interface ExportSummary {
  /** Paths written, relative to the output folder, with forward slashes. */
  files: string[];
  /** Scope values whose key cannot be a folder name ("." or ".."). */
  skipped: FeedScopeRef[];
}

const formats = Object.keys(feedFiles) as FeedFormat[];

/** Writes all feeds under `outDir`; each file is written to a temporary name and renamed, so readers never see half a file. */
export async function exportFeeds(feeds: FeedService, outDir: string): Promise<ExportSummary> {
  const root = path.resolve(outDir);
  const summary: ExportSummary = { files: [], skipped: [] };
  const targets: (FeedScopeRef | undefined)[] = [undefined, ...(await feeds.listScopes())];
  for (const scope of targets) {
    const segments = scope ? ['feeds', scope.scope, scope.value] : ['feeds'];
    if (scope && (scope.value === '.' || scope.value === '..')) {
      summary.skipped.push(scope);
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
