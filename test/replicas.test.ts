/**
 * Two replicas over HTTP, as behind a load balancer: two Services + two listeners on two
 * ports, each with its own data directory (nothing shared on disk), one PostgreSQL schema and
 * one Redis between them. Proves that a write through one replica is what the other serves
 * at once (the article, its revision in image URLs, its feeds), that a card rendered by one is
 * a cache hit on the other and concurrent misses render once, and that stopping Redis
 * mid-run only makes replicas render locally.
 *
 * Redis here is a private redis-server on a free port, so stopping it never disturbs the
 * machine's shared Redis. Both replicas draw on one worker thread, as a server does: an inline
 * pool would block the event loop for a whole render, long enough on a loaded machine for a
 * replica's Redis commands to time out and count as an outage. Each replica counts its draws.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderPool } from '../src/render/pool.js';
import { createWorkerPool } from '../src/render/pool.js';
import { createServices, type Services } from '../src/services.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { auth, listen, silentLog, tempDir, testConfig } from './helpers.js';
import { countingPool } from './render-helpers.js';
import { redisServerAvailable, startRedisServer, type PrivateRedis } from './redis-server.js';
import { serviceAvailable, testDatabaseUrl, uniqueName } from './services-available.js';

const pgAvailable = await serviceAvailable('postgres');
const canSpawnRedis = await redisServerAvailable();

interface Replica {
  url: string;
  services: Services;
  /** Cards this replica drew itself (cache misses). */
  renders: () => number;
  stop: () => Promise<void>;
}

async function startReplica(schema: string, redisUrl: string, draw: RenderPool): Promise<Replica> {
  const tmp = tempDir('sharecard-replica-');
  const config = testConfig(tmp.dir, { storage: { databaseUrl: testDatabaseUrl }, cache: { redisUrl, memoryMb: 16, diskMb: 16 } });
  // Each replica opens its own pool, as separate machines would.
  const store = await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 4 });
  const counting = countingPool(draw, { owns: false });
  const services = await createServices(config, { log: silentLog, store, renderPool: counting.pool });
  const server = await listen(services);
  return {
    url: server.url,
    services,
    renders: counting.runs,
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

describe.skipIf(!pgAvailable || !canSpawnRedis)('two replicas sharing PostgreSQL and Redis', () => {
  const schema = uniqueName('sharecard_replicas');
  let redis: PrivateRedis;
  let draw: RenderPool;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    redis = await startRedisServer();
    draw = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 60_000 });
    [a, b] = await Promise.all([startReplica(schema, redis.url, draw), startReplica(schema, redis.url, draw)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await draw?.close();
    await redis?.stop();
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

  const image = async (r: Replica, path: string) => {
    const t = performance.now();
    const res = await fetch(`${r.url}${path}`);
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, etag: res.headers.get('etag'), type: res.headers.get('content-type'), cacheControl: res.headers.get('cache-control'), body, ms: performance.now() - t };
  };
  const cardPath = async (r: Replica, slug: string) => {
    const { body } = await getJson(r, `/api/articles/${slug}`);
    return new URL(body.links.images.og.png as string).pathname + new URL(body.links.images.og.png as string).search;
  };

  it('serves a card rendered by A from the shared cache on B, byte for byte', async () => {
    expect((await put(a, 'card-story', story('A card drawn once', { url: 'https://news.example.com/card' }))).status).toBe(201);
    const path = await cardPath(b, 'card-story');
    const [aBefore, bBefore] = [a.renders(), b.renders()];

    const fromA = await image(a, path);
    expect(fromA.status).toBe(200);
    expect(fromA.type).toBe('image/png');
    expect(fromA.cacheControl).toBe('public, max-age=31536000, immutable');
    expect(a.renders() - aBefore).toBe(1);

    const fromB = await image(b, path);
    expect(fromB.status).toBe(200);
    expect(b.renders() - bBefore, 'B drew nothing: the card came from Redis').toBe(0);
    expect(fromB.body.equals(fromA.body)).toBe(true);
    expect(fromB.etag).toBe(fromA.etag);
  });

  it('renders a card once when both replicas miss it at the same moment', async () => {
    expect((await put(b, 'hot-story', story('Everyone shares this at once', { url: 'https://news.example.com/hot' }))).status).toBe(201);
    const path = (await cardPath(a, 'hot-story')).replace('/og/hot-story.png', '/og/hot-story/square.png');
    const before = a.renders() + b.renders();
    const results = await Promise.all([image(a, path), image(b, path), image(a, path), image(b, path)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(a.renders() + b.renders() - before, 'one render across both replicas').toBe(1);
    for (const r of results) expect(r.body.equals(results[0]!.body)).toBe(true);
  });

  it('keeps serving when Redis stops mid-run: new cards are drawn locally, nothing fails', async () => {
    // Warm a card on A (its own memory tier keeps it through the outage).
    expect((await put(a, 'outage-story', story('Before the outage', { url: 'https://news.example.com/outage' }))).status).toBe(201);
    const warmPath = await cardPath(a, 'outage-story');
    expect((await image(a, warmPath)).status).toBe(200);

    await redis.stop();

    // A still answers from its local tiers without drawing again.
    const aBefore = a.renders();
    const warm = await image(a, warmPath);
    expect(warm.status).toBe(200);
    expect(a.renders()).toBe(aBefore);

    // A card nobody has drawn: B draws it locally, promptly, and without errors.
    expect((await put(b, 'outage-new', story('Written during the outage', { url: 'https://news.example.com/outage-new' }))).status).toBe(201);
    const newPath = await cardPath(a, 'outage-new');
    const bBefore = b.renders();
    const drawn = await image(b, newPath);
    expect(drawn.status).toBe(200);
    expect(drawn.type).toBe('image/png');
    expect(b.renders() - bBefore).toBe(1);
    // Both replicas draw it for themselves now; each stays correct (same bytes, same ETag).
    const fromA = await image(a, newPath);
    expect(fromA.status).toBe(200);
    expect(fromA.etag).toBe(drawn.etag);
    expect(fromA.body.equals(drawn.body)).toBe(true);

    // Articles and feeds do not depend on Redis at all.
    expect((await getJson(a, '/api/articles/outage-new')).body.title).toBe('Written during the outage');
    expect(await (await fetch(`${b.url}/feeds/rss.xml`)).text()).toContain('Written during the outage');
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
  });
});
