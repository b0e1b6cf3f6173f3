/**
 * The ArticleStore contract against PostgreSQL, each test in a throwaway schema, plus what only
 * PostgreSQL has: migrations shared by replicas starting together. Needs a server
 * (SHARECARD_TEST_DATABASE_URL); skipped by name without one, a failure under CI.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres.js';
import { serviceAvailable, testDatabaseUrl, uniqueName } from './services-available.js';
import { runStoreContract } from './store-contract.js';

const available = await serviceAvailable('postgres');

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testDatabaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const dropSchema = (schema: string) => admin((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

describe.skipIf(!available)('PostgreSQL store', () => {
  runStoreContract('PostgreSQL', async () => {
    const schema = uniqueName('sharecard_test');
    const open = () => openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 4 });
    return {
      store: await open(),
      reopen: open,
      injectWriteFailure: (tag) =>
        admin(async (c) => {
          await c.query(`CREATE FUNCTION "${schema}".inject_write_failure() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.tag_key = ${pg.escapeLiteral(tag)} THEN RAISE EXCEPTION 'injected write failure'; END IF;
              RETURN NEW;
            END $$`);
          await c.query(`CREATE TRIGGER inject_write_failure BEFORE INSERT ON "${schema}".article_tags
            FOR EACH ROW EXECUTE FUNCTION "${schema}".inject_write_failure()`);
        }),
      cleanup: () => dropSchema(schema).then(() => undefined),
    };
  });

  describe('migrations', () => {
    const schemas: string[] = [];
    afterAll(async () => {
      for (const s of schemas) await dropSchema(s);
    });

    it('migrates once when several replicas start together', async () => {
      const schema = uniqueName('sharecard_mig');
      schemas.push(schema);
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 1 })));
      try {
        const versions = await admin((c) => c.query(`SELECT version FROM "${schema}".schema_version ORDER BY version`));
        expect(versions.rows.map((r) => r.version)).toEqual([1]);
        for (const s of stores) await s.ping();
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      // Opening again finds nothing to do.
      const again = await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 1 });
      await again.close();
      expect((await admin((c) => c.query(`SELECT count(*)::int AS n FROM "${schema}".schema_version`))).rows[0].n).toBe(1);
    });

    it('refuses a schema newer than this version knows', async () => {
      const schema = uniqueName('sharecard_mig');
      schemas.push(schema);
      await (await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 1 })).close();
      await admin((c) => c.query(`INSERT INTO "${schema}".schema_version (version) VALUES (999)`));
      await expect(openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 1 })).rejects.toThrow(/version 999, newer .* upgrade sharecard/);
    });

    it('checks its options and names the bad one', async () => {
      await expect(openPostgresStore({ url: testDatabaseUrl, schema: 'Robert"; DROP TABLE x; --' })).rejects.toThrow(/schema must be/);
      await expect(openPostgresStore({ url: testDatabaseUrl, poolSize: 0 })).rejects.toThrow(/poolSize/);
    });
  });
});

describe('PostgreSQL store without a server', () => {
  it('fails to open quickly instead of hanging', async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(openPostgresStore({ url: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 1_000 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

/** A loopback port nothing listens on: bind one, note it, close it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
