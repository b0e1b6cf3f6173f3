/**
 * The load shedder on its own (src/http/load-shed.ts): the in-flight limit, the event-loop
 * delay signal read on a controlled clock, GET/HEAD only, and its options.
 */
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { createLoadShedder } from '../src/http/load-shed.js';

/** Runs the middleware on a fake GET; `passed` when it called next(), else what it answered. */
function call(mw: ReturnType<typeof createLoadShedder>['middleware'], method = 'GET') {
  const headers: Record<string, string> = {};
  const res = Object.assign(new EventEmitter(), {
    statusCode: 200,
    body: undefined as Buffer | undefined,
    setHeader: (k: string, v: string) => void (headers[k.toLowerCase()] = v),
    end: (b?: Buffer) => void (res.body = b),
  });
  let passed = false;
  mw({ method } as Request, res as unknown as Response, () => void (passed = true));
  return { res, passed, status: res.statusCode, headers, json: () => JSON.parse(String(res.body)) };
}

describe('createLoadShedder', () => {
  it('lets maxInFlight requests through, sheds the next with overloaded + retryAfterSeconds, and recovers as they finish', () => {
    const shed = createLoadShedder({ maxEventLoopDelayMs: 0, maxInFlight: 2, retryAfterSeconds: 3 });
    const a = call(shed.middleware);
    const b = call(shed.middleware);
    expect([a.passed, b.passed]).toEqual([true, true]);
    expect(shed.inFlight).toBe(2);
    const c = call(shed.middleware);
    expect(c.passed).toBe(false);
    expect(c.status).toBe(503);
    expect(c.headers['retry-after']).toBe('3');
    expect(c.headers['cache-control']).toBe('no-store');
    expect(c.json().error.code).toBe('overloaded');
    // Writes are never shed.
    expect(call(shed.middleware, 'PUT').passed).toBe(true);
    a.res.emit('close');
    expect(call(shed.middleware).passed).toBe(true);
    expect(shed.shed).toBe(1);
    shed.close();
  });

  it('sheds while the loop keeps running late: the timer overdue by more than maxEventLoopDelayMs, and its last tick as late', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let t = 1_000;
      const shed = createLoadShedder({ maxEventLoopDelayMs: 75, maxInFlight: 0, retryAfterSeconds: 1, sampleEveryMs: 20, now: () => t });
      // One slow pass (a first PUT, say) and a request handled right after it, in the same turn.
      t += 20 + 200;
      expect(shed.eventLoopDelayMs).toBe(200);
      expect(call(shed.middleware).passed).toBe(true);
      // The timer's tick comes 200 ms late: the loop is busy. The next long pass sheds past 75 ms.
      vi.advanceTimersByTime(20);
      t += 20 + 75;
      expect(call(shed.middleware).passed).toBe(true);
      t += 10;
      expect(shed.eventLoopDelayMs).toBe(85);
      expect(call(shed.middleware).status).toBe(503);
      // The loop catches up: a tick on time, and nothing is shed however the next pass begins.
      vi.advanceTimersByTime(20);
      t += 20;
      vi.advanceTimersByTime(20);
      t += 20 + 200;
      expect(call(shed.middleware).passed).toBe(true);
      shed.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('checks its options, naming them', () => {
    expect(() => createLoadShedder({ maxEventLoopDelayMs: -1, maxInFlight: 0, retryAfterSeconds: 1 })).toThrow(/maxEventLoopDelayMs/);
    expect(() => createLoadShedder({ maxEventLoopDelayMs: 0, maxInFlight: Number.NaN, retryAfterSeconds: 1 })).toThrow(/maxInFlight/);
    expect(() => createLoadShedder({ maxEventLoopDelayMs: 0, maxInFlight: 0, retryAfterSeconds: 0 })).toThrow(/retryAfterSeconds/);
  });
});
