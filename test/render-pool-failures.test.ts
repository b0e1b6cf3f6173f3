/**
 * A render that fails for a reason outside the card is drawn once more, and a failure that
 * reaches a client can be diagnosed from the log.
 *
 * Regression: the first render of a fresh pool failed and all 16 requests waiting on it got
 * 500 "Rendering failed"; the log held only the mapping stack. The cause: each worker toggled
 * the process-wide --expose-gc flag while starting, and two workers starting at once raced
 * (one saw the flag unset: "ReferenceError: gc is not defined", and failed to load).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SharecardError } from '../src/core/errors.js';
import { createErrorHandler } from '../src/http/errors.js';
import { buildCardText } from '../src/render/card-model.js';
import type { RenderJob } from '../src/render/pipeline.js';
import { createWorkerPool } from '../src/render/pool.js';
import { repoRoot, tempDir } from './helpers.js';
import { brand } from './render-helpers.js';

const failOnceWorker = fileURLToPath(new URL('./render-fail-once-worker.ts', import.meta.url));
const job = (title: string): RenderJob => ({ template: 'standard', preset: 'og', format: 'png', card: buildCardText({ title, authors: [], lang: 'en' }), brand });

describe('render failures outside the card', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('sharecard-fail-once-');
    process.env.FAIL_ONCE_MARKER = path.join(tmp.dir, 'marker');
  });
  afterEach(() => {
    delete process.env.FAIL_ONCE_MARKER;
    delete process.env.FAIL_ONCE_MODE;
    tmp.cleanup();
  });

  it('draws a card again when its worker died under it', { timeout: 30_000 }, async () => {
    process.env.FAIL_ONCE_MODE = 'exit';
    const warnings: string[] = [];
    const pool = createWorkerPool({ threads: 1, maxQueue: 16, timeoutMs: 20_000, workerFile: failOnceWorker, log: { warn: (_o, m) => warnings.push(m), error: () => {} } });
    try {
      expect(await pool.run(job('survives'))).toBe('survives');
      expect(warnings.some((w) => /drawing it again/.test(w))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('draws 16 concurrent first cards when the fresh pool’s worker fails to start', { timeout: 30_000 }, async () => {
    process.env.FAIL_ONCE_MODE = 'start';
    const logged: object[] = [];
    const pool = createWorkerPool({ threads: 1, maxQueue: 64, timeoutMs: 20_000, workerFile: failOnceWorker, log: { warn: (o) => logged.push(o), error: (o) => logged.push(o) } });
    try {
      const titles = Array.from({ length: 16 }, (_, i) => `card ${i}`);
      expect(await Promise.all(titles.map((t) => pool.run(job(t))))).toEqual(titles);
      // The failure was logged with its cause, not swallowed.
      expect(logged.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('gives up after one more try when every worker dies, with the cause attached', { timeout: 30_000 }, async () => {
    process.env.FAIL_ONCE_MODE = 'always-exit';
    const pool = createWorkerPool({ threads: 1, maxQueue: 16, timeoutMs: 20_000, workerFile: failOnceWorker });
    try {
      const err = await pool.run(job('never drawn')).then(() => null, (e: unknown) => e as SharecardError);
      expect(err).toMatchObject({ kind: 'internal', message: 'Rendering failed' });
      expect(String((err?.cause as Error | undefined)?.message)).toMatch(/worker exited with code: 1/);
    } finally {
      await pool.close();
    }
  });

  it('draws 16 concurrent first cards on a fresh pool of real workers', { timeout: 60_000 }, async () => {
    const pool = createWorkerPool({ threads: 2, maxQueue: 64, timeoutMs: 30_000 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => pool.run(job(`Fresh pool ${i}`))));
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).cause ?? r.reason)] : []));
      expect(failed).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});

describe('no V8 flags or allocator settings at run time', () => {
  it('appears nowhere in src/', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (/\.ts$/.test(e.name) && /setFlagsFromString|MIMALLOC_|--expose-gc/.test(readFileSync(file, 'utf8'))) offenders.push(path.relative(repoRoot, file));
      }
    };
    walk(path.join(repoRoot, 'src'));
    expect(offenders).toEqual([]);
  });
});

describe('the error handler', () => {
  it('logs the whole cause chain of an internal error, with credentials masked', () => {
    const logged: Record<string, unknown>[] = [];
    const handler = createErrorHandler({ error: (obj) => logged.push(obj as Record<string, unknown>) });
    const root = new Error('connect ECONNREFUSED redis://cache:hunter2-secret@10.0.0.5:6379');
    const err = new SharecardError('internal', 'Rendering failed', { cause: new Error('worker exited with code: 1', { cause: root }) });
    const res = { headersSent: false, locals: {}, setHeader: () => res, status: () => res, json: () => res } as never;
    handler(err, { id: 'r1', path: '/og/x.png' } as never, res, () => {});
    const text = JSON.stringify(logged);
    expect(logged).toHaveLength(1);
    const chain = logged[0].err as { message: string; cause: { message: string; cause: { message: string } } };
    expect(chain.message).toBe('Rendering failed');
    expect(chain.cause.message).toBe('worker exited with code: 1');
    expect(chain.cause.cause.message).toMatch(/ECONNREFUSED/);
    expect(text).not.toContain('hunter2-secret');
  });
});
