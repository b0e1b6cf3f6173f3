/**
 * Liveness, readiness and Prometheus metrics for load balancers, orchestrators and monitoring.
 * /metrics tells anyone who can read it the routes, error rates, memory and render load, so
 * it answers only clients in `server.metricsAllowFrom` (default: this host) or a scraper with
 * `Authorization: Bearer <security.metricsToken>`; everyone else gets 403.
 */
import { Router, type Request } from 'express';
import ipaddr from 'ipaddr.js';
import type { Config } from '../../config/schema.js';
import { SharecardError } from '../../core/errors.js';
import type { Services } from '../../services.js';
import { bearerToken, tokenMatches } from '../auth.js';

/** Whether a request may read /metrics (see above). */
export function createMetricsAccess(config: Pick<Config, 'server' | 'security'>): (req: Request) => boolean {
  const ranges = config.server.metricsAllowFrom.map((s): [ipaddr.IPv4 | ipaddr.IPv6, number] => {
    if (!ipaddr.isValid(s)) return ipaddr.parseCIDR(s);
    const addr = ipaddr.process(s);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  });
  const token = config.security.metricsToken;
  return (req) => {
    if (token) {
      const given = bearerToken(req);
      if (given !== null && tokenMatches(given, token)) return true;
    }
    const ip = req.ip;
    if (!ip || !ipaddr.isValid(ip)) return false;
    const addr = ipaddr.process(ip); // ::ffff:127.0.0.1 is 127.0.0.1
    return ranges.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
  };
}

/**
 * `metricsOpen`: serve /metrics to anyone who reaches this router (the operations listener,
 * whose bind address is the protection); otherwise only as described above.
 */
export function healthRoutes(services: Services, options: { metricsOpen?: boolean } = {}): Router {
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
  const mayReadMetrics = options.metricsOpen ? () => true : createMetricsAccess(services.config);
  r.get('/metrics', async (req, res) => {
    if (!mayReadMetrics(req)) {
      throw new SharecardError('forbidden', 'Metrics are readable from server.metricsAllowFrom addresses or with security.metricsToken');
    }
    res.setHeader('Cache-Control', 'no-store').type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });
  return r;
}
