/**
 * `GET /api/meta/:slug` (`{ html, tags, jsonLd }` for a CMS to embed) and `GET /a/:slug`
 * (the crawlable share page), plus the page's stylesheet and the site logo when config gives it
 * as a file. Published articles only; drafts need the API token. Strong ETags, 304 on match.
 *
 * The share page of a published article is built once per revision (services.pages), so
 * crawlers hitting a story cost one store read and a lookup each (and under overload the app
 * sheds these routes first, see src/http/load-shed.ts). Its key is the slug and revision only, so
 * `/a/x?anything` is the same entry.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { isAbsoluteHttpUrl, type StoredArticle } from '../../core/article.js';
import { SharecardError } from '../../core/errors.js';
import { publicUrl } from '../../core/links.js';
import { buildArticleMeta, localLogoPath, metaContextFromConfig } from '../../core/meta/index.js';
import { renderSharePage, SHARE_PAGE_CSS } from '../../core/share-page.js';
import type { Services } from '../../services.js';
import { findVisibleArticle } from './share.js';
import { shareBarForMeta } from './share-bar.js';
import { strongEtag } from '../../core/digest.js';
import { notModified } from '../conditional.js';
import { sendPage } from '../page-cache.js';

/**
 * The share page's policy: nothing but images (ours and the https card/logo) and our stylesheet.
 * No script runs; the JSON-LD block is data, which CSP does not execute.
 */
export const SHARE_PAGE_CSP = "default-src 'none'; img-src 'self' https: data:; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sendCached(req: Request, res: Response, article: StoredArticle, type: string, body: string): void {
  const etag = strongEtag(body);
  res.setHeader('ETag', etag);
  // Drafts are only ever seen with the token: never stored by a shared cache.
  res.setHeader('Cache-Control', article.status === 'draft' ? 'private, no-store' : 'public, max-age=300');
  res.setHeader('Vary', 'Authorization');
  if (notModified(req, etag)) {
    res.status(304).end();
    return;
  }
  res.type(type).send(body);
}

const LOGO_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.webp': 'image/webp', '.gif': 'image/gif' };

export function metaRoutes(services: Services): Router {
  const { config } = services;
  const r = Router();
  const metaCtx = metaContextFromConfig(config);
  const cssEtag = strongEtag(SHARE_PAGE_CSS);
  const cssSegments = ['a', '-', 'share.css'];
  // The version in the URL changes with the stylesheet, so it can be cached for a year.
  const stylesheetUrl = publicUrl(config.server.publicUrl, cssSegments, { v: cssEtag.slice(1, 13) });

  r.get('/api/meta/:slug', async (req, res) => {
    const article = await findVisibleArticle(services, req);
    // `?bar=1` (or `include=bar`) adds the share bar, so one call gives a CMS everything.
    const bar = shareBarForMeta(services, article, req.query);
    const meta = buildArticleMeta(article, metaCtx);
    sendCached(req, res, article, 'application/json', JSON.stringify(bar ? { ...meta, bar } : meta));
  });

  r.get('/a/:slug', async (req, res) => {
    const article = await findVisibleArticle(services, req);
    const html = () => renderSharePage(article, buildArticleMeta(article, metaCtx), { ...metaCtx, stylesheetUrl });
    const type = 'text/html; charset=utf-8';
    res.setHeader('Content-Security-Policy', SHARE_PAGE_CSP);
    // A draft is seen only with the token: never kept, never stored by a shared cache.
    if (article.status === 'draft') return sendCached(req, res, article, type, html());
    const key = `share-page|${article.slug}|${article.revision}`;
    res.setHeader('Vary', 'Authorization');
    sendPage(req, res, services.pages.get(key) ?? services.pages.put(key, type, html()), 'public, max-age=300');
  });

  r.get('/a/-/share.css', (req, res) => {
    res.setHeader('ETag', cssEtag);
    res.setHeader('Cache-Control', req.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (notModified(req, cssEtag)) {
      res.status(304).end();
      return;
    }
    res.type('text/css; charset=utf-8').send(SHARE_PAGE_CSS);
  });

  // A logo configured as a file path (relative to the config file) is served here, so the
  // JSON-LD publisher logo is always an absolute URL.
  const logo = config.site.logo;
  if (logo && !isAbsoluteHttpUrl(logo)) {
    const file = path.resolve(config.baseDir, logo);
    const type = LOGO_TYPES[path.extname(file).toLowerCase()];
    r.get(`/${localLogoPath(logo).join('/')}`, async (req, res) => {
      if (!type) throw new SharecardError('not_found', 'No logo');
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        services.log.warn({ err: (err as Error).message }, 'site.logo cannot be read');
        throw new SharecardError('not_found', 'No logo');
      }
      const etag = strongEtag(bytes);
      res.setHeader('ETag', etag).setHeader('Cache-Control', 'public, max-age=3600');
      if (notModified(req, etag)) {
        res.status(304).end();
        return;
      }
      res.type(type).send(bytes);
    });
  }
  return r;
}
