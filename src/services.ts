/**
 * Builds the long-lived services from a config: the store, the logger, the API token. The
 * HTTP app and the CLI take a Services object, so tests can build one over a temp directory.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config/schema.js';
import { resolveApiToken } from './config/token.js';
import { openStore } from './store/open.js';
import type { ArticleStore } from './store/types.js';
import { createMetrics, type Metrics } from './metrics.js';

export interface Services {
  config: Config;
  store: ArticleStore;
  log: Logger;
  apiToken: string;
  metrics: Metrics;
  /** Set when shutdown begins: readiness fails first so load balancers stop sending traffic. */
  state: { shuttingDown: boolean };
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  log?: Logger;
  /** Replace the store (tests, or the PostgreSQL store). */
  store?: ArticleStore;
  /** Called once with a newly generated token so the caller can show it. */
  onTokenGenerated?: (token: string, file: string) => void;
  /** Also export Node's process metrics (the server does; tests need not). */
  defaultMetrics?: boolean;
}

export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] });
  const resolved = resolveApiToken(config.security.apiToken, config.storage.dataDir);
  if (resolved.generated && resolved.file) options.onTokenGenerated?.(resolved.token, resolved.file);
  const store = options.store ?? (await openStore(config, { log }));
  const state = { shuttingDown: false };
  return {
    config,
    store,
    log,
    apiToken: resolved.token,
    metrics: createMetrics({ defaultMetrics: options.defaultMetrics }),
    state,
    async close() {
      state.shuttingDown = true;
      await store.close();
    },
  };
}
