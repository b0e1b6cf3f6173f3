/**
 * Keeps `sources` in sync from inside the server: each source is synced at start and then
 * every `every` seconds. When several replicas share PostgreSQL, each run first takes a
 * session-level advisory lock named after the source (pg_try_advisory_lock): one replica runs
 * it, the others skip that round. With SQLite there is one server per data directory, so an
 * in-process guard suffices. A run never overlaps the previous one of the same source.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ArticleStore } from '../store/types.js';
import type { SourceConfig } from './config-schema.js';
import { syncSource } from './service.js';
import type { SyncReport } from './sync.js';

export interface PollerDeps {
  config: Config;
  store: ArticleStore;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  fetch?: typeof globalThis.fetch;
  /** Called after each run (tests, metrics). */
  onRun?: (source: SourceConfig, outcome: { report?: SyncReport; skipped?: 'locked'; error?: string }) => void;
}

export interface Poller {
  /** Runs one round over every source now (what the timer does). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** The advisory lock key of a source: 64 bits of SHA-256, as the signed bigint PostgreSQL takes. */
export function sourceLockKey(url: string): string {
  return createHash('sha256').update(`sharecard:sync:${url}`).digest().readBigInt64BE(0).toString();
}

type Lock = (key: string, task: () => Promise<void>) => Promise<boolean>;

async function createPostgresLock(databaseUrl: string): Promise<{ withLock: Lock; close(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    async withLock(key, task) {
      // Session-level: the lock lives as long as this connection holds it, so the same client
      // takes and releases it; a replica that dies mid-run releases it with its connection.
      const client = await pool.connect();
      try {
        const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
        if (!got.rows[0]?.ok) return false;
        try {
          await task();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        }
        return true;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function startSourcePolling(deps: PollerDeps, options: { timers?: boolean } = {}): Promise<Poller> {
  const { config, log } = deps;
  const sources = config.sources;
  const lock = config.storage.databaseUrl && sources.length ? await createPostgresLock(config.storage.databaseUrl) : null;
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  function runSource(source: SourceConfig): Promise<void> {
    const current = running.get(source.url);
    if (current) return current;
    const task = async () => {
      const report = await syncSource({ config, store: deps.store, fetch: deps.fetch }, { url: source.url, origins: source.origins });
      log.info({ source: source.url, counts: report.counts }, 'source synced');
      deps.onRun?.(source, { report });
    };
    const run = (async () => {
      try {
        const ran = lock ? await lock.withLock(sourceLockKey(source.url), task) : (await task(), true);
        if (!ran) deps.onRun?.(source, { skipped: 'locked' });
      } catch (err) {
        log.warn({ source: source.url, err: (err as Error).message }, 'source sync failed');
        deps.onRun?.(source, { error: (err as Error).message });
      } finally {
        running.delete(source.url);
      }
    })();
    running.set(source.url, run);
    return run;
  }

  if (options.timers !== false) {
    for (const source of sources) {
      const tick = () => {
        if (stopped) return;
        void runSource(source).finally(() => {
          if (!stopped) timers.push(setTimeout(tick, source.every * 1000).unref());
        });
      };
      timers.push(setTimeout(tick, 0).unref());
    }
  }

  return {
    async runOnce() {
      await Promise.all(sources.map(runSource));
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running.values()]);
      await lock?.close();
    },
  };
}
