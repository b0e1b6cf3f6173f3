/** sharecard's version, from its package.json: the CLI's --version and the User-Agent of every request it makes. */
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  // src/ and dist/src/ both sit below the package root.
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sharecard' && pkg.version) return pkg.version;
    } catch {
      // not at this level: try the next
    }
  }
  return '0.0.0';
}

export const SHARECARD_VERSION = packageVersion();
