/**
 * What ingest remembers between runs, per URL: the HTTP validators (ETag, Last-Modified) for
 * conditional GETs, the slug a page was stored under, and for a source the stories it listed
 * (so a source answering 304 still has its pages revalidated).
 *
 * Where: with the embedded store, a small SQLite file `<dataDir>/ingest.db`; with PostgreSQL,
 * the table `sharecard_ingest_state` in the same database, so every replica shares it. Kept
 * apart from the ArticleStore: it is a cache of HTTP state, safe to delete (the next run then
 * reads every page in full and finds them unchanged).
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { SourceEntry } from './facts.js';

export interface UrlState {
  etag: string | null;
  lastModified: string | null;
  /** The slug a page's story was stored under (pages only). */
  slug: string | null;
  /** The stories a source listed when last read in full (sources only). */
  entries: SourceEntry[] | null;
  /** The kind of source it was (sources only). */
  kind: string | null;
  /** Pages of posts a WordPress API source had (X-WP-TotalPages). */
  pages?: number | null;
}

export interface IngestState {
  get(url: string): Promise<UrlState | null>;
  set(url: string, state: UrlState): Promise<void>;
  close(): Promise<void>;
}

/** A state that remembers nothing across runs and writes nothing (dry runs). */
export function createMemoryState(seed?: IngestState): IngestState {
  const map = new Map<string, UrlState>();
  return {
    async get(url) {
      return map.get(url) ?? (seed ? seed.get(url) : null);
    },
    async set(url, state) {
      map.set(url, state);
    },
    async close() {},
  };
}

interface Row {
  etag: string | null;
  last_modified: string | null;
  slug: string | null;
  entries: string | null;
  kind: string | null;
  pages: number | null;
}

function fromRow(r: Row | undefined): UrlState | null {
  if (!r) return null;
  let entries: SourceEntry[] | null = null;
  try {
    entries = r.entries ? (JSON.parse(r.entries) as SourceEntry[]) : null;
  } catch {
    entries = null;
  }
  return { etag: r.etag, lastModified: r.last_modified, slug: r.slug, entries, kind: r.kind, pages: r.pages };
}

export async function openSqliteState(dataDir: string): Promise<IngestState> {
  const { default: Database } = await import('better-sqlite3');
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'ingest.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS url_state (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, slug TEXT, entries TEXT, kind TEXT, pages INTEGER, checked_at TEXT NOT NULL
  ) STRICT`);
  const select = db.prepare<[string], Row>('SELECT etag, last_modified, slug, entries, kind, pages FROM url_state WHERE url = ?');
  const upsert = db.prepare(
    `INSERT INTO url_state (url, etag, last_modified, slug, entries, kind, pages, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, slug = excluded.slug,
       entries = excluded.entries, kind = excluded.kind, pages = excluded.pages, checked_at = excluded.checked_at`,
  );
  return {
    async get(url) {
      return fromRow(select.get(url));
    },
    async set(url, s) {
      upsert.run(url, s.etag, s.lastModified, s.slug, s.entries ? JSON.stringify(s.entries) : null, s.kind, s.pages ?? null, new Date().toISOString());
    },
    async close() {
      db.close();
    },
  };
}

export async function openPostgresState(databaseUrl: string): Promise<IngestState> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS sharecard_ingest_state (
      url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, slug TEXT, entries TEXT, kind TEXT, pages INTEGER, checked_at TIMESTAMPTZ NOT NULL
    )`);
  } catch (err) {
    // Two replicas creating the table at once: one wins, the other sees a duplicate type/table.
    if (!['23505', '42P07'].includes((err as { code?: string }).code ?? '')) {
      await pool.end();
      throw err;
    }
  }
  return {
    async get(url) {
      const r = await pool.query<Row>('SELECT etag, last_modified, slug, entries, kind, pages FROM sharecard_ingest_state WHERE url = $1', [url]);
      return fromRow(r.rows[0]);
    },
    async set(url, s) {
      await pool.query(
        `INSERT INTO sharecard_ingest_state (url, etag, last_modified, slug, entries, kind, pages, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (url) DO UPDATE SET etag = $2, last_modified = $3, slug = $4, entries = $5, kind = $6, pages = $7, checked_at = now()`,
        [url, s.etag, s.lastModified, s.slug, s.entries ? JSON.stringify(s.entries) : null, s.kind, s.pages ?? null],
      );
    },
    async close() {
      await pool.end();
    },
  };
}

/** The state beside the configured store. */
export function openIngestState(config: { storage: { dataDir: string; databaseUrl: string | null } }): Promise<IngestState> {
  return config.storage.databaseUrl ? openPostgresState(config.storage.databaseUrl) : openSqliteState(config.storage.dataDir);
}
