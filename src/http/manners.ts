/**
 * How the service answers people and clients that knock on the wrong door: a small home page
 * at `GET /`, 405 with `Allow` for a wrong method on a known route (RFC 9110 §15.5.6), and an
 * HTML error page for a browser (which asks for text/html) where other clients get JSON.
 */
import { createHash } from 'node:crypto';
import type { Express, Request, RequestHandler, Response } from 'express';
import { escapeHtmlText } from '../core/escape.js';
import { SharecardError } from '../core/errors.js';

const PAGE_CSS =
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}body{max-width:40rem;margin:3rem auto;padding:0 1rem}code{font-size:.95em}';
/** The pages' only style is inline; the policy allows exactly that text and nothing else. */
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

function page(title: string, bodyHtml: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtmlText(title)}</title><style>${PAGE_CSS}</style></head><body>${bodyHtml}</body></html>\n`;
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Content-Security-Policy', PAGE_CSP).type('text/html; charset=utf-8').send(html);
}

/** `GET /`: what this service is, with links to the editor, the docs and the health checks. */
export function homePage(siteName: string): RequestHandler {
  const html = page(
    `sharecard · ${siteName}`,
    `<h1>sharecard</h1>
<p>Share cards, meta tags, share payloads and feeds for <strong>${escapeHtmlText(siteName)}</strong>.</p>
<ul>
<li><a href="/preview">Editor preview</a> (needs the API token to log in)</li>
<li><a href="/feeds/rss.xml">RSS</a>, <a href="/feeds/atom.xml">Atom</a> and <a href="/feeds/feed.json">JSON Feed</a></li>
<li><a href="/healthz">/healthz</a> (alive), <a href="/readyz">/readyz</a> (ready), <a href="/metrics">/metrics</a> (Prometheus)</li>
</ul>
<p>Documentation: <code>docs/api.md</code> (every endpoint), <code>docs/configuration.md</code> and <code>docs/operations.md</code> in the sharecard package.</p>`,
  );
  return (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    sendPage(res, 200, html);
  };
}

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
  match(path: string): boolean;
}

/** Methods the app's routes answer for `path`, walking every router mounted at the root. */
function allowedMethods(stack: RouteLayer[], path: string, into = new Set<string>()): Set<string> {
  for (const layer of stack) {
    if (layer.route) {
      if (!layer.match(path)) continue;
      for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') into.add(m.toUpperCase());
    } else if (layer.handle?.stack) {
      allowedMethods(layer.handle.stack, path, into);
    }
  }
  if (into.has('GET')) into.add('HEAD');
  return into;
}

/**
 * After every route: a path some route answers, asked with another method, is 405 with the
 * methods it does answer in `Allow`; anything else goes on to the 404.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const stack = (app as unknown as { router?: { stack: RouteLayer[] } }).router?.stack ?? [];
    const allowed = allowedMethods(stack, req.path);
    if (allowed.size === 0 || allowed.has(req.method)) {
      next();
      return;
    }
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(new SharecardError('method_not_allowed', `${req.method} is not allowed here; use ${allow}`));
  };
}

/** True for a browser's page request: it prefers text/html over JSON. */
export function wantsHtml(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['json', 'html']) === 'html';
}

/** The error page a browser sees, with the same status and message as the JSON answer. */
export function sendErrorPage(res: Response, status: number, message: string): void {
  const title = status === 404 ? 'Not found' : `Error ${status}`;
  sendPage(res, status, page(title, `<h1>${escapeHtmlText(title)}</h1>\n<p>${escapeHtmlText(message)}</p>\n<p><a href="/">sharecard home</a></p>`));
}
