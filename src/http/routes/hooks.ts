/**
 * `POST /api/hooks/ghost`: Ghost's post webhooks. The raw body is verified against
 * `X-Ghost-Signature` with `ghost.webhookSecret` before it is parsed; a missing or wrong
 * signature is 401 and nothing is stored (src/ingest/ghost.ts has the details).
 */
import { Router, raw } from 'express';
import { SharecardError } from '../../core/errors.js';
import { applyGhostDelivery, verifyGhostSignature } from '../../ingest/ghost.js';
import type { Services } from '../../services.js';
import { createRateLimiter } from '../rate-limit.js';

export function hookRoutes(services: Services): Router {
  const { config } = services;
  const r = Router();
  const body = raw({ type: () => true, limit: config.server.maxBodyBytes });
  // Unauthenticated until the signature is checked: limited like the other write routes.
  const limit = createRateLimiter('ghost-hook', { perMinute: config.server.rateLimit.writesPerMinute });
  r.post('/api/hooks/ghost', limit, body, async (req, res) => {
    const secret = config.ghost.webhookSecret;
    if (!secret) throw new SharecardError('unauthorized', 'Ghost webhooks are not configured (set ghost.webhookSecret)');
    const bytes: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifyGhostSignature(bytes, req.get('x-ghost-signature'), secret, Date.now(), config.ghost.maxSignatureAgeSeconds);
    if (!check.ok) throw new SharecardError('unauthorized', `Refused: ${check.reason}`);
    let payload: unknown;
    try {
      payload = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new SharecardError('invalid_input', 'The request body is not valid JSON', { problems: [{ path: [], message: 'is not valid JSON' }] });
    }
    const result = await applyGhostDelivery(payload, { store: services.store, config });
    services.log.info({ hook: 'ghost', ...result }, 'ghost webhook');
    res.setHeader('Cache-Control', 'no-store').json(result);
  });
  return r;
}
