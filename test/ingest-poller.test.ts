/**
 * Polled `sources`: a round syncs every source; with PostgreSQL, one replica at a time per
 * source (a session advisory lock named after it), and the remembered HTTP state is shared in
 * the database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../src/ingest/config-schema.js';
import { sourceLockKey, startSourcePolling } from '../src/ingest/poller.js';
import type { SyncReport } from '../src/ingest/sync.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { serviceAvailable, testDatabaseUrl } from './services-available.js';
import { silentLog, tempDir, testConfig } from './helpers.js';

let origin: string;
let server: http.Server;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/feed.json') {
      res.writeHead(200, { 'content-type': 'application/feed+json' });
      res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', url: `${origin}/p/polled-story` }] }));
      return;
    }
    // Held a little, so a second replica's round overlaps the first one's.
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<meta property="og:title" content="Polled story">'), 300);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Outcome = { report?: SyncReport; skipped?: 'locked'; error?: string };

function replica(dataDir: string, databaseUrl: string | null) {
  const config = testConfig(dataDir, { storage: { databaseUrl }, sources: [{ url: `${origin}/feed.json`, every: '1h' }], ingest: { hostDelayMs: 0 } });
  const store = openSqliteStore({ filename: ':memory:' });
  const outcomes: Outcome[] = [];
  return { config, store, outcomes, onRun: (_s: SourceConfig, o: Outcome) => void outcomes.push(o) };
}

describe('polled sources', () => {
  it('a round syncs each configured source (SQLite: no lock needed)', async () => {
    const dir = tempDir();
    const r = replica(dir.dir, null);
    const poller = await startSourcePolling({ config: r.config, store: r.store, log: silentLog, onRun: r.onRun }, { timers: false });
    await poller.runOnce();
    await poller.runOnce();
    await poller.stop();
    expect(r.outcomes.map((o) => o.report?.counts.created)).toEqual([1, 0]);
    expect(r.outcomes[1].report!.counts.unchanged).toBe(1);
    expect(await r.store.get('polled-story')).toMatchObject({ title: 'Polled story' });
    await r.store.close();
    dir.cleanup();
  });
});

const pgAvailable = await serviceAvailable('postgres');

describe.skipIf(!pgAvailable)('polled sources on PostgreSQL', () => {
  it('one replica at a time: a held advisory lock skips the round; two replicas at once run it once', async () => {
    const dirs = [tempDir(), tempDir()];
    const [a, b] = dirs.map((d) => replica(d.dir, testDatabaseUrl));
    const pa = await startSourcePolling({ config: a.config, store: a.store, log: silentLog, onRun: a.onRun }, { timers: false });
    const pb = await startSourcePolling({ config: b.config, store: a.store, log: silentLog, onRun: b.onRun }, { timers: false });
    const holder = new pg.Client({ connectionString: testDatabaseUrl });
    await holder.connect();
    try {
      const key = sourceLockKey(`${origin}/feed.json`);
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      await pa.runOnce();
      expect(a.outcomes).toEqual([{ skipped: 'locked' }]);
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [key]);

      await Promise.all([pa.runOnce(), pb.runOnce()]);
      const ran = [...a.outcomes.slice(1), ...b.outcomes];
      expect(ran.filter((o) => o.report)).toHaveLength(1);
      expect(ran.filter((o) => o.skipped === 'locked')).toHaveLength(1);
      expect(await a.store.get('polled-story')).toMatchObject({ title: 'Polled story' });
    } finally {
      // The shared state table outlives the test: remove this run's rows.
      await holder.query('DELETE FROM sharecard_ingest_state WHERE url LIKE $1', [`${origin}/%`]);
      await holder.end();
      await pa.stop();
      await pb.stop();
      await a.store.close();
      await b.store.close();
      for (const d of dirs) d.cleanup();
    }
  });
});
