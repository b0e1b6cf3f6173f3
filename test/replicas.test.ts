/**
 * Two replicas over HTTP, as behind a load balancer: two Services + two listeners on two
 * ports, each with its own data directory (nothing shared on disk), one PostgreSQL schema and
 * one Redis between them. Proves that a write through one replica is what the other serves
 * at once: the article, its revision in image URLs, and its feeds.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/services.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { auth, listen, silentLog, tempDir, testConfig } from './helpers.js';
import { serviceAvailable, testDatabaseUrl, uniqueName } from './services-available.js';

const pgAvailable = await serviceAvailable('postgres');

interface Replica {
  url: string;
  services: Services;
  stop: () => Promise<void>;
}

async function startReplica(schema: string, overrides: Record<string, unknown> = {}): Promise<Replica> {
  const tmp = tempDir('sharecard-replica-');
  const config = testConfig(tmp.dir, { storage: { databaseUrl: testDatabaseUrl }, ...overrides });
  // Each replica opens its own pool, as separate machines would.
  const store = await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 4 });
  const services = await createServices(config, { log: silentLog, store });
  const server = await listen(services);
  return {
    url: server.url,
    services,
    stop: async () => {
      await server.close();
      await services.close();
      tmp.cleanup();
    },
  };
}

const story = (title: string, extra: Record<string, unknown> = {}) => ({
  url: 'https://news.example.com/world/replicated-story',
  title,
  section: 'World',
  tags: ['Replication'],
  publishedAt: '2026-02-03T08:30:00Z',
  ...extra,
});

describe.skipIf(!pgAvailable)('two replicas sharing PostgreSQL', () => {
  const schema = uniqueName('sharecard_replicas');
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    [a, b] = await Promise.all([startReplica(schema), startReplica(schema)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const c = new pg.Client({ connectionString: testDatabaseUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  const put = (r: Replica, slug: string, body: unknown) =>
    fetch(`${r.url}/api/articles/${slug}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const getJson = async (r: Replica, path: string) => {
    const res = await fetch(`${r.url}${path}`, { headers: auth });
    return { status: res.status, body: res.status === 200 ? await res.json() : null };
  };

  it('serves an article written through A from B at once, with the same revision in its image URLs', async () => {
    const created = await put(a, 'replicated', story('First headline'));
    expect(created.status).toBe(201);
    const fromA = (await created.json()) as { revision: string };

    const fromB = await getJson(b, '/api/articles/replicated');
    expect(fromB.status).toBe(200);
    expect(fromB.body.title).toBe('First headline');
    expect(fromB.body.revision).toBe(fromA.revision);
    expect(fromB.body.links.images.og.png).toBe(`https://share.example.com/og/replicated.png?v=${fromA.revision}`);

    // Replace through A: B's very next answer carries the new revision, so B's pages and
    // meta tags point platforms at the new card URL.
    expect((await put(a, 'replicated', story('Second headline'))).status).toBe(200);
    const after = await getJson(b, '/api/articles/replicated');
    expect(after.body.title).toBe('Second headline');
    expect(after.body.revision).not.toBe(fromA.revision);
    expect(after.body.links.images.og.png).toContain(`?v=${after.body.revision}`);
    const meta = await getJson(b, '/api/meta/replicated');
    if (meta.status === 200) expect(JSON.stringify(meta.body)).toContain(`v=${after.body.revision}`);

    // A write through B is seen by A's list, newest first.
    expect((await put(b, 'replicated-too', story('From B', { url: 'https://news.example.com/b', publishedAt: '2026-02-04T00:00:00Z' }))).status).toBe(201);
    const list = await getJson(a, '/api/articles?section=world');
    expect(list.body.items.map((i: { slug: string }) => i.slug)).toEqual(['replicated-too', 'replicated']);
  });

  it("updates B's feeds at once after a write through A, and moves their validators", async () => {
    const feed = () => fetch(`${b.url}/feeds/tags/replication/rss.xml`);
    const before = await feed();
    expect(before.status).toBe(200);
    const etag = before.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const first = await before.text();
    expect(first).toContain('Second headline');

    // Unchanged: B revalidates with a 304.
    expect((await fetch(`${b.url}/feeds/tags/replication/rss.xml`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    expect((await put(a, 'replicated', story('Third headline'))).status).toBe(200);
    const changed = await fetch(`${b.url}/feeds/tags/replication/rss.xml`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const text = await changed.text();
    expect(text).toContain('Third headline');
    expect(text).not.toContain('Second headline');

    // A deletion through A drops the story from B's feed and API.
    expect((await fetch(`${a.url}/api/articles/replicated`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await getJson(b, '/api/articles/replicated')).status).toBe(404);
    expect(await (await fetch(`${b.url}/feeds/tags/replication/rss.xml`)).text()).not.toContain('Third headline');
  });
});
