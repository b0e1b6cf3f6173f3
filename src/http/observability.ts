/**
 * Request ids, one structured log line per request, and request metrics. The log line carries
 * method, path (never the query string, which may hold signatures), status, duration and the
 * request id; never headers, so tokens and cookies stay out of logs.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id: the caller's X-Request-Id when well-formed, else a new UUID. */
    id: string;
  }
}

export function requestObservability(log: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // The matched route pattern keeps label cardinality bounded (never the raw path).
      const route = req.route?.path ? String(req.route.path) : 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      if (typeof res.locals.errorCode === 'string') metrics.errors.inc({ code: res.locals.errorCode });
      // The base logger with the id as a field: the same line as a child logger would write,
      // without building one per request (most requests are crawlers' cache hits and 304s).
      log[res.statusCode >= 500 ? 'error' : 'info'](
        { reqId: req.id, method: req.method, path: req.path, route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, ip: req.ip },
        'request',
      );
    });
    next();
  };
}
