/**
 * The shell of every editor page: document head with our one stylesheet and script, a banner
 * with navigation and the logout button, and one <main> landmark.
 */
import { fontAssets, previewAssets } from './assets.js';
import { el, fragment, jsonDataTag, scriptTag, SafeHtml, type Child } from './html.js';

/**
 * The policy on every editor page: only our own script, styles, fonts and images (plus data: and
 * the blob: URLs of live re-renders), fetches to ourselves, forms posting to ourselves, no framing.
 */
export const PREVIEW_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface LayoutOptions {
  title: string;
  /** Present when logged in: shows navigation and the logout form. */
  csrf?: string;
  siteName: string;
  body: Child;
  /** JSON for the page script (already serialized with serializeJsonForScript). */
  dataJson?: string;
  mainClass?: string;
}

export function renderLayout(o: LayoutOptions): string {
  const banner = el(
    'header',
    { class: 'pv-bar' },
    el('a', { class: 'pv-brand', href: '/preview' }, 'sharecard ', el('span', null, 'editor preview')),
    o.csrf
      ? fragment(
          el('nav', { 'aria-label': 'Editor' }, el('a', { href: '/preview' }, 'Stories')),
          el(
            'form',
            { method: 'post', action: '/preview/logout' },
            el('input', { type: 'hidden', name: 'csrf', value: o.csrf }),
            el('button', { type: 'submit' }, 'Log out'),
          ),
        )
      : el('span', { class: 'muted' }, o.siteName),
  );
  const doc = fragment(
    new SafeHtml('<!doctype html>'),
    el(
      'html',
      { lang: 'en', dir: 'ltr' },
      el(
        'head',
        null,
        el('meta', { charset: 'utf-8' }),
        el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        el('meta', { name: 'robots', content: 'noindex, nofollow' }),
        // No favicon request (a 404 in every console); an empty data: icon is allowed by img-src.
        el('link', { rel: 'icon', href: 'data:,' }),
        el('title', null, `${o.title} · sharecard`),
        el('link', { rel: 'stylesheet', href: previewAssets.css.path }),
        el('link', { rel: 'stylesheet', href: fontAssets().css.path }),
        o.dataJson ? jsonDataTag('preview-data', o.dataJson) : null,
        o.dataJson ? scriptTag(previewAssets.js.path) : null,
      ),
      el(
        'body',
        null,
        el('a', { class: 'skip', href: '#main' }, 'Skip to content'),
        banner,
        el('main', { id: 'main', class: ['pv-main', o.mainClass].filter(Boolean).join(' '), tabindex: '-1' }, o.body),
      ),
    ),
  );
  return doc.html;
}

/** An error as a page (the editor's browser asked for HTML), with a way back. */
export function renderErrorPage(o: { siteName: string; status: number; message: string; csrf?: string }): string {
  return renderLayout({
    title: `Error ${o.status}`,
    siteName: o.siteName,
    csrf: o.csrf,
    mainClass: 'login',
    body: el(
      'div',
      { class: 'panel' },
      el('h1', null, o.status === 404 ? 'Not found' : o.status === 403 ? 'Refused' : 'Something went wrong'),
      el('p', { class: 'error-box', role: 'alert' }, o.message),
      el('p', null, el('a', { href: '/preview' }, 'Back to the stories')),
    ),
  });
}
