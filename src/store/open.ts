/**
 * Chooses the ArticleStore from configuration: PostgreSQL when `storage.databaseUrl`
 * (`SHARECARD_DATABASE_URL`) is set, so every replica shares one database; otherwise the
 * embedded SQLite file in the data directory.
 *
 * @example
 *   const store = await openStore(loadConfig());
 */
import type { Config } from '../config/schema.js';
import { openSqliteStore } from './sqlite.js';
import type { ArticleStore } from './types.js';

export interface OpenStoreOptions {
  /** Receives warnings from the PostgreSQL pool (dropped idle connections). */
  log?: { warn(obj: object, msg?: string): void };
  /** PostgreSQL schema for the tables (default `public`); tests and shared databases use their own. */
  postgresSchema?: string;
}

export async function openStore(config: Config, options: OpenStoreOptions = {}): Promise<ArticleStore> {
  if (config.storage.databaseUrl) {
    // Loaded on demand so a SQLite-only install never pays for the pg import.
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore({
      url: config.storage.databaseUrl,
      ...(options.log ? { log: options.log } : {}),
      ...(options.postgresSchema ? { schema: options.postgresSchema } : {}),
    });
  }
  return openSqliteStore({ dataDir: config.storage.dataDir });
}
