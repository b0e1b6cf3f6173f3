/**
 * openStore picks the engine from configuration: SQLite in the data directory by default,
 * PostgreSQL when storage.databaseUrl (SHARECARD_DATABASE_URL) is set.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { openStore } from '../src/store/open.js';
import { tempDir, testConfig } from './helpers.js';
import { serviceAvailable, testDatabaseUrl, uniqueName } from './services-available.js';

const pgAvailable = await serviceAvailable('postgres');

describe('openStore', () => {
  it('opens SQLite in the data directory when no database URL is configured', async () => {
    const tmp = tempDir();
    try {
      const store = await openStore(testConfig(tmp.dir));
      expect(store.kind).toBe('sqlite');
      await store.put('x', parseArticle({ url: 'https://news.example.com/x', title: 'X' }));
      await store.close();
      expect(existsSync(path.join(tmp.dir, 'sharecard.db'))).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  it.skipIf(!pgAvailable)('opens PostgreSQL when storage.databaseUrl is set, and writes nothing to the data directory', async () => {
    const tmp = tempDir();
    const schema = uniqueName('sharecard_open');
    try {
      const store = await openStore(testConfig(tmp.dir, { storage: { databaseUrl: testDatabaseUrl } }), { postgresSchema: schema });
      expect(store.kind).toBe('postgres');
      await store.put('x', parseArticle({ url: 'https://news.example.com/x', title: 'X' }));
      expect((await store.get('x'))?.title).toBe('X');
      await store.close();
      expect(existsSync(path.join(tmp.dir, 'sharecard.db'))).toBe(false);
    } finally {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
      tmp.cleanup();
    }
  });
});
