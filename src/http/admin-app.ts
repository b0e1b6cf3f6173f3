/**
 * The operations listener (`server.adminPort`, on `server.adminHost`): /healthz, /readyz and
 * /metrics on a socket of their own, for orchestrators and Prometheus.
 *
 * Why a second socket: libuv accepts one connection per pass of the event loop
 * (https://github.com/libuv/libuv/pull/3696), and the kernel hands them out first come, first
 * served. When hundreds of crawler connections open at once on the public port, a probe's new
 * connection waits behind all of them, one pass of a busy loop each, and times out although
 * the process is healthy (issue 31). On its own listener the probe is next in line.
 *
 * The address it is bound to is what protects /metrics here (keep `adminHost` private); the
 * public port's /metrics keeps its own checks (server.metricsAllowFrom, security.metricsToken).
 *
 * @example
 *   const admin = createAdminApp(services);
 *   admin.listen(config.server.adminPort, config.server.adminHost);
 */
import express, { type Express } from 'express';
import type { Services } from '../services.js';
import { createErrorHandler, notFoundHandler } from './errors.js';
import { healthRoutes } from './routes/health.js';

export function createAdminApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(healthRoutes(services, { metricsOpen: true }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(services.log));
  return app;
}
