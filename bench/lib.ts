/**
 * Shared by the benchmark sections: the reference story as a render job, statistics, the
 * machine description, and small process helpers. Nothing here measures anything itself.
 */
import { readFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../src/core/article.js';
import { directionOf } from '../src/core/direction.js';
import { computeRevision } from '../src/core/revision.js';
import { buildCardText } from '../src/render/card-model.js';
import type { RenderJob } from '../src/render/pipeline.js';
import type { CardArticle } from '../src/render/renderer.js';
import type { Brand } from '../src/render/template.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixturesDir = path.join(root, 'test', 'fixtures');
export const REFERENCE_SLUG = 'us-iran-talks-istanbul';
export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
export const brand: Brand = { name: 'Example News', themeColor: '#0b1020', accentColor: '#e4002b' };

export interface Fixture {
  slug: string;
  [key: string]: unknown;
}

export function loadFixtures(): Fixture[] {
  return JSON.parse(readFileSync(path.join(fixturesDir, 'articles.json'), 'utf8')) as Fixture[];
}

export function fixtureBody(f: Fixture): Record<string, unknown> {
  const { slug: _slug, ...body } = f;
  return body;
}

export function cardArticle(f: Fixture): CardArticle {
  const a = parseArticle(fixtureBody(f));
  return { ...a, slug: f.slug, dir: directionOf(a.lang, a.title), revision: computeRevision(f.slug, a) };
}

/** The reference story as the job a worker gets: standard template, og preset, PNG. */
export function referenceJob(title?: string): RenderJob {
  const f = loadFixtures().find((x) => x.slug === REFERENCE_SLUG);
  if (!f) throw new Error(`fixture ${REFERENCE_SLUG} not found`);
  const card = buildCardText(cardArticle(f));
  return { template: 'standard', preset: 'og', format: 'png', card: title ? { ...card, title } : card, brand };
}

/**
 * How `npm start` runs the server (package.json's start script): the environment it sets and
 * the flags it gives node. The benchmark starts its server processes the same way.
 */
export const startCommand: { env: Record<string, string>; nodeArgs: string[] } = (() => {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const env = Object.fromEntries([...start.matchAll(/\b([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  const nodeArgs = start.match(/\bnode\s+(.*?)\s*bin\/sharecard\.js/)?.[1].split(/\s+/).filter(Boolean) ?? [];
  return { env, nodeArgs };
})();

export function median(xs: number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const model = (() => {
    try {
      return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim();
    } catch {
      return undefined;
    }
  })();
  const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
  return {
    cpu: model ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory: `${gib(totalmem())} total, ${gib(freemem())} free at start`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Current and peak resident set size of this process, in MB (Linux /proc; else RSS only). */
export function rssMb(pid: number | 'self' = 'self'): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    const rss = process.memoryUsage().rss / 1024 / 1024;
    return { rss, peak: rss };
  }
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Busy and total CPU time of the whole machine so far, in clock ticks (Linux /proc/stat). */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = fields[3] + fields[4]; // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * Waits until the machine is quiet: no more than `busyShare` of all cores busy over a
 * `windowMs` window (giving up after `maxMs`). Returns the ms waited. The cold section calls
 * it before its first timed run and after every one, so each runner starts on a quiet machine:
 * a browser's processes may go on working after a screenshot has returned or the browser has
 * closed, and that work would otherwise be timed as part of whichever runner comes next.
 */
export async function settle({ windowMs = 100, busyShare = 0.1, maxMs = 3000 } = {}): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, windowMs));
    const b = machineTicks();
    if (!a || !b) return performance.now() - t0;
    const total = b.total - a.total;
    if (total > 0 && (b.busy - a.busy) / total <= busyShare) return performance.now() - t0;
    if (performance.now() - t0 > maxMs) return performance.now() - t0;
  }
}

