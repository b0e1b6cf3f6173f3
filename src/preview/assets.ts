/**
 * The editor pages' static assets: one stylesheet and one script, named by a hash of their
 * content, so they can be cached for a year (`immutable`) and a new release never serves a
 * stale copy; and the script fonts (src/preview/fonts.ts): a second stylesheet and the
 * fonts/ subset files it names, also by content hash. Served by sharecard itself: the pages
 * load nothing from other hosts. src/http/routes/preview-assets.ts serves them.
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { previewJs } from './assets/client.js';
import { previewCss } from './assets/style.js';
import { scriptFonts } from './fonts.js';
import { sha256url } from '../core/digest.js';
import type { FontManifest } from '../render/font-manifest.js';
import { defaultFontsDir, loadManifest } from '../render/fonts.js';

export interface Asset {
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
