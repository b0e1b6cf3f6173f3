/**
 * The share bar over HTTP:
 * - `GET /api/share/:slug/bar` — the HTML fragment (`?format=json`: the model behind it), with
 *   `?style=compact|full` and `?platforms=x,bluesky` (a subset, in the order given) overriding
 *   config `shareBar`;
 * - `GET /assets/share-bar.css` and `/assets/share-bar.js` — the stylesheet and script, long
 *   cached when asked for with the `v` the API hands out;
 * - `shareBarForMeta`, which `GET /api/meta/:slug?bar=1` (or `include=bar`) adds to its reply.
 * Published stories are readable from any origin (CORS `*`), so a publisher's page can fetch
 * the fragment; drafts need the API token, answer 404 without it and are never cached.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { StoredArticle } from '../../core/article.js';
import { publicUrl } from '../../core/links.js';
import { shareContextFromConfig } from '../../core/share/index.js';
import { sharePlatforms, type SharePlatform } from '../../core/share/utm.js';
import { buildShareBar, renderShareBarHtml, shareBarStyles, type ShareBarModel, type ShareBarOptions } from '../../core/share-bar/index.js';
import { shareBarAssets, type ShareBarAsset } from '../../share-bar-assets/assets.js';
import type { Services } from '../../services.js';
import { parseQuery } from '../params.js';
import { findVisibleArticle } from './share.js';
import { strongEtag } from '../../core/digest.js';
import { notModified } from '../conditional.js';

const platformList = z.string().transform((s, ctx) => {
  const names = s.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = names.filter((p) => !(sharePlatforms as readonly string[]).includes(p));
  if (!names.length) ctx.addIssue({ code: 'custom', message: `must name at least one of ${sharePlatforms.join(', ')}` });
  else if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown platform; expected a comma-separated list of ${sharePlatforms.join(', ')}` });
  else if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'must not repeat a platform' });
  return names as SharePlatform[];
});

/** Options a request may override; anything else in the query (a cache buster) is ignored. */
const barOptionsQuery = {
  style: z.enum(shareBarStyles, { message: `must be one of ${shareBarStyles.join(', ')}` }).optional(),
  platforms: platformList.optional(),
};
const barQuery = z.object({ ...barOptionsQuery, format: z.enum(['html', 'json'], { message: 'must be html or json' }).optional() });
const metaBarQuery = z.object({
  ...barOptionsQuery,
  bar: z.enum(['1', 'true', '0', 'false'], { message: 'must be 1 or 0' }).optional(),
  include: z
    .string()
    .refine((s) => s.split(',').every((p) => p.trim() === 'bar'), { message: 'must be bar' })
    .optional(),
});

/** The URLs of the stylesheet and script, with the version that makes them cacheable for a year. */
export interface ShareBarAssetUrls {
  css: string;
  js: string;
}

/** What `GET /api/meta/:slug?bar=1` adds as `bar`: the fragment and the files it works with. */
export interface ShareBarEmbed extends ShareBarAssetUrls {
  html: string;
}

const assetUrl = (base: string, a: ShareBarAsset) => publicUrl(base, a.path.slice(1).split('/'), { v: a.version });

export function shareBarAssetUrls(base: string): ShareBarAssetUrls {
  return { css: assetUrl(base, shareBarAssets.css), js: assetUrl(base, shareBarAssets.js) };
}

function barModel(services: Services, article: StoredArticle, query: { style?: ShareBarOptions['style']; platforms?: SharePlatform[] }): ShareBarModel {
  const c = services.config.shareBar;
  const options: ShareBarOptions = { ...c, style: query.style ?? c.style, platforms: query.platforms ?? c.platforms };
  // The time only reaches Bluesky's API body, never an intent URL, so the bar is stable.
  return buildShareBar(article, shareContextFromConfig(services.config, new Date(0)), options);
}

/**
 * The bar for the meta route when the query asks for it (`bar=1` or `include=bar`), with the
 * same `style` and `platforms` overrides; undefined otherwise. Bad values are a 400 naming them.
 */
export function shareBarForMeta(services: Services, article: StoredArticle, query: unknown): ShareBarEmbed | undefined {
  const q = parseQuery(metaBarQuery, query);
  if (!(q.bar === '1' || q.bar === 'true' || q.include !== undefined)) return undefined;
  return { html: renderShareBarHtml(barModel(services, article, q)), ...shareBarAssetUrls(services.config.server.publicUrl) };
}

function send(req: Request, res: Response, article: StoredArticle, type: string, body: string): void {
  const etag = strongEtag(body);
  res.setHeader('ETag', etag).setHeader('Vary', 'Authorization');
  if (article.status === 'draft') {
    // Only ever seen with the token: no shared cache, and no other origin may read it.
    res.setHeader('Cache-Control', 'private, no-store');
  } else {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  if (notModified(req, etag)) {
    res.status(304).end();
    return;
  }
  res.type(type).send(body);
}

function serveAsset(a: ShareBarAsset) {
  return (req: Request, res: Response) => {
    res.setHeader('ETag', a.etag);
    res.setHeader('Access-Control-Allow-Origin', '*');
    // Only the current version is immutable: a stale `v` must not pin an old file for a year.
    res.setHeader('Cache-Control', req.query.v === a.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (notModified(req, a.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', a.contentType);
    res.send(a.body);
  };
}

/** Mounted before the share router; `/api/share/:slug` never matches a path with `/bar` after it. */
export function shareBarRoutes(services: Services): Router {
  const r = Router();
  r.get('/api/share/:slug/bar', async (req, res) => {
    const q = parseQuery(barQuery, req.query);
    const article = await findVisibleArticle(services, req);
    const model = barModel(services, article, q);
    if (q.format === 'json') {
      const body = { ...model, html: renderShareBarHtml(model), assets: shareBarAssetUrls(services.config.server.publicUrl) };
      send(req, res, article, 'application/json', JSON.stringify(body));
    } else {
      send(req, res, article, 'text/html; charset=utf-8', renderShareBarHtml(model));
    }
  });
  r.get(shareBarAssets.css.path, serveAsset(shareBarAssets.css));
  r.get(shareBarAssets.js.path, serveAsset(shareBarAssets.js));
  return r;
}
