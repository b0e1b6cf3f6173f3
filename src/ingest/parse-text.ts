/**
 * Text and dates as sources give them, made into what an article field takes: HTML stripped to
 * its text with entities decoded, and dates in ISO 8601 UTC. Pure.
 */
import { Parser } from 'htmlparser2';

/** Elements whose content is never text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math']);

/**
 * The visible text of an HTML fragment (or of plain text holding entities): tags dropped, the
 * content of script and style dropped, entities decoded, ASCII whitespace collapsed. Applied
 * to text the container (XML, JSON, an HTML attribute) has already decoded: feeds and CMSs
 * routinely encode twice (`&amp;#8217;` in RSS, `&amp;` in JSON-LD), and an RSS description
 * or a WordPress `rendered` field is HTML.
 *
 * @example htmlToText('Q&amp;A: <b>bold</b> <script>x()</script>') // 'Q&A: bold'
 */
export function htmlToText(html: string): string {
  let out = '';
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hiddenDepth++;
        else if (name === 'br' || name === 'p' || name === 'div' || name === 'li') out += ' ';
      },
      onclosetag(name) {
        if (HIDDEN.has(name) && hiddenDepth > 0) hiddenDepth--;
      },
      ontext(text) {
        if (hiddenDepth === 0) out += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  // ASCII white space only: no-break and ideographic spaces are the writer's choice (as cleanLine keeps them).
  return out.replace(/[ \t\n\r\f\v]+/g, ' ').trim();
}

/** `htmlToText` for an optional value: undefined when absent or empty once cleaned. */
export function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const t = htmlToText(String(value));
  return t || undefined;
}

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * A date as ISO 8601 UTC, or undefined. Takes ISO 8601 / W3C datetime (sitemaps, JSON-LD,
 * Atom, JSON Feed) and RFC 822 (RSS pubDate). A date without a time is midnight UTC; a date-time
 * without a zone is read as UTC (WordPress's `date_gmt` is exactly that), never as the server's
 * local time, so a run gives the same answer on every machine.
 */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let s = value.trim();
  if (!s) return undefined;
  if (DATE_ONLY.test(s)) s += 'T00:00:00Z';
  else if (LOCAL_DATETIME.test(s)) s += 'Z';
  else if (/^\d{4}-\d{2}-\d{2}T/.test(s) && !HAS_ZONE.test(s)) return undefined;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return year >= 1900 && year <= 9999 ? d.toISOString() : undefined;
}

/** An absolute http(s) URL for `href` resolved against `base`, or undefined. */
export function resolveUrl(href: unknown, base: string): string | undefined {
  if (typeof href !== 'string' || !href.trim()) return undefined;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

/** A positive whole number from a string or number (image sizes in meta tags), or undefined. */
export function toPositiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 && n <= 100_000 ? n : undefined;
}

/** `og:locale` (`en_US`) as a BCP 47 tag (`en-US`). */
export function localeToLang(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const t = locale.trim().replace(/_/g, '-');
  return t || undefined;
}
