/**
 * Shared test setup: a temp data directory, a silent logger, the fixtures in test/fixtures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import type { RenderPool } from '../src/render/pool.js';
import { createServices, type Services } from '../src/services.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

export interface FixtureArticle {
  slug: string;
  [key: string]: unknown;
}

export function loadFixtures(): FixtureArticle[] {
  return JSON.parse(readFileSync(path.join(fixturesDir, 'articles.json'), 'utf8'));
}

/** The fixture body without its slug, ready to PUT. */
export function fixtureBody(f: FixtureArticle): Record<string, unknown> {
  const { slug: _slug, ...body } = f;
  return body;
}

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export function tempDir(prefix = 'sharecard-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A config like production's, over a temp directory, with the fixture images served locally. */
export function testConfig(dataDir: string, overrides: Record<string, unknown> = {}): Config {
  const base = {
    site: { name: 'Example News', url: 'https://news.example.com', x: 'examplenews', bluesky: 'examplenews.bsky.social' },
    // The event-loop signal of load shedding off unless a test is about it
    // (test/load-shed.test.ts, test/http-public-pages.test.ts): on a machine saturated by the
    // suite itself the test process's loop does run late, and a GET right after a slow first
    // PUT was refused (test/http-manners.test.ts, once in three full runs).
    server: { publicUrl: 'https://share.example.com', loadShedding: { maxEventLoopDelayMs: 0 } },
    storage: { dataDir },
    images: {
      allowedOrigins: ['https://news.example.com'],
      localRoots: { 'https://news.example.com/media/': path.join(fixturesDir, 'images') },
    },
    security: { apiToken: TEST_TOKEN, signingKeys: ['test-signing-key-0123456789'] },
    // Off unless a test is about it (test/prerender-*.test.ts): cards drawn in the background
    // after every PUT would load the CPU of tests about other things and skew render counts.
    render: { drawOnPublish: false },
  };
  return parseConfig(deepMerge(base, overrides), repoRoot);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    out[k] = v && av && typeof v === 'object' && typeof av === 'object' && !Array.isArray(v) ? deepMerge(av as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

export const silentLog = pino({ level: 'silent' });

/** Services over a fresh temp directory; call `cleanup` in afterAll/afterEach. */
export async function createTestServices(
  overrides: Record<string, unknown> = {},
  renderPool?: RenderPool,
): Promise<{ services: Services; cleanup: () => Promise<void> }> {
  const tmp = tempDir();
  const services = await createServices(testConfig(tmp.dir, overrides), { log: silentLog, ...(renderPool ? { renderPool } : {}) });
  return {
    services,
    cleanup: async () => {
      await services.close();
      tmp.cleanup();
    },
  };
}

export const auth = { authorization: `Bearer ${TEST_TOKEN}` };

/** Serves the real app on a loopback port for fetch-based HTTP tests. */
export async function listen(services: Services): Promise<{ url: string; close: () => Promise<void> }> {
  const { createApp } = await import('../src/http/app.js');
  const app = createApp(services);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Services over a temp directory, served on loopback, optionally with every fixture PUT
 * through the API (each must answer 201). Call `stop` in afterAll.
 */
export async function startTestServer(
  options: { overrides?: Record<string, unknown>; withFixtures?: boolean; renderPool?: RenderPool } = {},
): Promise<{ services: Services; url: string; stop: () => Promise<void> }> {
  const t = await createTestServices(options.overrides, options.renderPool);
  const server = await listen(t.services);
  if (options.withFixtures) {
    for (const f of loadFixtures()) {
      const res = await fetch(`${server.url}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(f)) });
      if (res.status !== 201) throw new Error(`PUT ${f.slug}: ${res.status} ${await res.text()}`);
    }
  }
  return {
    services: t.services,
    url: server.url,
    stop: async () => {
      await server.close();
      await t.cleanup();
    },
  };
}
