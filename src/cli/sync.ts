/**
 * `sharecard sync <url>`: one sync run over a feed, sitemap, WordPress REST API or article
 * page (src/ingest/), with a progress bar on a terminal and a report on stdout. Exit code 0
 * when every story was stored or unchanged, 2 when some failed or collided.
 */
import cliProgress from 'cli-progress';
import { SharecardError } from '../core/errors.js';
import type { Config } from '../config/schema.js';
import { syncSource } from '../ingest/service.js';
import type { SyncItem, SyncReport } from '../ingest/sync.js';
import { openStore } from '../store/open.js';
import type { Logger } from 'pino';

export interface SyncCliOptions {
  dryRun?: boolean;
  limit?: string;
  origin?: string[];
  json?: boolean;
}

const VERBS: Record<SyncItem['action'], [string, string]> = {
  created: ['created', 'would create'],
  updated: ['updated', 'would update'],
  unchanged: ['unchanged', 'unchanged'],
  unpublished: ['unpublished', 'would unpublish'],
  collision: ['collision', 'collision'],
  failed: ['failed', 'failed'],
};

/** The report as text: one summary line, then every story that changed or went wrong. */
export function formatSyncReport(report: SyncReport): string {
  const c = report.counts;
  const lines = [
    `${report.source} (${report.kind}): ${report.found} ${report.found === 1 ? 'story' : 'stories'} found, ${report.items.length} read${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    `created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, unpublished ${c.unpublished}, collisions ${c.collision}, failed ${c.failed}`,
  ];
  for (const i of report.items) {
    if (i.action === 'unchanged') continue;
    const verb = VERBS[i.action][report.dryRun ? 1 : 0];
    const detail = i.fields?.length ? `: ${i.fields.join(', ')}` : i.reason ? `: ${i.reason}` : '';
    lines.push(`  ${verb} ${i.slug ?? '-'} ${i.url}${detail}`);
  }
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

export async function syncCommand(url: string, opts: SyncCliOptions, config: Config, log: Logger): Promise<number> {
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new SharecardError('invalid_input', 'Invalid option', { problems: [{ path: ['--limit'], message: 'must be a whole number of at least 1' }] });
    }
  }
  const store = await openStore(config, { log });
  const bar =
    process.stderr.isTTY && !opts.json
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'syncing {bar} {value}/{total} stories' }, cliProgress.Presets.shades_classic)
      : null;
  let started = false;
  try {
    const report = await syncSource(
      { config, store },
      {
        url,
        origins: opts.origin ?? [],
        dryRun: opts.dryRun ?? false,
        limit,
        onProgress: (done, total) => {
          if (!started) bar?.start(total, 0);
          started = true;
          bar?.update(done);
        },
      },
    );
    bar?.stop();
    console.log(opts.json ? JSON.stringify(report, null, 2) : formatSyncReport(report));
    return report.counts.failed || report.counts.collision ? 2 : 0;
  } finally {
    bar?.stop();
    await store.close();
  }
}
