/**
 * `POST /api/sync` (token): one sync run over the source the body names, answered with the
 * report as JSON, the same semantics as `sharecard sync <url>`. The caller holds the API
 * token, so the URL it names is the operator's: trusted like a CLI argument.
 */
import { Router, json } from 'express';
import { z } from 'zod';
import { isAbsoluteHttpUrl } from '../../core/article.js';
import { syncSource } from '../../ingest/service.js';
import type { Services } from '../../services.js';
import { requireToken } from '../auth.js';
import { parseBody } from '../params.js';
import { createRateLimiter } from '../rate-limit.js';

const httpUrl = z.string().max(2048).refine(isAbsoluteHttpUrl, { message: 'must be an absolute http: or https: URL' });

const syncBodySchema = z.strictObject({
  url: httpUrl,
  /** Origins besides the source's own whose pages may be read. */
  origins: z.array(httpUrl).max(50).optional(),
  dryRun: z.boolean().optional(),
  limit: z.number().int().min(1).optional(),
});

export function syncRoutes(services: Services, options: { fetch?: typeof globalThis.fetch } = {}): Router {
  const r = Router();
  const body = json({ limit: 64 * 1024, type: ['application/json', 'application/*+json'] });
  const limit = createRateLimiter('sync', { perMinute: services.config.server.rateLimit.writesPerMinute });
  r.post('/api/sync', limit, requireToken(services.apiToken), body, async (req, res) => {
    const input = parseBody(syncBodySchema, req.body ?? {});
    const report = await syncSource({ config: services.config, store: services.store, fetch: options.fetch }, input);
    services.log.info({ source: report.source, counts: report.counts, dryRun: report.dryRun }, 'sync finished');
    res.setHeader('Cache-Control', 'no-store').json(report);
  });
  return r;
}
