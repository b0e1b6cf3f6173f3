/** Liveness, readiness and Prometheus metrics for load balancers, orchestrators and monitoring. */
import { Router } from 'express';
import type { Services } from '../../services.js';

export function healthRoutes(services: Services): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (services.state.shuttingDown) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    try {
      await services.store.ping();
      res.json({ status: 'ready', store: services.store.kind });
    } catch (err) {
      services.log.warn({ err: (err as Error).message }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', store: services.store.kind });
    }
  });
  r.get('/metrics', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store').type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });
  return r;
}
