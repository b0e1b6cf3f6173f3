/**
 * Each ingest limit is enforced: ingest.maxDocumentBytes, maxStories, maxSitemaps,
 * concurrency and hostDelayMs (the gate, with a fake clock), and the config keys are checked at
 * startup with a message naming them. (maxRedirects and fetchTimeoutMs: test/ingest-sync.test.ts.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { createHostGate } from '../src/ingest/fetcher.js';
import { syncSource } from '../src/ingest/service.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { repoRoot, tempDir, testConfig } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A site of `n` small article pages listed by /feed.json; each page is held `holdMs` before it is answered. */
async function startPages(n: number, holdMs = 0) {
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/feed.json') {
      res.writeHead(200, { 'content-type': 'application/feed+json' });
      res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: Array.from({ length: n }, (_, i) => ({ id: String(i), url: `/p/story-${i}` })) }));
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><meta property="og:title" content="Story ${req.url}"></head></html>`);
    }, holdMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxInFlight: () => maxInFlight };
}

function setup(ingest: Record<string, unknown>) {
  const dir = tempDir();
  const config = testConfig(dir.dir, { ingest: { hostDelayMs: 0, ...ingest } });
  const store = openSqliteStore({ dataDir: dir.dir });
  cleanups.push(async () => {
    await store.close();
    dir.cleanup();
  });
  return { config, store };
}

describe('ingest limits', () => {
  it('ingest.maxDocumentBytes: a larger document is refused, the limit named', async () => {
    const site = await startPages(2);
    const { config, store } = setup({ maxDocumentBytes: 60 });
    const report = await syncSource({ config, store }, { url: `${site.origin}/feed.json` }).catch((e) => e);
    // The feed itself is over 60 bytes: the source is refused with the limit named.
    expect(String(report.message)).toMatch(/larger than ingest\.maxDocumentBytes \(60 bytes/);
  });

  it('ingest.maxStories caps a run, and --limit lowers it further', async () => {
    const site = await startPages(5);
    const { config, store } = setup({ maxStories: 3 });
    const report = await syncSource({ config, store }, { url: `${site.origin}/feed.json` });
    expect(report.found).toBe(5);
    expect(report.items).toHaveLength(3);
    expect((await syncSource({ config, store }, { url: `${site.origin}/feed.json`, limit: 1 })).items).toHaveLength(1);
  });

  it('ingest.concurrency bounds the pages read at once', async () => {
    const site = await startPages(6, 100);
    const { config, store } = setup({ concurrency: 2 });
    const report = await syncSource({ config, store }, { url: `${site.origin}/feed.json` });
    expect(report.counts.created).toBe(6);
    expect(site.maxInFlight()).toBe(2);
  });

  it('ingest.maxSitemaps: only that many child sitemaps are read, with a warning', async () => {
    const server = http.createServer((req, res) => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/index.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<sitemapindex>${[1, 2, 3].map((i) => `<sitemap><loc>${origin}/s${i}.xml</loc></sitemap>`).join('')}</sitemapindex>`);
      } else if (req.url?.startsWith('/s')) {
        res.writeHead(200, { 'content-type': 'application/xml' }).end(`<urlset><url><loc>${origin}/p${req.url.slice(2, 3)}</loc></url></urlset>`);
      } else res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>Page ${req.url}</title>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const { config, store } = setup({ maxSitemaps: 2 });
    const report = await syncSource({ config, store }, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.xml` });
    expect(report.found).toBe(2);
    expect(report.warnings).toEqual(['read the first 2 of 3 sitemaps (ingest.maxSitemaps)']);
  });

  it('ingest.hostDelayMs: each request to a host waits for the next free slot; other hosts do not wait', async () => {
    let now = 1000;
    const slept: number[] = [];
    const gate = createHostGate(80, { now: () => now, sleep: async (ms) => void slept.push(ms) });
    await Promise.all([gate('a.example'), gate('a.example'), gate('a.example'), gate('b.example')]);
    expect(slept).toEqual([80, 160]);
    now = 1300;
    await gate('a.example');
    expect(slept).toEqual([80, 160]);
  });

  it('config: every ingest key is checked at startup, by name', () => {
    const bad = () =>
      parseConfig(
        {
          sources: [{ url: 'ftp://x', every: '5s' }, { url: 'https://n.example/feed.xml', every: '15m', origins: ['nope'] }],
          ingest: { concurrency: 0, maxDocumentBytes: -1, slugFrom: 'title' },
          ghost: { webhookSecret: 'short' },
        },
        repoRoot,
      );
    let message = '';
    try {
      bad();
    } catch (err) {
      message = (err as Error).message;
    }
    for (const key of ['sources.0.url', 'sources.0.every', 'sources.1.origins.0', 'ingest.concurrency', 'ingest.maxDocumentBytes', 'ingest.slugFrom', 'ghost.webhookSecret']) {
      expect(message).toContain(`${key}:`);
    }
    const ok = parseConfig({ sources: [{ url: 'https://n.example/feed.xml', every: '15m' }] }, repoRoot);
    expect(ok.sources).toEqual([{ url: 'https://n.example/feed.xml', every: 900, origins: [] }]);
    expect(ok.ingest).toMatchObject({ concurrency: 4, hostDelayMs: 250, maxDocumentBytes: 5 * 1024 * 1024, slugFrom: 'last-segment' });
  });
});
