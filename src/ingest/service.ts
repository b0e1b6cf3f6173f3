/**
 * Runs a sync with everything built from the configuration: the fetcher (limits from
 * `ingest.*`), the remembered HTTP state beside the store, and the store itself. The CLI, the
 * `POST /api/sync` route and the source poller all call this.
 */
import type { Config } from '../config/schema.js';
import type { ArticleStore } from '../store/types.js';
import { createFetcher } from './fetcher.js';
import { createMemoryState, openIngestState, type IngestState } from './state.js';
import { runSync, type SyncOptions, type SyncReport } from './sync.js';

export interface SyncContext {
  config: Config;
  store: ArticleStore;
  /** Replaces global fetch (tests). */
  fetch?: typeof globalThis.fetch;
}

export async function syncSource(ctx: SyncContext, options: SyncOptions): Promise<SyncReport> {
  const { config } = ctx;
  const persistent: IngestState = await openIngestState(config);
  // A dry run reads the remembered validators but writes nothing back.
  const state = options.dryRun ? createMemoryState(persistent) : persistent;
  const fetcher = createFetcher({
    fetch: ctx.fetch,
    concurrency: config.ingest.concurrency,
    hostDelayMs: config.ingest.hostDelayMs,
    timeoutMs: config.ingest.fetchTimeoutMs,
    maxBytes: config.ingest.maxDocumentBytes,
    maxRedirects: config.ingest.maxRedirects,
  });
  try {
    return await runSync({ store: ctx.store, state, fetcher, config }, options);
  } finally {
    await persistent.close();
  }
}
