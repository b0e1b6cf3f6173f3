/**
 * `GET /api/share/:slug`: per platform, the fitted post text, the share-intent URL and the API
 * request a posting tool would send. Published articles only; drafts need the API token.
 */
import { Router, type Request } from 'express';
import type { StoredArticle } from '../../core/article.js';
import { SharecardError } from '../../core/errors.js';
import { buildSharePayloads, shareContextFromConfig } from '../../core/share/index.js';
import type { Services } from '../../services.js';
import { isAuthenticated } from '../auth.js';
import { assertSlug } from '../params.js';

/** The article for a public read: unknown slugs and drafts (without the token) are 404. */
export async function findVisibleArticle(services: Services, req: Request): Promise<StoredArticle> {
  const slug = assertSlug(req.params.slug);
  const a = await services.store.get(slug);
  if (!a || (a.status === 'draft' && !isAuthenticated(req, services.apiToken))) {
    throw new SharecardError('not_found', 'No article with that slug');
  }
  return a;
}

export function shareRoutes(services: Services, options: { now?: () => Date } = {}): Router {
  const now = options.now ?? (() => new Date());
  const r = Router();
  r.get('/api/share/:slug', async (req, res) => {
    const article = await findVisibleArticle(services, req);
    const payloads = buildSharePayloads(article, shareContextFromConfig(services.config, now()));
    // Bluesky's createdAt is the time of the request, so the body is never reused.
    res.setHeader('Cache-Control', article.status === 'draft' ? 'private, no-store' : 'no-cache').json(payloads);
  });
  return r;
}
