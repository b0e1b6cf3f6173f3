/**
 * The share bar's static files, versioned by a hash of their content: the URLs sharecard hands
 * out carry `?v=<hash>`, which is cached for a year (`immutable`); any other request gets a
 * short max-age, and every reply a strong ETag.
 */
import { shareBarJs } from './client.js';
import { shareBarCss } from './style.js';
import { sha256url } from '../core/digest.js';

export interface ShareBarAsset {
  /** Path under the public URL. */
  path: string;
  body: Buffer;
  contentType: string;
  /** First 12 characters of the base64url SHA-256 of the body: the `v` parameter. */
  version: string;
  etag: string;
}

function asset(path: string, text: string, contentType: string): ShareBarAsset {
  const body = Buffer.from(text, 'utf8');
  const version = sha256url(body, 12);
  return { path, body, contentType, version, etag: `"${version}"` };
}

export const shareBarAssets = Object.freeze({
  css: asset('/assets/share-bar.css', shareBarCss, 'text/css; charset=utf-8'),
  js: asset('/assets/share-bar.js', shareBarJs, 'text/javascript; charset=utf-8'),
});
