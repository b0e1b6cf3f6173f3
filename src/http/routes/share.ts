/**
 * `GET /api/share/:slug`: per platform, the fitted post text, the share-intent URL and the API
 * request a posting tool would send. Published articles only; drafts need the API token.
 * `?resolveHandles=1` (API token required, as it makes outbound requests) resolves the
 * `@handles` in the Bluesky text to DIDs so they become mention facets; without it they are
 * listed in `platforms.bluesky.unresolvedHandles`.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { StoredArticle } from '../../core/article.js';
import { SharecardError } from '../../core/errors.js';
import { buildSharePayloads, shareContextFromConfig } from '../../core/share/index.js';
import { twitterText } from '../../core/share/twitter-text.js';
import type { Services } from '../../services.js';
import { createHandleResolver, type ResolveHandles } from '../../share/resolve-handles.js';
import { isAuthenticated } from '../auth.js';
import { assertSlug, parseQuery } from '../params.js';

/** The article for a public read: unknown slugs and drafts (without the token) are 404. */
export async function findVisibleArticle(services: Services, req: Request): Promise<StoredArticle> {
  const slug = assertSlug(req.params.slug);
  const a = await services.store.get(slug);
  if (!a || (a.status === 'draft' && !isAuthenticated(req, services.apiToken))) {
    throw new SharecardError('not_found', 'No article with that slug');
  }
  return a;
}

// Not strict: other query parameters (cache busters) have always been ignored here.
const shareQuerySchema = z.object({ resolveHandles: z.enum(['0', '1', 'true', 'false'], { message: 'must be 1 or 0' }).optional() });

export function shareRoutes(services: Services, options: { now?: () => Date; resolveHandles?: ResolveHandles } = {}): Router {
  const now = options.now ?? (() => new Date());
  // The server counts X texts on its first share request; load twitter-text now (~0.1–0.2 s)
  // rather than in that request. The library import stays free of it (twitter-text.ts).
  twitterText();
  let resolver = options.resolveHandles;
  const r = Router();
  r.get('/api/share/:slug', async (req, res) => {
    const q = parseQuery(shareQuerySchema, req.query);
    const resolve = q.resolveHandles === '1' || q.resolveHandles === 'true';
    if (resolve && !isAuthenticated(req, services.apiToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="sharecard"');
      throw new SharecardError('unauthorized', 'resolveHandles makes requests to the Bluesky service: send Authorization: Bearer <token>');
    }
    const article = await findVisibleArticle(services, req);
    const ctx = shareContextFromConfig(services.config, now());
    let payloads = buildSharePayloads(article, ctx);
    const handles = payloads.platforms.bluesky.unresolvedHandles?.map((h) => h.handle) ?? [];
    let failed: { handle: string; reason: string }[] = [];
    if (resolve && handles.length) {
      resolver ??= createHandleResolver({ service: services.config.share.blueskyService });
      const resolution = await resolver(handles);
      failed = resolution.failed;
      payloads = buildSharePayloads(article, { ...ctx, bluesky: { ...ctx.bluesky, dids: resolution.dids } });
    }
    // Bluesky's createdAt is the time of the request, so the body is never reused.
    res.setHeader('Cache-Control', article.status === 'draft' || resolve ? 'private, no-store' : 'no-cache');
    res.json(resolve ? { ...payloads, resolveHandles: { failed } } : payloads);
  });
  return r;
}
