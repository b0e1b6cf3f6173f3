/**
 * The editor pages' static assets: one stylesheet and one script, named by a hash of their
 * content, so they can be cached for a year (`immutable`) and a new release never serves a
 * stale copy. Served by sharecard itself: the pages load nothing from other hosts.
 */
import type { RequestHandler } from 'express';
import { previewJs } from './assets/client.js';
import { previewCss } from './assets/style.js';
import { sha256url } from '../core/digest.js';

interface Asset {
  path: string;
  body: Buffer;
  contentType: string;
  etag: string;
}

function asset(base: string, ext: string, text: string, contentType: string): Asset {
  const body = Buffer.from(text, 'utf8');
  const hash = sha256url(body, 12);
  return { path: `/preview/assets/${base}.${hash}.${ext}`, body, contentType, etag: `"${hash}"` };
}

export const previewAssets = Object.freeze({
  css: asset('preview', 'css', previewCss, 'text/css; charset=utf-8'),
  js: asset('preview', 'js', previewJs, 'text/javascript; charset=utf-8'),
});

/** GET handler for /preview/assets/:file — public (no secrets in them), long-cached. */
export const serveAsset: RequestHandler = (req, res, next) => {
  const found = Object.values(previewAssets).find((a) => a.path === req.path);
  if (!found) return next();
  res.setHeader('Content-Type', found.contentType);
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.setHeader('ETag', found.etag);
  if (req.get('if-none-match') === found.etag) return void res.status(304).end();
  res.send(found.body);
};
