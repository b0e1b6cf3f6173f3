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
import v8 from 'node:v8';
import { Piscina } from 'piscina';
// Loaded on the main thread before any worker starts: sharp's native module must be
// initialised by the main thread first when it is also used inside worker threads.
// https://sharp.pixelplumbing.com/install#worker-threads
import 'sharp';
// Sets the environment resvg's allocator reads when a worker loads it: a worker's process.env
// is its own copy, so only the main thread can set what native code sees.
import './native-memory.js';
import { SharecardError } from '../core/errors.js';
// Types only: the pipeline (satori, resvg, their wasm) loads in the workers, and on the calling
// thread only when an inline pool draws its first card, never in the server's main thread.
import type { RenderEnv, RenderJob, RenderResult } from './pipeline.js';

export interface RenderPool {
  readonly kind: 'workers' | 'inline';
  readonly threads: number;
  run(job: RenderJob): Promise<RenderResult>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Worker threads (default: {@link defaultThreads}). */
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
  /** `compact` (default) or `fast` worker heaps: see {@link configureWorkerHeaps}. */
  heap?: WorkerHeap;
}

export type WorkerHeap = 'compact' | 'fast';

/**
 * Each card allocates tens of megabytes of short-lived objects in satori while only ~30 MB
 * stays live in a worker, yet with V8's defaults a worker's heap grows to ~110 MB between
 * collections. `compact` bounds the young generation per worker (4 MB semi-spaces) and lets the
 * old generation grow by 20% between collections instead of V8's default factor. Measured with
 * `sharecard serve` and 2 workers on 2 cores (bench/RESULTS.md): peak RSS ~355 MB instead of
 * ~700 MB, for ~5% fewer cold renders per second when the pool is saturated (~28% before
 * scripts/patch-satori.mjs halved satori's garbage). `fast` keeps V8's defaults (batch
 * prerendering on a machine with memory to spare).
 *
 * Both are V8 flags, set here just before the workers start: V8 reads them when it creates a
 * worker's heap, and `--max-semi-space-size` wins over a Worker's resourceLimits. The main
 * thread's heap was created at start-up and keeps what the command line gave it (`npm start`
 * gives it small semi-spaces: it only serves HTTP). `fast` therefore names V8's 64-bit default
 * (16 MB) rather than leaving the flag as the command line set it.
 *
 * `npm start` also runs node with `--single-threaded-gc` (package.json). It cannot be set here:
 * V8 crashes when concurrent marking is switched off in a running process. V8's GC helper
 * threads kept one worker at ~1.2 cores for no more cards, and took cores from the other.
 */
function configureWorkerHeaps(heap: WorkerHeap): void {
  if (heap === 'fast') {
    v8.setFlagsFromString('--max-semi-space-size=16');
    return;
  }
  v8.setFlagsFromString('--max-semi-space-size=4');
  v8.setFlagsFromString('--heap-growing-percent=20');
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

/** What a card gets once the pool is closing: 503, try again (another replica, or after the restart). */
const shuttingDown = () => new SharecardError('overloaded', 'Shutting down', { retryAfterSeconds: 1 });

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
  // Cards wait here, first come first drawn, and go to piscina only when a worker is free:
  // piscina's own queue puts a task it could not place at the back, and under a steady stream
  // some cards were passed over until they hit the deadline (measured: 504s after 15 s while
  // later cards drew). The deadline counts from the request, queueing included.
  const waiting: { start: () => void; cancel: (err: Error) => void }[] = [];
  let running = 0;
  let closed = false;
  const start = () => {
    const { filename, execArgv } = workerEntry(options.workerFile);
    configureWorkerHeaps(options.heap ?? 'compact');
    return new Piscina({
      filename,
      execArgv,
      minThreads: threads,
      maxThreads: threads,
      // Keep the warm workers (parsed fonts) for the life of the process.
      idleTimeout: Number.MAX_SAFE_INTEGER,
    });
  };
  /** Resolves when a worker has room for one more card; rejects with timeout at `deadline`. */
  const turn = (deadline: number) =>
    new Promise<void>((resolve, reject) => {
      if (running < threads) {
        running++;
        return resolve();
      }
      const entry = {
        start: () => {
          clearTimeout(timer);
          running++;
          resolve();
        },
        cancel: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(Object.assign(new Error('waited past the render deadline'), { name: 'TimeoutError' }));
      }, deadline - performance.now());
      waiting.push(entry);
    });
  const done = () => {
    running--;
    waiting.shift()?.start();
  };
  return {
    kind: 'workers',
    threads,
    async run(job) {
      if (closed) throw shuttingDown();
      // Every card beyond the workers' room and the queue is refused at once.
      if (running + waiting.length >= threads + options.maxQueue) throw mapError(new Error('Task queue is at limit'), options.timeoutMs);
      const deadline = performance.now() + options.timeoutMs;
      try {
        await turn(deadline);
      } catch (err) {
        throw mapError(err, options.timeoutMs);
      }
      try {
        if (closed) throw shuttingDown();
        piscina ??= start();
        return (await piscina.run(job, { signal: AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now()))) })) as RenderResult;
      } catch (err) {
        throw mapError(err, options.timeoutMs);
      } finally {
        done();
      }
    },
    async close() {
      // Cards still waiting for a worker are refused, not handed to a pool being closed.
      closed = true;
      for (const entry of waiting.splice(0)) entry.cancel(shuttingDown());
      const p = piscina;
      piscina = null;
      await p?.close({ force: true });
    },
  };
}

/** Renders on the calling thread, one job at a time. For the CLI and tests, never the server. */
export function createInlinePool(env?: RenderEnv): RenderPool {
  let queue: Promise<unknown> = Promise.resolve();
  let ready: Promise<(job: RenderJob) => Promise<RenderResult>> | null = null;
  const draw = async (job: RenderJob) => {
    ready ??= import('./pipeline.js').then(({ createRenderEnv, renderJob }) => {
      const e = env ?? createRenderEnv();
      return (j: RenderJob) => renderJob(j, e);
    });
    return (await ready)(job);
  };
  return {
    kind: 'inline',
    threads: 0,
    run(job) {
      const next = queue.then(() => draw(job));
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
