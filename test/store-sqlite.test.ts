/**
 * The ArticleStore contract against the embedded SQLite store (a file in a temp directory, so
 * reopen and a second connection see the same database).
 */
import Database from 'better-sqlite3';
import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { tempDir } from './helpers.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('SQLite', async () => {
  const tmp = tempDir('sharecard-store-');
  return {
    store: openSqliteStore({ dataDir: tmp.dir }),
    reopen: async () => openSqliteStore({ dataDir: tmp.dir }),
    // A trigger added through a second connection: the store's prepared statements pick up the
    // schema change, and the failure comes after the article row was written in the same
    // transaction.
    injectWriteFailure: async (tag) => {
      const db = new Database(path.join(tmp.dir, 'sharecard.db'));
      try {
        db.prepare(
          `CREATE TRIGGER inject_write_failure BEFORE INSERT ON article_tags
           WHEN NEW.tag_key = ${JSON.stringify(tag).replace(/"/g, "'")}
           BEGIN SELECT RAISE(ABORT, 'injected write failure'); END`,
        ).run();
      } finally {
        db.close();
      }
    },
    cleanup: async () => tmp.cleanup(),
  };
});

describe('the database file', () => {
  it('is readable by its owner only, with its WAL, and an older file left open to others is tightened', async () => {
    const tmp = tempDir('sharecard-store-mode-');
    try {
      const dataDir = path.join(tmp.dir, 'data');
      const store = openSqliteStore({ dataDir });
      await store.put('a-draft', parseArticle({ url: 'https://news.example.com/a', title: 'Embargoed', status: 'draft' }));
      const mode = (f: string) => statSync(path.join(dataDir, f)).mode & 0o777;
      expect(mode('sharecard.db').toString(8)).toBe('600');
      expect(mode('sharecard.db-wal').toString(8)).toBe('600');
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
      await store.close();
      chmodSync(path.join(dataDir, 'sharecard.db'), 0o644);
      const again = openSqliteStore({ dataDir });
      expect(mode('sharecard.db').toString(8)).toBe('600');
      expect((await again.get('a-draft'))?.title).toBe('Embargoed');
      await again.close();
    } finally {
      tmp.cleanup();
    }
  });
});
