/**
 * Load shedding for public dynamic pages (issue 31: 500 connections on /a/:slug gave p50
 * 857 ms and 11 of 19 /readyz probes timed out). Past a limit the route answers 503 with
 * Retry-After at once, before any store read or page build, so the event loop keeps time for
 * everything else, /healthz and /readyz included (they are never shed).
 *
 * Two signals, either one sheds:
 * - event-loop delay: a timer notes the time every `sampleEveryMs`. A request handled when the
 *   timer is overdue by more than `maxEventLoopDelayMs`, while the timer's own last tick also
 *   came that late, is inside a run of long passes of the loop (hundreds of queued requests
 *   handled back to back, every other request and probe waiting behind them), so it is
 *   refused, cheaply, and the pass ends sooner. One slow pass alone sheds nothing: not the
 *   requests after it (a startup, a collection), nor one a host hands over in the same turn
 *   right after a slow one (createFetchHandler, awaited in sequence: a first PUT taking 115 ms
 *   got the GET after it refused).
 * - in flight: more than `maxInFlight` shed-able requests started and not yet answered (an
 *   async store, e.g. PostgreSQL, queues them without blocking the loop).
 *
 * The middleware goes first in the app, ahead of the request log: under overload a shed
 * request must cost next to nothing, so it is answered from a prepared body, counted (`shed`,
 * and `onShed`, which the server points at the errors metric), and not logged line by line. Only GET and HEAD are
 * shed: a CMS write is rare and worth its cost.
 *
 * @example
 *   const shed = createLoadShedder({ maxEventLoopDelayMs: 75, maxInFlight: 256, retryAfterSeconds: 1 });
 *   app.use(['/a/', '/api/articles'], shed.middleware);
 */
import type { RequestHandler } from 'express';
import { SharecardError } from '../core/errors.js';
import { errorBody } from './errors.js';

export interface LoadShedderOptions {
  /** Shed while the event loop runs this late (ms); 0 turns this signal off. */
  maxEventLoopDelayMs: number;
  /** Shed past this many shed-able requests in progress; 0 turns this signal off. */
  maxInFlight: number;
  /** Retry-After of a shed request, in seconds. */
  retryAfterSeconds: number;
  /** How often the loop delay is sampled (default 20 ms). */
  sampleEveryMs?: number;
  /** Told of each shed request (e.g. to count it in a metric). */
  onShed?: () => void;
  now?: () => number;
}

export interface LoadShedder {
  /** Sheds a GET or HEAD (503 + Retry-After) or lets the request through and counts it in flight. */
  middleware: RequestHandler;
  /** How overdue the sampling timer is now, in ms (0 while the loop keeps time). */
  readonly eventLoopDelayMs: number;
  readonly inFlight: number;
  /** How many requests were shed since start. */
  readonly shed: number;
  /** The sampling timer's tick, run now (tests that move a controlled clock call it). */
  sample(): void;
  close(): void;
}

function checkOption(name: keyof LoadShedderOptions, value: number | undefined, { positive = false } = {}): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new TypeError(`createLoadShedder: ${name} must be a number ${positive ? '> 0' : '≥ 0'}, got ${value}`);
  }
}

export function createLoadShedder(options: LoadShedderOptions): LoadShedder {
  checkOption('maxEventLoopDelayMs', options.maxEventLoopDelayMs);
  checkOption('maxInFlight', options.maxInFlight);
  checkOption('retryAfterSeconds', options.retryAfterSeconds, { positive: true });
  checkOption('sampleEveryMs', options.sampleEveryMs, { positive: true });
  const { maxEventLoopDelayMs, maxInFlight, retryAfterSeconds } = options;
  const sampleEveryMs = options.sampleEveryMs ?? 20;
  const now = options.now ?? (() => performance.now());

  let inFlight = 0;
  let shed = 0;
  let timer: NodeJS.Timeout | null = null;
  /** When the sampling timer should next have run; it runs late exactly when the loop is busy. */
  let due = now() + sampleEveryMs;
  /** How late the timer's last tick ran. */
  let lastLate = 0;
  const delay = () => Math.max(0, now() - due);

  const sample = () => {
    lastLate = delay();
    due = now() + sampleEveryMs;
  };
  if (maxEventLoopDelayMs > 0) {
    timer = setInterval(sample, sampleEveryMs);
    timer.unref();
  }

  const busy = Buffer.from(JSON.stringify(errorBody(new SharecardError('overloaded', `The server is busy; retry after ${retryAfterSeconds} s`))));
  const middleware: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const overloaded = (maxEventLoopDelayMs > 0 && lastLate > maxEventLoopDelayMs && delay() > maxEventLoopDelayMs) || (maxInFlight > 0 && inFlight >= maxInFlight);
    if (overloaded) {
      shed++;
      options.onShed?.();
      res.statusCode = 503;
      res.setHeader('Retry-After', String(retryAfterSeconds));
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', String(busy.length));
      res.end(req.method === 'HEAD' ? undefined : busy);
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    next();
  };

  return {
    middleware,
    get eventLoopDelayMs() {
      return delay();
    },
    get inFlight() {
      return inFlight;
    },
    get shed() {
      return shed;
    },
    sample,
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
