/**
 * `sharecard feeds --out <dir>` writes the bytes HTTP serves, and a fresh process over the
 * same data builds the same bytes again (no clock in the output).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { createServices } from '../src/services.js';
import { parseXml, startFeedServer, type FeedTestServer } from './feed-helpers.js';
import { silentLog, tempDir, testConfig, TEST_TOKEN } from './helpers.js';

let server: FeedTestServer;
const tmp = tempDir('sharecard-feeds-export-');
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.stop();
  tmp.cleanup();
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory() ? listFiles(path.join(dir, name), rel) : [rel];
  });
}

describe('sharecard feeds --out', () => {
  it('writes every feed with the same bytes as GET', async () => {
    const dataDir = server.services.config.storage.dataDir;
    const configFile = path.join(tmp.dir, 'sharecard.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        site: { name: 'Example News', url: 'https://news.example.com' },
        server: { publicUrl: 'https://share.example.com' },
        storage: { dataDir },
        security: { apiToken: TEST_TOKEN },
      }),
    );
    const out = path.join(tmp.dir, 'public');
    vi.stubEnv('SHARECARD_CONFIG', configFile);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['feeds', '--out', out])).toBeFalsy();
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    const files = listFiles(out).sort();
    const scopes = await server.services.feeds.listScopes();
    expect(files).toHaveLength(3 * (1 + scopes.length));
    expect(files).toContain('feeds/rss.xml');
    expect(files).toContain('feeds/tags/united-states/atom.xml');
    expect(files).toContain('feeds/languages/fa/feed.json');
    expect(files.some((f) => f.includes('draft'))).toBe(false);
    for (const file of files) {
      const urlPath = '/' + file.split('/').map(encodeURIComponent).join('/');
      const res = await fetch(server.base + urlPath);
      expect(res.status, file).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(path.join(out, file))), file).toBe(true);
    }
  });

  it('rebuilds byte-identical documents in a fresh process over the same data', async () => {
    const fresh = await createServices(testConfig(server.services.config.storage.dataDir), { log: silentLog });
    try {
      for (const format of ['rss', 'atom', 'json'] as const) {
        for (const scope of [undefined, { scope: 'tags' as const, value: 'iran' }]) {
          const a = await server.services.feeds.get({ format, ...(scope ? { scope } : {}) });
          const b = await fresh.feeds.get({ format, ...(scope ? { scope } : {}) });
          expect(b.body.equals(a.body)).toBe(true);
          expect(b.etag).toBe(a.etag);
        }
      }
    } finally {
      await fresh.close();
    }
  });

  it('leaves paging links out of static files, which cannot answer ?page=N', async () => {
    const paged = await createServices(testConfig(server.services.config.storage.dataDir, { feeds: { pageSize: 2 } }), { log: silentLog });
    try {
      const live = parseXml((await paged.feeds.get({ format: 'rss' })).body.toString()).rss.channel;
      expect(live['atom:link'].map((l: any) => l['@rel'])).toEqual(['self', 'first', 'next', 'last']);
      const file = parseXml((await paged.feeds.buildStatic({ format: 'rss' })).body.toString()).rss.channel;
      expect(file['atom:link'].map((l: any) => l['@rel'])).toEqual(['self']);
      expect(file.item).toHaveLength(2);
    } finally {
      await paged.close();
    }
  });
});
