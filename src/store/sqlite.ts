/**
 * The embedded ArticleStore on SQLite (better-sqlite3): one file in the data directory, WAL
 * journal so readers never block the writer, every write in one transaction, and a schema
 * version with forward-only migrations.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Article, StoredArticle } from '../core/article.js';
import { articleKeys, buildStoredArticle } from '../core/stored-article.js';
import { keyOf } from '../core/text.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ArticleStore, ListQuery, ListResult, PutResult } from './types.js';

/** Migrations in order; index + 1 is the schema version (PRAGMA user_version). */
const MIGRATIONS: string[] = [
  `CREATE TABLE articles (
     slug TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     revision TEXT NOT NULL,
     status TEXT NOT NULL,
     lang TEXT NOT NULL,
     section_key TEXT,
     published_at TEXT NOT NULL,
     modified_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX articles_newest ON articles (status, published_at DESC, slug DESC);
   CREATE INDEX articles_section ON articles (section_key, status, published_at DESC, slug DESC);
   CREATE INDEX articles_lang ON articles (lang, status, published_at DESC, slug DESC);
   CREATE TABLE article_tags (
     slug TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,
     tag_key TEXT NOT NULL,
     PRIMARY KEY (tag_key, slug)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX article_tags_slug ON article_tags (slug);
   CREATE TABLE article_authors (
     slug TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,
     author_key TEXT NOT NULL,
     PRIMARY KEY (author_key, slug)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX article_authors_slug ON article_authors (slug);`,
  // 2: the global change stamp (ArticleStore.changeStamp). An existing database starts at its
  // newest modification time, so Last-Modified never goes backwards across the upgrade.
  `CREATE TABLE meta (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     change_stamp INTEGER NOT NULL,
     changed_at TEXT NOT NULL
   ) STRICT;
   INSERT INTO meta (id, change_stamp, changed_at)
     VALUES (1, 0, COALESCE((SELECT max(modified_at) FROM articles), '1970-01-01T00:00:00.000Z'));`,
  // 3: editor sessions ended by logout before their expiry (ArticleStore.revokeSession).
  `CREATE TABLE revoked_sessions (
     id TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;`,
];

export interface SqliteStoreOptions {
  /** Data directory; the database is `<dataDir>/sharecard.db`. Use `filename: ':memory:'` in tests. */
  dataDir?: string;
  filename?: string;
  now?: () => Date;
}

/**
 * The database holds drafts and embargoed stories: readable by this user only, like the API
 * token. Created 0600 (SQLite gives its -wal and -shm files the database's mode); a file an
 * earlier version left readable to others is tightened, where this user owns it.
 */
function ownerOnly(filename: string): void {
  closeSync(openSync(filename, 'a', 0o600));
  try {
    if ((statSync(filename).mode & 0o077) !== 0) chmodSync(filename, 0o600);
  } catch {
    // Not ours to change (another owner): SQLite opens it as before.
  }
}

export function openSqliteStore(options: SqliteStoreOptions): ArticleStore {
  let filename = options.filename;
  if (!filename) {
    if (!options.dataDir) throw new Error('openSqliteStore: dataDir or filename is required');
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    filename = path.join(options.dataDir, 'sharecard.db');
    ownerOnly(filename);
  }
  const now = options.now ?? (() => new Date());
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to the client survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const selectOne = db.prepare<[string], { data: string }>('SELECT data FROM articles WHERE slug = ?');
  const upsert = db.prepare(
    `INSERT INTO articles (slug, data, revision, status, lang, section_key, published_at, modified_at)
     VALUES (@slug, @data, @revision, @status, @lang, @section_key, @published_at, @modified_at)
     ON CONFLICT(slug) DO UPDATE SET data = excluded.data, revision = excluded.revision, status = excluded.status,
       lang = excluded.lang, section_key = excluded.section_key, published_at = excluded.published_at,
       modified_at = excluded.modified_at`,
  );
  const deleteTags = db.prepare('DELETE FROM article_tags WHERE slug = ?');
  const insertTag = db.prepare('INSERT OR IGNORE INTO article_tags (slug, tag_key) VALUES (?, ?)');
  const deleteAuthors = db.prepare('DELETE FROM article_authors WHERE slug = ?');
  const insertAuthor = db.prepare('INSERT OR IGNORE INTO article_authors (slug, author_key) VALUES (?, ?)');
  const deleteOne = db.prepare('DELETE FROM articles WHERE slug = ?');
  // max(): the stamp's time never goes backwards, even if the clock does.
  const bumpStamp = db.prepare<[string]>('UPDATE meta SET change_stamp = change_stamp + 1, changed_at = max(changed_at, ?) WHERE id = 1');
  const selectStamp = db.prepare<[], { value: number; changedAt: string }>('SELECT change_stamp AS value, changed_at AS changedAt FROM meta WHERE id = 1');
  const insertRevoked = db.prepare<[string, number]>('INSERT OR IGNORE INTO revoked_sessions (id, expires_at) VALUES (?, ?)');
  const pruneRevoked = db.prepare<[number]>('DELETE FROM revoked_sessions WHERE expires_at <= ?');
  const selectRevoked = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM revoked_sessions WHERE id = ?');
  const revokeTx = db.transaction((id: string, expiresAt: number, nowSeconds: number) => {
    pruneRevoked.run(nowSeconds);
    insertRevoked.run(id, expiresAt);
  });

  const remove = db.transaction((slug: string): boolean => {
    const removed = deleteOne.run(slug).changes > 0;
    if (removed) bumpStamp.run(now().toISOString());
    return removed;
  });

  const write = db.transaction((slug: string, input: Article): PutResult => {
    const row = selectOne.get(slug);
    const existing = row ? (JSON.parse(row.data) as StoredArticle) : null;
    const at = now();
    const stored = buildStoredArticle(slug, input, existing, at);
    if (existing && existing.revision === stored.revision && existing.status === stored.status) {
      return { article: existing, created: false, changed: false };
    }
    const keys = articleKeys(stored);
    upsert.run({
      slug,
      data: JSON.stringify(stored),
      revision: stored.revision,
      status: stored.status,
      lang: keys.lang,
      section_key: keys.section,
      published_at: stored.publishedAt,
      modified_at: stored.modifiedAt,
    });
    deleteTags.run(slug);
    for (const t of keys.tags) insertTag.run(slug, t);
    deleteAuthors.run(slug);
    for (const a of keys.authors) insertAuthor.run(slug, a);
    bumpStamp.run(at.toISOString());
    return { article: stored, created: !existing, changed: true };
  });

  function where(query: Omit<ListQuery, 'limit' | 'cursor' | 'offset'>): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const status = query.status ?? 'published';
    if (status !== 'all') {
      clauses.push('a.status = ?');
      params.push(status);
    }
    if (query.section) {
      clauses.push('a.section_key = ?');
      params.push(keyOf(query.section));
    }
    if (query.lang) {
      clauses.push('(a.lang = ? OR a.lang LIKE ?)');
      const l = query.lang.toLowerCase();
      params.push(l, `${l}-%`);
    }
    if (query.tag) {
      clauses.push('EXISTS (SELECT 1 FROM article_tags t WHERE t.slug = a.slug AND t.tag_key = ?)');
      params.push(keyOf(query.tag));
    }
    if (query.author) {
      clauses.push('EXISTS (SELECT 1 FROM article_authors w WHERE w.slug = a.slug AND w.author_key = ?)');
      params.push(keyOf(query.author));
    }
    return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
  }

  return {
    kind: 'sqlite',
    async get(slug) {
      const row = selectOne.get(slug);
      return row ? (JSON.parse(row.data) as StoredArticle) : null;
    },
    async put(slug, article) {
      return write.immediate(slug, article);
    },
    async delete(slug) {
      return remove.immediate(slug);
    },
    async list(query): Promise<ListResult> {
      const w = where(query);
      let sql = `SELECT a.data FROM articles a WHERE ${w.sql}`;
      const params = [...w.params];
      if (query.cursor) {
        const c = decodeCursor(query.cursor);
        sql += ' AND (a.published_at, a.slug) < (?, ?)';
        params.push(c.publishedAt, c.slug);
      }
      sql += ' ORDER BY a.published_at DESC, a.slug DESC LIMIT ?';
      params.push(query.limit + 1);
      if (!query.cursor && query.offset) {
        sql += ' OFFSET ?';
        params.push(query.offset);
      }
      const rows = db.prepare<unknown[], { data: string }>(sql).all(...params);
      const items = rows.slice(0, query.limit).map((r) => JSON.parse(r.data) as StoredArticle);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last as { publishedAt: string; slug: string }) : null };
    },
    async count(query) {
      const w = where(query);
      return db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM articles a WHERE ${w.sql}`).get(...w.params)!.n;
    },
    async changeStamp() {
      const row = selectStamp.get()!;
      return { value: row.value, changedAt: row.changedAt };
    },
    async revokeSession(id, expiresAt) {
      revokeTx(id, expiresAt, Math.floor(now().getTime() / 1000));
    },
    async isSessionRevoked(id) {
      return selectRevoked.get(id) !== undefined;
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`The database schema is version ${version}, newer than this sharecard knows (${MIGRATIONS.length}); upgrade sharecard`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
