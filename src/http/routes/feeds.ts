/**
 * Feed routes: `/feeds/{rss.xml,atom.xml,feed.json}` and
 * `/feeds/:scope/:value/{rss.xml,atom.xml,feed.json}`, with `?page=N` (RFC 5005) and
 * conditional GET (RFC 9110 §13). Feeds are public, so any origin may read them (CORS `*`).
 *
 * Status codes: unknown scope, a value without published articles and a page past the last
 * are 404; a malformed `page` is 400; a value in non-canonical form ("United States",
 * "EN") is a 301 to the canonical key URL.
 */
import { Router, type Request, type Response } from 'express';
import { SharecardError } from '../../core/errors.js';
import { feedFiles, feedScopes, feedUrl, type FeedFormat, type FeedScope } from '../../core/links.js';
import { keyOf } from '../../core/text.js';
import type { FeedDocument } from '../../feed-service/service.js';
import type { Services } from '../../services.js';
import { etagMatches } from '../conditional.js';

const formatByFile: ReadonlyMap<string, FeedFormat> = new Map(Object.entries(feedFiles).map(([format, file]) => [file, format as FeedFormat]));

/** `page` from the query: absent is 1; anything but a positive whole number is a 400 naming the parameter. */
export function parsePage(raw: unknown): number {
  if (raw === undefined) return 1;
  if (typeof raw === 'string' && /^[1-9][0-9]{0,8}$/.test(raw)) return Number(raw);
  throw new SharecardError('invalid_input', 'Invalid query parameters', { problems: [{ path: ['page'], message: 'must be a whole number from 1' }] });
}

/** RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only when it is absent. */
export function isNotModified(req: Request, doc: Pick<FeedDocument, 'etag' | 'lastModified'>): boolean {
  const inm = req.get('if-none-match');
  if (inm !== undefined) return etagMatches(inm, doc.etag);
  const ims = req.get('if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(doc.lastModified) <= since;
}

export function feedRoutes(services: Services): Router {
  const { config, feeds } = services;
  const r = Router();
  const cacheControl = `public, max-age=${config.feeds.maxAgeSeconds}`;

  async function send(req: Request, res: Response, format: FeedFormat, scope?: { scope: FeedScope; value: string }) {
    const page = parsePage(req.query.page);
    const doc = await feeds.get({ format, ...(scope ? { scope } : {}), page });
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', doc.etag);
    res.setHeader('Last-Modified', doc.lastModified);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (isNotModified(req, doc)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', doc.contentType);
    res.setHeader('Content-Length', String(doc.body.length));
    res.status(200).end(req.method === 'HEAD' ? undefined : doc.body);
  }

  r.get('/feeds/:file', async (req, res, next) => {
    const format = formatByFile.get(String(req.params.file));
    if (!format) return next();
    await send(req, res, format);
  });

  r.get('/feeds/:scope/:value/:file', async (req, res, next) => {
    const format = formatByFile.get(String(req.params.file));
    const scope = String(req.params.scope) as FeedScope;
    if (!format || !feedScopes.includes(scope)) return next();
    const value = String(req.params.value);
    const canonical = scope === 'languages' ? value.toLowerCase() : keyOf(value);
    if (canonical && canonical !== value) {
      const target = new URL(feedUrl(config.server.publicUrl, format, { scope, value: canonical }));
      if (typeof req.query.page === 'string') target.searchParams.set('page', req.query.page);
      res.setHeader('Cache-Control', cacheControl);
      res.redirect(301, target.href);
      return;
    }
    await send(req, res, format, { scope, value });
  });

  return r;
}
