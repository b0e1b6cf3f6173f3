/**
 * `sharecard feeds --out <dir>` writes the bytes HTTP serves, and a fresh process over the
 * same data builds the same bytes again (no clock in the output). A feed of several pages is
 * written page by page, linked by file name, since a static host cannot answer `?page=N`.
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

const PUBLIC_URL = 'https://share.example.com';

/** Runs `sharecard feeds --out <tmp>/<name>` over the test server's data, with `extra` config; returns the folder. */
async function exportFeedsCli(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const configFile = path.join(tmp.dir, `${name}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      site: { name: 'Example News', url: 'https://news.example.com' },
      server: { publicUrl: PUBLIC_URL },
      storage: { dataDir: server.services.config.storage.dataDir },
      security: { apiToken: TEST_TOKEN },
      ...extra,
    }),
  );
  const out = path.join(tmp.dir, name);
  vi.stubEnv('SHARECARD_CONFIG', configFile);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    expect(await main(['feeds', '--out', out])).toBeFalsy();
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
  }
  return out;
}

describe('sharecard feeds --out', () => {
  it('writes every feed with the same bytes as GET', async () => {
    const out = await exportFeedsCli('public');
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

  it('writes every page of a long feed, linked by file name, with the items GET pages through', async () => {
    const publicUrl = PUBLIC_URL;
    const out = await exportFeedsCli('paged', { feeds: { pageSize: 2 } });
    const live = await createServices(testConfig(server.services.config.storage.dataDir, { server: { publicUrl }, feeds: { pageSize: 2 } }), { log: silentLog });
    try {
      const fileOf = (url: string) => {
        expect(url.startsWith(`${publicUrl}/`), url).toBe(true);
        return path.join(out, ...url.slice(publicUrl.length + 1).split('/').map(decodeURIComponent));
      };
      const { pageCount } = await live.feeds.get({ format: 'rss' });
      expect(pageCount, 'the fixtures make a feed of several pages').toBeGreaterThan(2);

      // RSS: follow rel=next from the first file to the last, as a reader would.
      const liveGuids: string[] = [];
      for (let page = 1; page <= pageCount; page++) {
        const channel = parseXml((await live.feeds.get({ format: 'rss', page })).body.toString()).rss.channel;
        liveGuids.push(...[channel.item].flat().map((i: any) => i.guid['#text'] ?? i.guid));
      }
      const staticGuids: string[] = [];
      let url: string | undefined = `${publicUrl}/feeds/rss.xml`;
      const visited: string[] = [];
      while (url) {
        visited.push(url);
        const channel: any = parseXml(readFileSync(fileOf(url), 'utf8')).rss.channel;
        const links: Record<string, string> = Object.fromEntries([channel['atom:link']].flat().map((l: any) => [l['@rel'], l['@href']]));
        expect(links.self, url).toBe(url);
        expect(links.first).toBe(`${publicUrl}/feeds/rss.xml`);
        expect(links.last).toBe(`${publicUrl}/feeds/rss-${pageCount}.xml`);
        for (const href of Object.values(links) as string[]) expect(href, 'no query a static host cannot answer').not.toContain('?');
        staticGuids.push(...[channel.item].flat().map((i: any) => i.guid['#text'] ?? i.guid));
        url = links.next;
      }
      expect(visited).toHaveLength(pageCount);
      expect(staticGuids).toEqual(liveGuids);

      // JSON Feed 1.1 pages through next_url; Atom through rel=next.
      const ids: string[] = [];
      let next: string | undefined = `${publicUrl}/feeds/feed.json`;
      while (next) {
        const doc = JSON.parse(readFileSync(fileOf(next), 'utf8'));
        ids.push(...doc.items.map((i: { id: string }) => i.id));
        next = doc.next_url;
      }
      expect(ids).toHaveLength(liveGuids.length);
      const atomLast = parseXml(readFileSync(path.join(out, 'feeds', `atom-${pageCount}.xml`), 'utf8')).feed;
      expect([atomLast.link].flat().some((l: any) => l['@rel'] === 'next'), 'the last page has no next').toBe(false);
      expect(readdirSync(path.join(out, 'feeds')).filter((f) => /^atom(-\d+)?\.xml$/.test(f))).toHaveLength(pageCount);
    } finally {
      await live.close();
    }
  });
});
