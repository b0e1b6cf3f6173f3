/**
 * The share bar's script, served at /assets/share-bar.js: browser/share-bar.js, read as it is.
 * It is plain browser JavaScript, type-checked against the DOM library by `npm run typecheck`
 * (tsconfig.json `checkJs`), and copied into dist/ by the build. It runs under
 * `script-src 'self'`: no inline handlers, no eval, and it changes nothing but the `hidden`
 * attribute and the status text.
 *
 * What it does: reveal the copy-link button when the async Clipboard API is there (secure
 * contexts only) and the native-share button when `navigator.share` is; copy or open the
 * share sheet on click; announce "Link copied" in the bar's status region. Bars inserted
 * later (a CMS fetching the fragment) are enabled by `window.sharecardShareBar.enable()`.
 */
import { readFileSync } from 'node:fs';

export const shareBarJs = readFileSync(new URL('./browser/share-bar.js', import.meta.url), 'utf8');
