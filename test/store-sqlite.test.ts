/**
 * The ArticleStore contract against the embedded SQLite store (a file in a temp directory, so
 * reopen and a second connection see the same database).
 */
import Database from 'better-sqlite3';
import path from 'node:path';
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
