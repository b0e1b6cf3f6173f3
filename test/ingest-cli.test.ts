/**
 * `sharecard sync <url>` through the real CLI entry: the text report, --dry-run, --json,
 * --limit, and the exit codes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { tempDir } from './helpers.js';
import { buildSite, startSite, type Site } from './ingest-site.js';

let site: Site;
const tmp = tempDir();
beforeAll(async () => {
  site = await startSite(buildSite);
  const config = { storage: { dataDir: path.join(tmp.dir, 'data') }, ingest: { hostDelayMs: 0, fetchTimeoutMs: 1000 }, security: { apiToken: 'cli-test-token-0123456789' } };
  writeFileSync(path.join(tmp.dir, 'config.json'), JSON.stringify(config));
});
afterAll(async () => {
  await site.close();
  tmp.cleanup();
});

async function run(args: string[]): Promise<{ code: number | void; out: string; err: string }> {
  vi.stubEnv('SHARECARD_CONFIG', path.join(tmp.dir, 'config.json'));
  vi.stubEnv('LOG_LEVEL', 'silent');
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  const error = vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  try {
    return { code: await main(['sync', ...args]), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('sharecard sync', () => {
  it('--dry-run prints what would change and writes nothing', async () => {
    const { code, out } = await run([`${site.origin}/feed.json`, '--dry-run']);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `${site.origin}/feed.json (json-feed): 2 stories found, 2 read (dry run: nothing written)`,
      'created 2, updated 0, unchanged 0, unpublished 0, collisions 0, failed 0',
      `  would create markets-rally ${site.origin}/business/markets-rally.html`,
      `  would create quiet-story ${site.origin}/plain/quiet-story`,
      `  warning: photos on ${site.origin} are not in images.allowedOrigins: cards will be drawn without them until it is added`,
    ]);
    const store = openSqliteStore({ dataDir: path.join(tmp.dir, 'data') });
    expect(await store.get('quiet-story')).toBeNull();
    await store.close();
  });

  it('stores, then reports everything unchanged; --json prints the report', async () => {
    expect((await run([`${site.origin}/feed.json`])).out).toContain(`  created quiet-story ${site.origin}/plain/quiet-story`);
    const { code, out } = await run([`${site.origin}/feed.json`, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 2, unpublished: 0, collision: 0, failed: 0 });
  });

  it('exits 2 when a story failed, listing it with the reason; --limit is checked', async () => {
    const { code, out } = await run([`${site.origin}/feed.xml`, '--limit', '8']);
    expect(code).toBe(2);
    expect(out).toContain(`  failed - ${site.origin}/hostile/loop: more than ingest.maxRedirects (5) redirects`);
    const bad = await run([`${site.origin}/feed.xml`, '--limit', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--limit: must be a whole number of at least 1');
    const badOrigin = await run([`${site.origin}/feed.xml`, '--origin', 'not-a-url']);
    expect(badOrigin.code).toBe(1);
    expect(badOrigin.err).toContain('origins.0: must be an absolute http: or https: URL');
  });
});
