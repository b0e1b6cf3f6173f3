/**
 * Where cards are drawn: a piscina pool of worker threads (the server), or inline on the
 * calling thread (the CLI's one-off render, and tests that want no threads). Both map a full
 * queue to `overloaded` (503 with Retry-After) and a slow render to `timeout`.
 *
 * @example
 *   const pool = createWorkerPool({ threads: 2, maxQueue: 64, timeoutMs: 15_000 });
 *   const result = await pool.run(job);
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
// Loaded on the main thread before any worker starts: sharp's native module must be
// initialised by the main thread first when it is also used inside worker threads.
// https://sharp.pixelplumbing.com/install#worker-threads
import 'sharp';
import { SharecardError } from '../core/errors.js';
import { createRenderEnv, renderJob, type RenderEnv, type RenderJob, type RenderResult } from './pipeline.js';

export interface RenderPool {
  readonly kind: 'workers' | 'inline';
  readonly threads: number;
  run(job: RenderJob): Promise<RenderResult>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Worker threads (default: the machine's cores, at most 4). */
  threads?: number;
  /** Jobs waiting for a thread before new ones are refused with `overloaded`. */
  maxQueue: number;
  /**
   * A render that takes longer fails with `timeout`. Its worker is terminated and replaced
   * (piscina ends the thread of an aborted running task), so a render stuck in satori or
   * resvg cannot hold a thread forever.
   */
  timeoutMs: number;
  /** The worker module (default: worker.ts/worker.js next to this file). Tests substitute one. */
  workerFile?: string;
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function check(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new SharecardError('invalid_input', `render pool: ${name} must be an integer ≥ ${min}, got ${value}`);
}

/**
 * The worker entry next to this module: worker.js when running compiled code from dist/, or
 * worker.ts under a TypeScript loader (vitest, tsx), which then needs the worker to load tsx.
 */
function workerEntry(file?: string): { filename: string; execArgv: string[] } {
  const self = import.meta.url;
  if (file) return { filename: file, execArgv: file.endsWith('.ts') ? ['--import', 'tsx'] : [] };
  if (self.endsWith('.ts')) return { filename: fileURLToPath(new URL('./worker.ts', self)), execArgv: ['--import', 'tsx'] };
  return { filename: fileURLToPath(new URL('./worker.js', self)), execArgv: [] };
}

function mapError(err: unknown, timeoutMs: number): SharecardError {
  if (err instanceof SharecardError) return err;
  const e = err as { name?: string; message?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return new SharecardError('timeout', `Rendering took longer than render.renderTimeoutMs (${timeoutMs} ms)`, { cause: err });
  }
  if (typeof e?.message === 'string' && /queue is at limit/i.test(e.message)) {
    return new SharecardError('overloaded', 'Too many cards are being rendered; try again shortly', { cause: err, retryAfterSeconds: 1 });
  }
  return new SharecardError('internal', 'Rendering failed', { cause: err });
}

export function createWorkerPool(options: WorkerPoolOptions): RenderPool {
  const threads = options.threads ?? defaultThreads();
  check('threads', threads, 1);
  check('maxQueue', options.maxQueue, 1);
  check('timeoutMs', options.timeoutMs, 1);
  // Threads start with the first card, not with the process: a replica (or a test) that never
  // draws a card never pays for loading fonts into workers.
  let piscina: Piscina | null = null;
  let inFlight = 0;
  const start = () => {
    const { filename, execArgv } = workerEntry(options.workerFile);
    return new Piscina({
      filename,
      execArgv,
      minThreads: threads,
      maxThreads: threads,
      maxQueue: options.maxQueue,
      // Keep the warm workers (parsed fonts) for the life of the process.
      idleTimeout: Number.MAX_SAFE_INTEGER,
    });
  };
  return {
    kind: 'workers',
    threads,
    async run(job) {
      // Counted here rather than left to piscina's maxQueue, which in practice let a burst
      // through uncounted: every job beyond the threads and the queue is refused at once.
      if (inFlight >= threads + options.maxQueue) throw mapError(new Error('Task queue is at limit'), options.timeoutMs);
      inFlight++;
      try {
        piscina ??= start();
        return (await piscina.run(job, { signal: AbortSignal.timeout(options.timeoutMs) })) as RenderResult;
      } catch (err) {
        throw mapError(err, options.timeoutMs);
      } finally {
        inFlight--;
      }
    },
    async close() {
      const p = piscina;
      piscina = null;
      await p?.close({ force: true });
    },
  };
}

/** Renders on the calling thread, one job at a time. For the CLI and tests, never the server. */
export function createInlinePool(env: RenderEnv = createRenderEnv()): RenderPool {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'inline',
    threads: 0,
    run(job) {
      const next = queue.then(() => renderJob(job, env));
      queue = next.catch(() => undefined);
      return next.catch((err) => {
        throw mapError(err, 0);
      });
    },
    async close() {
      await queue;
    },
  };
}
