/**
 * GET /preview/assets/:file — the editor pages' stylesheet, script and script fonts
 * (built in src/preview/assets.ts), public (no secrets in them) and long-cached.
 */
import type { RequestHandler } from 'express';
import { fontAssets, previewAssets } from '../../preview/assets.js';
import { notModified } from '../conditional.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** GET handler for /preview/assets/:file — public (no secrets in them), long-cached. */
export const serveAsset: RequestHandler = (req, res, next) => {
  const fontFile = fontAssets().files.get(req.path);
  if (fontFile) {
    // Only names from the manifest reach the disk; sendFile answers ranges and revalidation.
    return void res.sendFile(fontFile, { headers: { 'Content-Type': 'font/woff', 'Cache-Control': IMMUTABLE }, cacheControl: false });
  }
  const found = [...Object.values(previewAssets), fontAssets().css].find((a) => a.path === req.path);
  if (!found) return next();
  // The gzipped bytes are another representation, so they get their own entity tag.
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const etag = gzip ? found.etag.replace(/"$/, '-gzip"') : found.etag;
  res.setHeader('Content-Type', found.contentType);
  res.setHeader('Cache-Control', IMMUTABLE);
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (notModified(req, etag)) return void res.status(304).end();
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.send(gzip ? found.gzipped : found.body);
};
