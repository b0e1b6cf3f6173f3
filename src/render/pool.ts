/**
 * Where cards are drawn: a piscina pool of worker threads (the server), or inline on the
 * calling thread (the CLI's one-off render, and tests that want no threads).
 *
 * Cards wait for a worker in two lanes. The demand lane holds cards a client is waiting for,
 * first come first drawn; the background lane holds cards drawn ahead of any request (on
 * publish, src/render/prerender-queue.ts) and is served only when no demand card waits, on all
 * workers but one (when there are several), so that a requested card never waits for a
 * background one: it finds a worker free, or busy with another requested card. A
 * demand card waits up to `queueDeadlineMs`, and is refused with `overloaded` (503 +
 * Retry-After) only when the queue cannot start it by then: at arrival, from the cards ahead
 * of it times the recent render time, or when the deadline passes. Background cards are never
 * refused and never counted against a demand card.
 *
 * @example
 *   const pool = createWorkerPool({ threads: 2, maxQueue: 1024, timeoutMs: 15_000, queueDeadlineMs: 8_000 });
 *   const result = await pool.run(job);
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
// Loaded on the main thread before any worker starts: sharp's native module must be
// initialised by the main thread first when it is also used inside worker threads.
// https://sharp.pixelplumbing.com/install#worker-threads
import 'sharp';
import { describeErrorChain } from '../core/error-chain.js';
import { SharecardError } from '../core/errors.js';
// Types only: the pipeline (satori, resvg, their wasm) loads in the workers, and on the calling
// thread only when an inline pool draws its first card, never in the server's main thread.
import type { RenderEnv, RenderJob, RenderResult } from './pipeline.js';

/** `demand`: a client waits for this card. `background`: drawn ahead of any request. */
export type RenderLane = 'demand' | 'background';

export interface RunOptions {
  /** Default `demand`. */
  lane?: RenderLane;
  /**
   * For a background card: settles when a client asks for the same card while it still waits
   * for a worker; it then moves to the back of the demand lane, so it is drawn as soon as the
   * clients ahead of it are, not after every other background card.
   */
  promoted?: Promise<unknown>;
}

/** What the pool is doing now (metrics, the prerender queue's pacing). */
export interface PoolLoad {
  threads: number;
  /** Cards being drawn. */
  running: number;
  waiting: Record<RenderLane, number>;
  /** The recent time of one render in milliseconds (the fastest quarter of the last 20), used to estimate waits. */
  renderMs: number;
}

export interface RenderPool {
  readonly kind: 'workers' | 'inline';
  readonly threads: number;
  run(job: RenderJob, options?: RunOptions): Promise<RenderResult>;
  load(): PoolLoad;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Worker threads (default: {@link defaultThreads}). */
  threads?: number;
  /** Demand cards waiting for a worker beyond which new ones are refused at once (a memory bound). */
  maxQueue: number;
  /**
   * A render that takes longer, once it has a worker, fails with `timeout`. Its worker is
   * terminated and replaced (piscina ends the thread of an aborted running task), so a render
   * stuck in satori or resvg cannot hold a thread forever.
   */
  timeoutMs: number;
  /**
   * The longest a demand card waits for a worker (default {@link DEFAULT_QUEUE_DEADLINE_MS}).
   * Crawlers give up after about 10 s; a card that cannot start by then is refused early.
   */
  queueDeadlineMs?: number;
  /** The worker module (default: worker.ts/worker.js next to this file). Tests substitute one. */
  workerFile?: string;
  /** `compact` (default) or `fast` worker heaps: see {@link workerResourceLimits}. */
  heap?: WorkerHeap;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export type WorkerHeap = 'compact' | 'fast';

export const DEFAULT_QUEUE_DEADLINE_MS = 8_000;
/** The render-time estimate before the first card is drawn (a warm card takes 40-70 ms). */
const INITIAL_RENDER_MS = 100;
/**
 * Renders the estimate looks back on, and the quantile of their times it takes: the fastest
 * quarter. A queue drains at the speed of cards drawn back to back, and those are the fast ones:
 * a card after a pause pays for memory handed back to the kernel and caches gone cold (measured:
 * three cards after an idle spell took ~320 ms each, while a burst then drew ~13 cards a second
 * per worker), and on a shared machine one render in twenty can take ten times the others. A
 * moving average, then the median, refused 20 and 34 of a burst of 120 requested cards that
 * then drained in 5 s, well within the 8 s deadline. A card the estimate lets in that still
 * cannot start in time is refused at the deadline.
 */
const RECENT_RENDERS = 20;
const RENDER_QUANTILE = 0.25;

/**
 * Each card allocates tens of megabytes of short-lived objects in satori while only ~36 MB stays
 * live in a worker (fonts, templates, measured widths). V8 sizes a heap for the memory it may
 * grow to: with the default limit (a quarter of the machine's memory) it lets the old
 * generation grow to up to 4× what survived the last full collection, and a worker's heap stood
 * at ~155 MB, two workers' at ~310 MB, for ~72 MB of live objects (measured, 600 mixed-script
 * cards through 2 workers). `compact` gives each worker
 *
 * - a 512 MB old generation: V8 then grows the heap by ~1.4× instead (its growth factor for
 *   heaps under 2 GB), ~65 MB a worker; 14× the live set, so no card comes near it (a worker
 *   that did would end, and its card be drawn once more on a fresh one: createWorkerPool);
 * - a 24 MB young generation (8 MB semi-spaces): the objects of the card being drawn, and
 *   resvg's pixmaps, which are freed only when the small objects holding them are collected.
 *   12 MB took two scavenges a card, each copying the card's live objects (~5.7 ms a card);
 *   V8's default (48 MB) added ~35 MB of RSS and no measurable speed.
 *
 * Measured through the server (2 workers, 1,000 cold cards at concurrency 16): peak RSS 619 MB
 * with the old 12 MB young generation alone, 457-488 MB with these limits (bench/RESULTS.md).
 * The price is CPU: ~16% more a card in a saturated stream of mixed-script cards (75 against
 * 65 ms, four interleaved runs each), from more full collections marked on V8's helper threads.
 * `fast` keeps V8's defaults (batch prerendering on a machine with memory to spare).
 *
 * Set per worker through the Worker `resourceLimits` option, which piscina passes through; the
 * process's own flags and the main thread are left alone. A `--max-semi-space-size` or
 * `--max-old-space-size` given to node on the command line (or NODE_OPTIONS) takes precedence.
 */
export function workerResourceLimits(heap: WorkerHeap): { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number } {
  return heap === 'compact' ? { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 512 } : {};
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
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

const overloaded = (waitMs: number, cause?: unknown) =>
  new SharecardError('overloaded', 'Too many cards are being rendered; try again shortly', { cause, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });

function mapError(err: unknown, timeoutMs: number): SharecardError {
  if (err instanceof SharecardError) return err;
  const e = err as { name?: string; message?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return new SharecardError('timeout', `Rendering took longer than render.renderTimeoutMs (${timeoutMs} ms)`, { cause: err });
  }
  return new SharecardError('internal', 'Rendering failed', { cause: err });
}

const isAbort = (err: unknown) => ['AbortError', 'TimeoutError'].includes((err as { name?: string })?.name ?? '');

interface Waiter {
  lane: RenderLane;
  start(): void;
  cancel(err: Error): void;
}

export function createWorkerPool(options: WorkerPoolOptions): RenderPool {
  const threads = options.threads ?? defaultThreads();
  const queueDeadlineMs = options.queueDeadlineMs ?? DEFAULT_QUEUE_DEADLINE_MS;
  check('threads', threads, 1);
  check('maxQueue', options.maxQueue, 1);
  check('timeoutMs', options.timeoutMs, 1);
  check('queueDeadlineMs', queueDeadlineMs, 1);
  const { log } = options;
  // Threads start with the first card, not with the process: a replica (or a test) that never
  // draws a card never pays for loading fonts into workers.
  let piscina: Piscina | null = null;
  // Workers lost while the pool is open (a crash, running out of memory, a failed start, or a
  // render's timeout ending its thread): a card that failed, other than by its own timeout,
  // while one was lost failed for a reason outside the card, and is drawn once more.
  let lostWorkers = 0;
  // Cards wait here and go to piscina only when a worker is free: piscina's own queue put a task
  // it could not place at the back, and under a steady stream some cards were passed over until
  // they hit the deadline (measured: 504s after 15 s while later cards drew).
  const lanes: Record<RenderLane, Waiter[]> = { demand: [], background: [] };
  let running = 0;
  let runningBackground = 0;
  const backgroundThreads = Math.max(1, threads - 1);
  let renderMs = INITIAL_RENDER_MS;
  const recent: number[] = [];
  // The pool's first cards, one per worker, include starting the workers and loading fonts and
  // templates (seconds on a busy machine): counted in the estimate, they made a fresh pool
  // refuse the cards of its first burst (measured: 503s among 16 first requests).
  let warmupsLeft = threads;
  let closed = false;

  const start = () => {
    const { filename, execArgv } = workerEntry(options.workerFile);
    const p = new Piscina({
      filename,
      execArgv,
      minThreads: threads,
      maxThreads: threads,
      resourceLimits: workerResourceLimits(options.heap ?? 'compact'),
      // Keep the warm workers (parsed fonts) for the life of the process.
      idleTimeout: Number.MAX_SAFE_INTEGER,
    });
    p.on('workerDestroy', () => {
      if (!closed) lostWorkers++;
    });
    // A worker that fails with no card on it (while starting, say): piscina emits 'error', which
    // would end the process without a listener. piscina then stops replacing workers, and cards
    // given to it would wait for one until their timeout: when none is left, it is closed (its
    // cards fail, and are drawn once more) and the next card starts a fresh one.
    p.on('error', (err: unknown) => {
      log?.error({ err: describeErrorChain(err) }, 'a render worker failed');
      if (piscina === p && p.threads.length === 0) {
        piscina = null;
        p.close({ force: true }).catch(() => undefined);
      }
    });
    return p;
  };

  /** The wait a new demand card can expect before a worker starts it. */
  const expectedWaitMs = () => (running < threads && lanes.demand.length === 0 ? 0 : Math.ceil((lanes.demand.length + 1) / threads) * renderMs);

  const dispatch = () => {
    while (running < threads) {
      const next = lanes.demand.shift() ?? (runningBackground < backgroundThreads ? lanes.background.shift() : undefined);
      if (!next) return;
      running++;
      if (next.lane === 'background') runningBackground++;
      next.start();
    }
  };

  /**
   * Resolves, with the lane the card started from, when a worker has room for it; a demand card
   * is refused at its deadline.
   */
  const turn = (lane: RenderLane, promoted?: Promise<unknown>) =>
    new Promise<RenderLane>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const entry: Waiter = {
        lane,
        start: () => {
          clearTimeout(timer);
          resolve(entry.lane);
        },
        cancel: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const leave = () => {
        const list = lanes[entry.lane];
        const i = list.indexOf(entry);
        if (i >= 0) list.splice(i, 1);
        return i >= 0;
      };
      const arm = () => {
        timer = setTimeout(() => {
          if (leave()) reject(overloaded(expectedWaitMs()));
        }, queueDeadlineMs);
      };
      if (lane === 'demand') arm();
      else
        promoted?.then(() => {
          if (entry.lane === 'demand' || !leave()) return;
          entry.lane = 'demand';
          lanes.demand.push(entry);
          arm();
          dispatch();
        });
      lanes[lane].push(entry);
      dispatch();
    });

  const done = (lane: RenderLane, startedAt: number, ok: boolean, warmup: boolean) => {
    running--;
    if (lane === 'background') runningBackground--;
    if (ok && !warmup) {
      recent.push(performance.now() - startedAt);
      if (recent.length > RECENT_RENDERS) recent.shift();
      renderMs = quantile(recent, RENDER_QUANTILE);
    }
    dispatch();
  };

  async function draw(job: RenderJob): Promise<RenderResult> {
    for (let attempt = 1; ; attempt++) {
      const lost = lostWorkers;
      try {
        if (closed) throw shuttingDown();
        piscina ??= start();
        return (await piscina.run(job, { signal: AbortSignal.timeout(options.timeoutMs) })) as RenderResult;
      } catch (err) {
        // A worker died under the card (out of memory, a crash, a worker that failed to start):
        // nothing says the card itself is at fault, so it is drawn once more on a fresh worker.
        if (attempt === 1 && !closed && !isAbort(err) && !(err instanceof SharecardError) && lostWorkers > lost) {
          log?.warn({ template: job.template, preset: job.preset, err: describeErrorChain(err) }, 'a render worker failed under a card; drawing it again');
          continue;
        }
        throw err;
      }
    }
  }

  return {
    kind: 'workers',
    threads,
    load: () => ({ threads, running, waiting: { demand: lanes.demand.length, background: lanes.background.length }, renderMs }),
    async run(job, runOptions = {}) {
      if (closed) throw shuttingDown();
      const lane = runOptions.lane ?? 'demand';
      if (lane === 'demand') {
        // Refused now rather than after a wait that cannot end in time: the client (or its
        // crawler) retries another replica or later, instead of timing out.
        const wait = expectedWaitMs();
        if (lanes.demand.length >= options.maxQueue || wait > queueDeadlineMs) throw overloaded(wait);
      }
      const started = await turn(lane, runOptions.promoted);
      const startedAt = performance.now();
      const warmup = warmupsLeft > 0;
      if (warmup) warmupsLeft--;
      let ok = false;
      try {
        const result = await draw(job);
        ok = true;
        return result;
      } catch (err) {
        throw mapError(err, options.timeoutMs);
      } finally {
        done(started, startedAt, ok, warmup);
      }
    },
    async close() {
      // Cards still waiting for a worker are refused, not handed to a pool being closed.
      closed = true;
      for (const entry of [...lanes.demand.splice(0), ...lanes.background.splice(0)]) entry.cancel(shuttingDown());
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
  let waiting = 0;
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
    load: () => ({ threads: 0, running: waiting ? 1 : 0, waiting: { demand: Math.max(0, waiting - 1), background: 0 }, renderMs: INITIAL_RENDER_MS }),
    run(job) {
      waiting++;
      const next = queue.then(() => draw(job)).finally(() => waiting--);
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
