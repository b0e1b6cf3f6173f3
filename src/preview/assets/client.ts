/**
 * The editor page script, served from /preview/assets/ under a content-hashed name:
 * src/preview/browser/editor.js, read as it is. It is plain browser JavaScript, type-checked
 * against the DOM library by `npm run typecheck` (tsconfig.json `checkJs`, JSDoc types), and
 * copied into dist/ by the build. No eval, no inline handlers: it runs under
 * `script-src 'self'` and changes styles only through classes and CSSOM custom properties.
 *
 * What it does on /preview/:slug: live re-render of the edited card through the authenticated
 * render endpoint (debounced, earlier requests aborted), live share texts and counters, the
 * warnings that need layout or real bytes (title cut by a platform, card over a byte budget),
 * and copy buttons with a fallback for browsers without the async clipboard.
 */
import { readFileSync } from 'node:fs';

export const previewJs = readFileSync(new URL('../browser/editor.js', import.meta.url), 'utf8');
