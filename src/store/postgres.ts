/**
 * The ArticleStore on PostgreSQL (the `pg` client with a pool), for several replicas sharing
 * one database. Same tables, indexes, queries and semantics as src/store/sqlite.ts; the
 * contract suite (test/store-contract.ts) runs unchanged against both.
 *
 * @example
 *   const store = await openPostgresStore({ url: 'postgres://sharecard@db/sharecard' });
 */
import pg from 'pg';
import type { Article, StoredArticle } from '../core/article.js';
import { articleKeys, buildStoredArticle } from '../core/stored-article.js';
import { keyOf } from '../core/text.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ArticleStore, ChangeStamp, ListQuery, ListResult, PutResult } from './types.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` */
  url: string;
  /** Connections per replica (default 10). The database's max_connections bounds the sum over replicas. */
  poolSize?: number;
  now?: () => Date;
  /** Schema holding the tables (default `public`); created when missing. Tests use a throwaway one. */
  schema?: string;
  /** Longest a statement may run before the server cancels it (default 10 s). */
  statementTimeoutMs?: number;
  /** Longest to wait for a pooled connection (default 5 s), so an exhausted pool fails instead of hanging. */
  connectTimeoutMs?: number;
  /** Receives errors of idle pooled connections (a restarted server); the pool reconnects on its own. */
  log?: { warn(obj: object, msg?: string): void };
}

/**
 * Migrations in order; index + 1 is the version recorded in `schema_version`. `{s}` is the
 * quoted schema. Text columns use the "C" collation so ordering and keyset comparisons are
 * byte order, as in SQLite: a locale collation (en_US ignores hyphens) would order slugs
 * differently and make cursors skip or repeat rows.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE {s}.articles (
     slug TEXT COLLATE "C" PRIMARY KEY,
     data TEXT NOT NULL,
     revision TEXT NOT NULL,
     status TEXT COLLATE "C" NOT NULL,
     lang TEXT COLLATE "C" NOT NULL,
     section_key TEXT COLLATE "C",
     published_at TEXT COLLATE "C" NOT NULL,
     modified_at TEXT COLLATE "C" NOT NULL
   );
   CREATE INDEX articles_newest ON {s}.articles (status, published_at DESC, slug DESC);
   CREATE INDEX articles_section ON {s}.articles (section_key, status, published_at DESC, slug DESC);
   CREATE INDEX articles_lang ON {s}.articles (lang, status, published_at DESC, slug DESC);
   CREATE TABLE {s}.article_tags (
     slug TEXT COLLATE "C" NOT NULL REFERENCES {s}.articles(slug) ON DELETE CASCADE,
     tag_key TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (tag_key, slug)
   );
   CREATE INDEX article_tags_slug ON {s}.article_tags (slug);
   CREATE TABLE {s}.article_authors (
     slug TEXT COLLATE "C" NOT NULL REFERENCES {s}.articles(slug) ON DELETE CASCADE,
     author_key TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (author_key, slug)
   );
   CREATE INDEX article_authors_slug ON {s}.article_authors (slug);`,
  // 2: the global change stamp (ArticleStore.changeStamp), as in SQLite. An existing database
  // starts at its newest modification time, so Last-Modified never goes backwards.
  `CREATE TABLE {s}.meta (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     change_stamp BIGINT NOT NULL,
     changed_at TEXT COLLATE "C" NOT NULL
   );
   INSERT INTO {s}.meta (id, change_stamp, changed_at)
     VALUES (1, 0, COALESCE((SELECT max(modified_at) FROM {s}.articles), '1970-01-01T00:00:00.000Z'));`,
  // 3: editor sessions ended by logout before their expiry, as in SQLite.
  `CREATE TABLE {s}.revoked_sessions (
     id TEXT COLLATE "C" PRIMARY KEY,
     expires_at BIGINT NOT NULL
   );`,
];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
// First key of the two-int advisory lock that serializes migrations ("shcd"); the second is
// a hash of the schema name, so tests migrating separate schemas do not wait on each other.
const MIGRATION_LOCK_CLASS = 0x73686364;

/** Opens (and migrates) the PostgreSQL store. Rejects when the server is unreachable. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<ArticleStore> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`openPostgresStore: schema must be a lower-case SQL identifier (letters, digits, _), got "${schema}"`);
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`openPostgresStore: poolSize must be a positive integer, got ${poolSize}`);
  const now = options.now ?? (() => new Date());
  const s = `"${schema}"`;

  const pool = new pg.Pool({
    connectionString: options.url,
    max: poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    application_name: 'sharecard',
    // Load balancers and NAT drop idle TCP flows silently; keepalive notices it before a request does.
    keepAlive: true,
  });
  // Without a listener an idle connection dropped by the server would crash the process.
  pool.on('error', (err) => options.log?.warn({ err }, 'PostgreSQL idle connection failed; the pool will reconnect'));

  try {
    await migrate(pool, schema);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  const selectOne = `SELECT data FROM ${s}.articles WHERE slug = $1`;
  // Last statement of every changing transaction, so the row lock that serializes writers
  // across replicas is held as briefly as possible. GREATEST: the stamp's time never goes
  // backwards, even when replicas' clocks disagree.
  const bumpStamp = (client: pg.PoolClient, at: Date) =>
    client.query(`UPDATE ${s}.meta SET change_stamp = change_stamp + 1, changed_at = GREATEST(changed_at, $1) WHERE id = 1`, [at.toISOString()]);

  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A failed ROLLBACK means the connection is unusable: release(err) destroys it instead
      // of handing it to the next request mid-transaction.
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async function write(client: pg.PoolClient, slug: string, input: Article): Promise<PutResult> {
    // Two attempts: when two replicas insert a new slug at once, the loser's INSERT ... ON
    // CONFLICT DO NOTHING waits for the winner's commit and inserts nothing; the second pass
    // (a fresh READ COMMITTED snapshot) then locks the winner's row and replaces it.
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await client.query<{ data: string }>(`${selectOne} FOR UPDATE`, [slug]);
      const existing = row.rows[0] ? (JSON.parse(row.rows[0].data) as StoredArticle) : null;
      const at = now();
      const stored = buildStoredArticle(slug, input, existing, at);
      if (existing && existing.revision === stored.revision && existing.status === stored.status) {
        return { article: existing, created: false, changed: false };
      }
      const keys = articleKeys(stored);
      const values = [slug, JSON.stringify(stored), stored.revision, stored.status, keys.lang, keys.section, stored.publishedAt, stored.modifiedAt];
      if (existing) {
        await client.query(
          `UPDATE ${s}.articles SET data = $2, revision = $3, status = $4, lang = $5, section_key = $6, published_at = $7, modified_at = $8
           WHERE slug = $1`,
          values,
        );
      } else {
        const inserted = await client.query(
          `INSERT INTO ${s}.articles (slug, data, revision, status, lang, section_key, published_at, modified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO NOTHING`,
          values,
        );
        if (inserted.rowCount === 0) continue;
      }
      await client.query(`DELETE FROM ${s}.article_tags WHERE slug = $1`, [slug]);
      if (keys.tags.length) {
        await client.query(`INSERT INTO ${s}.article_tags (slug, tag_key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [slug, keys.tags]);
      }
      await client.query(`DELETE FROM ${s}.article_authors WHERE slug = $1`, [slug]);
      if (keys.authors.length) {
        await client.query(`INSERT INTO ${s}.article_authors (slug, author_key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [slug, keys.authors]);
      }
      await bumpStamp(client, at);
      return { article: stored, created: !existing, changed: true };
    }
    // Only reachable if the row was inserted and deleted again between our two statements.
    throw new Error(`PostgreSQL store: concurrent writes to "${slug}" kept conflicting; retry the request`);
  }

  function where(query: Omit<ListQuery, 'limit' | 'cursor' | 'offset'>, params: unknown[]): string {
    const clauses: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const status = query.status ?? 'published';
    if (status !== 'all') clauses.push(`a.status = ${p(status)}`);
    if (query.section) clauses.push(`a.section_key = ${p(keyOf(query.section))}`);
    if (query.lang) {
      // `pt` matches pt and pt-BR (a language and its regional variants), never `ptx`.
      const l = query.lang.toLowerCase();
      clauses.push(`(a.lang = ${p(l)} OR a.lang LIKE ${p(`${escapeLike(l)}-%`)})`);
    }
    if (query.tag) clauses.push(`EXISTS (SELECT 1 FROM ${s}.article_tags t WHERE t.slug = a.slug AND t.tag_key = ${p(keyOf(query.tag))})`);
    if (query.author) clauses.push(`EXISTS (SELECT 1 FROM ${s}.article_authors w WHERE w.slug = a.slug AND w.author_key = ${p(keyOf(query.author))})`);
    return clauses.length ? clauses.join(' AND ') : 'TRUE';
  }

  let closed = false;
  return {
    kind: 'postgres',
    async get(slug) {
      const r = await pool.query<{ data: string }>(selectOne, [slug]);
      return r.rows[0] ? (JSON.parse(r.rows[0].data) as StoredArticle) : null;
    },
    async put(slug, article) {
      return transaction((client) => write(client, slug, article));
    },
    async delete(slug) {
      return transaction(async (client) => {
        const r = await client.query(`DELETE FROM ${s}.articles WHERE slug = $1`, [slug]);
        const removed = (r.rowCount ?? 0) > 0;
        if (removed) await bumpStamp(client, now());
        return removed;
      });
    },
    async list(query): Promise<ListResult> {
      const params: unknown[] = [];
      let sql = `SELECT a.data FROM ${s}.articles a WHERE ${where(query, params)}`;
      if (query.cursor) {
        const c = decodeCursor(query.cursor);
        params.push(c.publishedAt, c.slug);
        sql += ` AND (a.published_at, a.slug) < ($${params.length - 1}, $${params.length})`;
      }
      params.push(query.limit + 1);
      sql += ` ORDER BY a.published_at DESC, a.slug DESC LIMIT $${params.length}`;
      if (!query.cursor && query.offset) {
        params.push(query.offset);
        sql += ` OFFSET $${params.length}`;
      }
      const rows = (await pool.query<{ data: string }>(sql, params)).rows;
      const items = rows.slice(0, query.limit).map((r) => JSON.parse(r.data) as StoredArticle);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last as { publishedAt: string; slug: string }) : null };
    },
    async count(query) {
      const params: unknown[] = [];
      const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.articles a WHERE ${where(query, params)}`, params);
      return Number(r.rows[0]!.n);
    },
    async changeStamp(): Promise<ChangeStamp> {
      const r = await pool.query<{ value: string; changed_at: string }>(`SELECT change_stamp AS value, changed_at FROM ${s}.meta WHERE id = 1`);
      // BIGINT arrives as a string; a stamp passing 2^53 would take millennia of writes.
      return { value: Number(r.rows[0]!.value), changedAt: r.rows[0]!.changed_at };
    },
    async revokeSession(id, expiresAt) {
      // One statement: prune what has expired, then add this one.
      await pool.query(
        `WITH pruned AS (DELETE FROM ${s}.revoked_sessions WHERE expires_at <= $3)
         INSERT INTO ${s}.revoked_sessions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
        [id, expiresAt, Math.floor(now().getTime() / 1000)],
      );
    },
    async isSessionRevoked(id) {
      const r = await pool.query(`SELECT 1 FROM ${s}.revoked_sessions WHERE id = $1`, [id]);
      return (r.rowCount ?? 0) > 0;
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Applies missing migrations in one transaction under an advisory lock, so replicas starting
 * together do not race: the first applies them, the others wait and then find nothing to do.
 */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const s = `"${schema}"`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Waiting for another replica's migration, or running a long one, must not trip the
    // per-statement timeout meant for requests.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_version (
      version INTEGER PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const r = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.schema_version`);
    const version = r.rows[0]?.v ?? 0;
    if (version > MIGRATIONS.length) {
      throw new Error(`The database schema ${schema} is version ${version}, newer than this sharecard knows (${MIGRATIONS.length}); upgrade sharecard`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v]!.replaceAll('{s}', s));
      await client.query(`INSERT INTO ${s}.schema_version (version) VALUES ($1)`, [v + 1]);
    }
    await client.query('COMMIT');
    client.release();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(err as Error);
    throw err;
  }
}
