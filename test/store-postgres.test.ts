/**
 * The ArticleStore contract against PostgreSQL, each test in a throwaway schema, plus what only
 * PostgreSQL has: migrations shared by replicas starting together. Needs a server
 * (SHARECARD_TEST_DATABASE_URL); skipped by name without one, a failure under CI.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres.js';
import { freePort, serviceAvailable, testDatabaseUrl, uniqueName } from './services-available.js';
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
      const applied = async () =>
        (await admin((c) => c.query(`SELECT version FROM "${schema}".schema_version ORDER BY version`))).rows.map((r) => r.version as number);
      let versions: number[];
      try {
        versions = await applied();
        for (const s of stores) await s.ping();
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      // Each migration applied exactly once, in order, however many replicas raced.
      expect(versions.length).toBeGreaterThanOrEqual(2);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      // Opening again finds nothing to do.
      await (await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 1 })).close();
      expect(await applied()).toEqual(versions);
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
    const port = await freePort();
    const started = Date.now();
    await expect(openPostgresStore({ url: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 1_000 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
