/**
 * The User-Agent of every ingest request: sharecard and its version, so a site's operator
 * can see who reads their pages and find the project.
 */
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  // src/ingest/ and dist/src/ingest/ both sit below the package root.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sharecard' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}

export const SHARECARD_VERSION = packageVersion();
export const SYNC_USER_AGENT = `sharecard/${SHARECARD_VERSION} (feed and page sync)`;
