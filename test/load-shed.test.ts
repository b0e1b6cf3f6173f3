/**
 * The load shedder on its own (src/http/load-shed.ts): the in-flight limit, the event-loop
 * delay signal read on a controlled clock, and its options.
 */
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { SharecardError } from '../src/core/errors.js';
import { createLoadShedder } from '../src/http/load-shed.js';

function call(mw: ReturnType<typeof createLoadShedder>['middleware']): { res: EventEmitter; error: unknown } {
  const res = new EventEmitter();
  let error: unknown = 'not called';
  mw({} as Request, res as unknown as Response, (err?: unknown) => void (error = err));
  return { res, error };
}

describe('createLoadShedder', () => {
  it('lets maxInFlight requests through, sheds the next with overloaded + retryAfterSeconds, and recovers as they finish', () => {
    const shed = createLoadShedder({ maxEventLoopDelayMs: 0, maxInFlight: 2, retryAfterSeconds: 3 });
    const a = call(shed.middleware);
    const b = call(shed.middleware);
    expect([a.error, b.error]).toEqual([undefined, undefined]);
    expect(shed.inFlight).toBe(2);
    const c = call(shed.middleware);
    expect(c.error).toBeInstanceOf(SharecardError);
    expect((c.error as SharecardError).kind).toBe('overloaded');
    expect((c.error as SharecardError).retryAfterSeconds).toBe(3);
    a.res.emit('close');
    expect(call(shed.middleware).error).toBeUndefined();
    expect(shed.shed).toBe(1);
    shed.close();
  });

  it('sheds only while the sampling timer is overdue by more than maxEventLoopDelayMs', () => {
    let t = 1_000;
    const shed = createLoadShedder({ maxEventLoopDelayMs: 75, maxInFlight: 0, retryAfterSeconds: 1, sampleEveryMs: 600_000, now: () => t });
    t += 600_000 + 75;
    expect(call(shed.middleware).error).toBeUndefined();
    t += 10;
    expect(shed.eventLoopDelayMs).toBe(85);
    expect((call(shed.middleware).error as SharecardError).kind).toBe('overloaded');
    shed.close();
  });

  it('checks its options, naming them', () => {
    expect(() => createLoadShedder({ maxEventLoopDelayMs: -1, maxInFlight: 0, retryAfterSeconds: 1 })).toThrow(/maxEventLoopDelayMs/);
    expect(() => createLoadShedder({ maxEventLoopDelayMs: 0, maxInFlight: Number.NaN, retryAfterSeconds: 1 })).toThrow(/maxInFlight/);
    expect(() => createLoadShedder({ maxEventLoopDelayMs: 0, maxInFlight: 0, retryAfterSeconds: 0 })).toThrow(/retryAfterSeconds/);
  });
});
