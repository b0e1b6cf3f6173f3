/**
 * Turns a stored article (or an ad-hoc signed request) into the text a card draws. Pure: the
 * date is formatted for the article's language in UTC, so every replica draws the same card.
 */
import type { Article, StoredArticle } from '../core/article.js';
import { directionOf } from '../core/direction.js';
import type { CardText } from './template.js';

const MAX_BYLINE_AUTHORS = 3;

function listSeparator(lang: string): string {
  if (/^(fa|ar|ur|ps|ckb)\b/i.test(lang)) return '، ';
  if (/^(ja|zh)\b/i.test(lang)) return '、';
  return ', ';
}

/** Publication date as the card prints it, e.g. "Feb 3, 2026" or "۱۴ بهمن ۱۴۰۴". */
export function formatCardDate(iso: string | undefined, lang: string, dir: 'ltr' | 'rtl' = 'ltr'): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  try {
    // Arabic's medium style is all digits and slashes ("02/02/2026"), which reads ambiguously
    // inside right-to-left text; the long style names the month.
    return new Intl.DateTimeFormat(lang, { dateStyle: dir === 'rtl' ? 'long' : 'medium', timeZone: 'UTC' }).format(d);
  } catch {
    return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
  }
}

export function buildCardText(article: Pick<Article, 'title' | 'description' | 'kicker' | 'section' | 'authors' | 'publishedAt' | 'lang' | 'image'> & Partial<Pick<StoredArticle, 'dir'>>): CardText {
  const dir = article.dir ?? directionOf(article.lang, article.title);
  const names = article.authors.map((a) => a.name).filter(Boolean);
  const byline = names.length
    ? names.slice(0, MAX_BYLINE_AUTHORS).join(listSeparator(article.lang)) + (names.length > MAX_BYLINE_AUTHORS ? ' +' + (names.length - MAX_BYLINE_AUTHORS) : '')
    : undefined;
  return {
    title: article.title,
    description: article.description,
    kicker: article.kicker || undefined,
    section: article.section || undefined,
    byline,
    date: formatCardDate(article.publishedAt, article.lang, dir),
    credit: article.image?.credit || undefined,
    lang: article.lang,
    dir,
  };
}
