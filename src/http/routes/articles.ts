/**
 * The article API: PUT (create or replace), GET one, GET a page of many, DELETE.
 * Writes need the bearer token; drafts are visible only with it.
 */
import { Router, json, type Request } from 'express';
import { z } from 'zod';
import { articleOptions, parseArticle, slugProblem, type StoredArticle } from '../../core/article.js';
import { SharecardError } from '../../core/errors.js';
import { articleLinks, cardUrl } from '../../core/links.js';
import { uncoveredFields } from '../../render/coverage.js';
import { cardsToDraw } from '../../render/prerender-queue.js';
import type { Services } from '../../services.js';
import { isAuthenticated, requireToken } from '../auth.js';
import { assertSlug, parseQuery, wholeNumberParam } from '../params.js';
import { sendPage } from '../page-cache.js';

/** The validated list query as [name, value] pairs in one fixed order, `status=published` left out (the default). */
function canonicalListQuery(q: z.output<typeof listQuerySchema>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name of ['section', 'tag', 'author', 'lang', 'status', 'limit', 'cursor'] as const) {
    const value = q[name];
    if (value === undefined || (name === 'status' && value === 'published')) continue;
    pairs.push([name, String(value)]);
  }
  return pairs;
}

const listQuerySchema = z.strictObject({
  section: z.string().max(200).optional(),
  tag: z.string().max(200).optional(),
  author: z.string().max(300).optional(),
  lang: z.string().max(35).regex(/^[A-Za-z0-9-]+$/, { message: 'must be a BCP 47 tag' }).optional(),
  status: z.enum(['published', 'draft', 'all']).optional(),
  limit: wholeNumberParam(1, 100).default(20),
  cursor: z.string().max(1000).optional(),
});

export function articleRoutes(services: Services): Router {
  const { config, store } = services;
  const r = Router();
  const auth = requireToken(services.apiToken);
  const body = json({ limit: config.server.maxBodyBytes, strict: false, type: ['application/json', 'application/*+json'] });
  const present = (a: StoredArticle) => ({ ...a, links: articleLinks(config.server.publicUrl, a) });
  const canSeeDrafts = (req: Request) => isAuthenticated(req, services.apiToken);
  /**
   * Whether each card drawn on publish is ready: `drawn` (in the render cache, served at once),
   * `queued` (waiting or being drawn in the background) or `not_drawn` (drawn on first request).
   */
  const cardStates = (a: StoredArticle) =>
    Promise.all(
      cardsToDraw(a).map(async ({ preset, format }) => {
        const request = { article: a, preset, format };
        const key = await services.renderer.cacheKey(request);
        const state = (await services.renderer.isDrawn(request)) ? 'drawn' : services.prerender.isPending(key) ? 'queued' : 'not_drawn';
        return { preset, format, url: cardUrl(config.server.publicUrl, a, preset, format), state };
      }),
    );

  r.put('/api/articles/:slug', auth, body, async (req, res) => {
    const slug = String(req.params.slug);
    const problem = slugProblem(slug, config.limits.maxSlugChars);
    if (problem) throw new SharecardError('invalid_input', 'Invalid slug', { problems: [{ path: ['slug'], message: problem }] });
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new SharecardError('invalid_input', 'The request body must be JSON (Content-Type: application/json)');
    }
    const article = parseArticle(req.body, articleOptions(config));
    const result = await store.put(slug, article);
    // The stored article plus `warnings`: characters of its card text no shipped font can draw
    // (the card shows empty boxes). The write succeeds anyway; fonts/README.md documents it.
    const warnings = uncoveredFields(result.article).map((u) => ({ field: u.field, problem: 'no_font', ...(u.printedAs ? { printedAs: u.printedAs } : {}), characters: u.characters }));
    res.status(result.created ? 201 : 200).setHeader('Cache-Control', 'no-store').json({ ...present(result.article), warnings });
  });

  r.get('/api/articles/:slug', async (req, res) => {
    const slug = assertSlug(req.params.slug);
    const a = await store.get(slug);
    if (!a || (a.status === 'draft' && !canSeeDrafts(req))) throw new SharecardError('not_found', 'No article with that slug');
    const cards = a.status === 'published' ? await cardStates(a) : [];
    res.setHeader('Cache-Control', a.status === 'draft' ? 'private, no-store' : 'public, max-age=60').json({ ...present(a), cards });
  });

  r.delete('/api/articles/:slug', auth, async (req, res) => {
    const slug = assertSlug(req.params.slug);
    if (!(await store.delete(slug))) throw new SharecardError('not_found', 'No article with that slug');
    res.status(204).end();
  });

  // A public page of the list is built once per store change and normalized query, and kept
  // (services.pages): a hit costs one read of the change stamp. The query is the validated one
  // in a fixed order, so spellings of one query share an entry and `next` is the same for all.
  r.get('/api/articles', async (req, res) => {
    const q = parseQuery(listQuerySchema, req.query);
    const status = q.status ?? 'published';
    if (status !== 'published' && !canSeeDrafts(req)) {
      throw new SharecardError('unauthorized', 'Listing drafts needs the API token');
    }
    const query = canonicalListQuery({ ...q, status });
    const build = async () => {
      const page = await store.list({ ...q, status });
      let next: string | null = null;
      if (page.nextCursor) {
        const url = new URL('/api/articles', config.server.publicUrl);
        url.search = new URLSearchParams([...query.filter(([k]) => k !== 'cursor'), ['cursor', page.nextCursor]]).toString();
        next = url.href;
      }
      return JSON.stringify({ items: page.items.map(present), nextCursor: page.nextCursor, next });
    };
    const type = 'application/json; charset=utf-8';
    if (status !== 'published') {
      const body = await build();
      res.status(200).setHeader('Cache-Control', 'private, no-store').type(type).send(body);
      return;
    }
    // The stamp is read before the list: the page is at least as new as the stamp it is kept
    // under, so a write racing this request costs one extra build, never a stale page.
    const stamp = await store.changeStamp();
    const key = `article-list|${stamp.value}|${new URLSearchParams(query).toString()}`;
    sendPage(req, res, await services.pages.load(key, type, build), 'public, max-age=30');
  });

  return r;
}
