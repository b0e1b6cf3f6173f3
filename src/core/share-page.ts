/**
 * The crawlable share page (`GET /a/:slug`): a small HTML document whose head carries every
 * tag crawlers read and whose body shows the story summary and links to the canonical URL.
 * Built by concatenating escaped pieces (escapeHtmlText / escapeHtmlAttr), never by filling a
 * template string with raw values. Kept far below WhatsApp's 300 KB read limit: the head is a
 * few KB whatever the article.
 */
import { bylineSeparator, type Direction } from './direction.js';
import { escapeHtmlAttr, escapeHtmlText, isSafeHttpUrl } from './escape.js';
import type { ArticleMeta } from './meta/index.js';
import { shareImage, type MetaArticle } from './meta/tags.js';
import type { MetaContext } from './meta/context.js';

/** The page's whole stylesheet, served by sharecard so the CSP needs no 'unsafe-inline'. */
export const SHARE_PAGE_CSS = `:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans JP",sans-serif;line-height:1.5}
body{margin:0;padding:2rem 1rem}
main{max-width:42rem;margin:0 auto}
.kicker{text-transform:uppercase;letter-spacing:.04em;font-size:.8rem;font-weight:600;margin:0}
h1{font-size:1.8rem;line-height:1.2;margin:.3rem 0 .8rem}
.byline{font-size:.9rem;opacity:.75}
img{max-width:100%;height:auto;border-radius:8px}
.read{font-weight:600}
`;

export interface SharePageContext extends MetaContext {
  /** URL of SHARE_PAGE_CSS as served. */
  stylesheetUrl: string;
}

function formatDate(iso: string, lang: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

const attr = (name: string, value: string) => ` ${name}="${escapeHtmlAttr(value)}"`;

/** The canonical URL as readable link text: host and path, without the scheme. */
function displayUrl(url: string): string {
  const u = new URL(url);
  return (u.host + (u.pathname === '/' ? '' : u.pathname)).replace(/^www\./, '');
}

export function renderSharePage(article: MetaArticle & { dir: Direction }, meta: ArticleMeta, ctx: SharePageContext): string {
  const image = shareImage(article, ctx);
  const body: string[] = [];
  if (article.kicker) body.push(`<p class="kicker">${escapeHtmlText(article.kicker)}</p>`);
  body.push(`<h1>${escapeHtmlText(article.title)}</h1>`);
  if (article.description) body.push(`<p class="description">${escapeHtmlText(article.description)}</p>`);
  const byline: string[] = [];
  if (article.authors.length) byline.push(`<span class="authors">${escapeHtmlText(article.authors.map((a) => a.name).join(', '))}</span>`);
  if (article.publishedAt) {
    byline.push(`<time${attr('datetime', article.publishedAt)}>${escapeHtmlText(formatDate(article.publishedAt, article.lang))}</time>`);
  }
  if (byline.length) body.push(`<p class="byline">${byline.join(escapeHtmlText(bylineSeparator(article.dir)))}</p>`);
  body.push(
    `<p><img${attr('src', image.url)}${attr('width', String(image.width))}${attr('height', String(image.height))}${attr('alt', image.alt)}></p>`,
  );
  if (isSafeHttpUrl(article.url)) {
    // The URL reads left to right even on a right-to-left page.
    body.push(`<p class="read"><a${attr('href', article.url)} dir="ltr">${escapeHtmlText(displayUrl(article.url))}</a></p>`);
  }

  return [
    '<!doctype html>',
    `<html${attr('lang', article.lang)}${attr('dir', article.dir)}>`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtmlText(`${article.title} – ${ctx.site.name}`)}</title>`,
    meta.html,
    `<link rel="stylesheet"${attr('href', ctx.stylesheetUrl)}>`,
    '</head>',
    '<body>',
    '<main>',
    '<article>',
    ...body,
    '</article>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
