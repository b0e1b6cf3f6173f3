/**
 * `sharecard feeds --out <dir>` writes the bytes HTTP serves, and a fresh process over the
 * same data builds the same bytes again (no clock in the output). A feed of several pages is
 * written page by page, linked by file name, since a static host cannot answer `?page=N`.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { parseArticle } from '../src/core/article.js';
import { keyOf } from '../src/core/text.js';
import { createServices } from '../src/services.js';
import { parseXml, startFeedServer, type FeedTestServer } from './feed-helpers.js';
import { listen, silentLog, tempDir, testConfig, TEST_TOKEN } from './helpers.js';

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

/**
 * Runs `sharecard feeds --out <tmp>/<name>` over the test server's data (or `dataDir`), with
 * `extra` config; returns the folder. What the command prints goes to `printed`.
 */
async function exportFeedsCli(name: string, extra: Record<string, unknown> = {}, dataDir = server.services.config.storage.dataDir, printed: string[] = []): Promise<string> {
  const configFile = path.join(tmp.dir, `${name}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      site: { name: 'Example News', url: 'https://news.example.com' },
      server: { publicUrl: PUBLIC_URL },
      storage: { dataDir },
      security: { apiToken: TEST_TOKEN },
      ...extra,
    }),
  );
  const out = path.join(tmp.dir, name);
  vi.stubEnv('SHARECARD_CONFIG', configFile);
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
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

  it('--help describes what the command writes: every page, linked by file name', async () => {
    const help: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (help.push(String(chunk)), true));
    try {
      expect(await main(['feeds', '--help'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    const text = help.join('').replace(/\s+/g, ' ');
    expect(text).not.toMatch(/page 1|no paging/i);
    expect(text).toMatch(/every page/);
    expect(text).toContain('rss-2.xml');
  });
});

describe('sharecard feeds --out: folder names a static host maps the feed URLs to', () => {
  const tags = ['C & .NET <Test>', '.net', 'a+b', 'Café', "it's 100% (sic)", 'Q: why?'];
  const author = 'O\'Brien & "Sons" <desk@example.com>';
  const longAuthor = '記者'.repeat(50); // 100 characters, 300 bytes of UTF-8: no file system takes that name
  let live: { services: Awaited<ReturnType<typeof createServices>>; url: string; close: () => Promise<void> };
  let out: string;
  const printed: string[] = [];
  let staticBase: string;
  let closeStatic: () => void;

  beforeAll(async () => {
    const dataDir = path.join(tmp.dir, 'odd-keys-data');
    const services = await createServices(testConfig(dataDir), { log: silentLog });
    await services.store.put('odd-keys', parseArticle({ url: 'https://news.example.com/odd', title: 'Odd keys', section: 'Q&A', tags, authors: [{ name: author }] }));
    await services.store.put('long-byline', parseArticle({ url: 'https://news.example.com/long', title: 'Long byline', authors: [{ name: longAuthor }] }));
    live = { services, ...(await listen(services)) };
    out = await exportFeedsCli('odd-keys', {}, dataDir, printed);
    // A static host: serve-static (Express) percent-decodes the path and maps it to a file, as
    // nginx, Apache, Caddy or an S3 website do. Dot-folders (the tag ".net") are served as-is.
    const app = express().use(express.static(out, { dotfiles: 'allow', index: false, redirect: false }));
    const httpServer = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    staticBase = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    closeStatic = () => httpServer.close();
  });
  afterAll(async () => {
    closeStatic?.();
    await live?.close();
    await live?.services.close();
  });

  /** The URL a feed document gives for itself. */
  function selfUrl(file: string): string {
    const text = readFileSync(path.join(out, file), 'utf8');
    if (file.endsWith('.json')) return JSON.parse(text).feed_url;
    const doc = parseXml(text);
    const links: any[] = doc.rss ? [doc.rss.channel['atom:link']].flat() : [doc.feed.link].flat();
    return links.find((l) => l['@rel'] === 'self')['@href'];
  }

  it('answers every URL the server gives these feeds from the exported files', async () => {
    const files = listFiles(out).filter((f) => f.split('/').length === 4);
    const keys = new Set(files.map((f) => f.split('/').slice(1, 3).join('/')));
    for (const t of tags) expect(keys, t).toContain(`tags/${keyOf(t)}`);
    expect(keys).toContain(`authors/${keyOf(author)}`);
    expect(keys).toContain('sections/q&a');
    for (const file of files) {
      const url = selfUrl(file);
      expect(url.startsWith(`${PUBLIC_URL}/feeds/`), url).toBe(true);
      const urlPath = url.slice(PUBLIC_URL.length);
      // The folder is the URL's path segment, percent-decoded.
      expect(urlPath.split('/').slice(1).map(decodeURIComponent).join('/'), url).toBe(file);
      const fromServer = await fetch(live.url + urlPath);
      expect(fromServer.status, `server ${urlPath}`).toBe(200);
      const fromStatic = await fetch(staticBase + urlPath);
      expect(fromStatic.status, `static host ${urlPath}`).toBe(200);
      const body = Buffer.from(await fromStatic.arrayBuffer());
      expect(body.equals(readFileSync(path.join(out, file))), file).toBe(true);
      expect(body.equals(Buffer.from(await fromServer.arrayBuffer())), file).toBe(true);
    }
    // The article's own links to its section and language feeds resolve on the static host too.
    const links = (await (await fetch(`${live.url}/api/articles/odd-keys`)).json()).links.feeds;
    for (const href of [links.section, links.language, links.rss]) {
      const res = await fetch(staticBase + new URL(href).pathname);
      expect(res.status, href).toBe(200);
      await res.arrayBuffer();
    }
  });

  it('skips and reports a key too long to be a folder name, and writes the rest', async () => {
    const longKey = keyOf(longAuthor);
    expect(existsSync(path.join(out, 'feeds', 'authors', keyOf(author), 'rss.xml'))).toBe(true);
    expect(readdirSync(path.join(out, 'feeds', 'authors'))).not.toContain(longKey);
    const skipped = printed.filter((l) => l.includes('skipped'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toContain(`authors "${longKey}"`);
    // The server still answers its URL: only the static copy lacks it.
    const res = await fetch(`${live.url}/feeds/authors/${encodeURIComponent(longKey)}/rss.xml`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });
});
