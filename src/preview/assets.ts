/**
 * The editor pages' static assets: one stylesheet and one script, named by a hash of their
 * content, so they can be cached for a year (`immutable`) and a new release never serves a
 * stale copy; and the script fonts (src/preview/fonts.ts): a second stylesheet and the
 * fonts/ subset files it names, also by content hash. Served by sharecard itself: the pages
 * load nothing from other hosts.
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { previewJs } from './assets/client.js';
import { previewCss } from './assets/style.js';
import { scriptFonts } from './fonts.js';
import { sha256url } from '../core/digest.js';
import { notModified } from '../http/conditional.js';
import type { FontManifest } from '../render/font-manifest.js';
import { defaultFontsDir, loadManifest } from '../render/fonts.js';

interface Asset {
  path: string;
  body: Buffer;
  /** The same bytes gzip-compressed once, for clients that accept it (the font CSS is ~0.5 MB). */
  gzipped: Buffer;
  contentType: string;
  etag: string;
}

function asset(base: string, ext: string, text: string, contentType: string): Asset {
  const body = Buffer.from(text, 'utf8');
  const hash = sha256url(body, 12);
  return { path: `/preview/assets/${base}.${hash}.${ext}`, body, gzipped: gzipSync(body), contentType, etag: `"${hash}"` };
}

export const previewAssets = Object.freeze({
  css: asset('preview', 'css', previewCss, 'text/css; charset=utf-8'),
  js: asset('preview', 'js', previewJs, 'text/javascript; charset=utf-8'),
});

interface FontAssets {
  css: Asset;
  /** URL path → absolute path of a subset file. */
  files: Map<string, string>;
  /** fonts/manifest.json: what each shipped file covers. */
  manifest: FontManifest;
}

let fonts: FontAssets | undefined;

/** The script-font stylesheet and files, read from fonts/manifest.json the first time. */
export function fontAssets(): FontAssets {
  if (!fonts) {
    const dir = defaultFontsDir();
    const manifest = loadManifest(dir);
    const built = scriptFonts(manifest);
    const files = new Map([...built.files].map(([url, file]) => [url, path.join(dir, file)] as const));
    fonts = { css: asset('fonts', 'css', built.css, 'text/css; charset=utf-8'), files, manifest };
  }
  return fonts;
}

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
