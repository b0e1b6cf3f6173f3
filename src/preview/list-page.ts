/**
 * /preview: the stories, newest first, with a title search and filters (section, language,
 * status). Drafts are listed here, and only here.
 */
import type { StoredArticle } from '../core/article.js';
import { el } from './html.js';
import { renderLayout } from './layout.js';

export interface ListFilters {
  q: string;
  section: string;
  lang: string;
  status: 'all' | 'published' | 'draft';
}

export interface ListPageInput {
  siteName: string;
  csrf: string;
  filters: ListFilters;
  items: StoredArticle[];
  /** Query string of the next page, or null. */
  nextHref: string | null;
  /** True when the search stopped at its scan limit (the next page continues it). */
  scanLimited: boolean;
  /** Known values for the filter suggestions. */
  sections: string[];
  langs: string[];
}

function formatDate(iso: string | undefined): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '';
}

export function renderListPage(p: ListPageInput): string {
  const f = p.filters;
  const filtered = Boolean(f.q || f.section || f.lang || f.status !== 'all');
  const filters = el(
    'form',
    { class: 'filters panel', method: 'get', action: '/preview', role: 'search', 'aria-label': 'Find stories' },
    el('div', null, el('label', { for: 'q' }, 'Headline contains'), el('input', { id: 'q', name: 'q', type: 'search', value: f.q, maxlength: 200 })),
    el(
      'div',
      null,
      el('label', { for: 'section' }, 'Section'),
      el('input', { id: 'section', name: 'section', value: f.section, list: 'sections-list', maxlength: 200 }),
      el('datalist', { id: 'sections-list' }, p.sections.map((s) => el('option', { value: s }))),
    ),
    el(
      'div',
      null,
      el('label', { for: 'lang' }, 'Language'),
      el('input', { id: 'lang', name: 'lang', value: f.lang, list: 'langs-list', maxlength: 35, placeholder: 'e.g. en, fa' }),
      el('datalist', { id: 'langs-list' }, p.langs.map((s) => el('option', { value: s }))),
    ),
    el(
      'div',
      null,
      el('label', { for: 'status' }, 'Status'),
      el(
        'select',
        { id: 'status', name: 'status' },
        (['all', 'published', 'draft'] as const).map((s) =>
          el('option', { value: s, selected: f.status === s }, s === 'all' ? 'Drafts and published' : s === 'draft' ? 'Drafts only' : 'Published only'),
        ),
      ),
    ),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Filter'), filtered ? el('a', { class: 'button', href: '/preview' }, 'Clear') : null),
  );

  const list = p.items.length
    ? el(
        'ul',
        { class: 'stories', 'aria-label': 'Stories' },
        p.items.map((a) =>
          el(
            'li',
            { class: 'story-row' },
            el('a', { class: 'title', href: `/preview/${encodeURIComponent(a.slug)}`, dir: 'auto', lang: a.lang }, a.title),
            el('span', null, el('span', { class: `badge ${a.status}` }, a.status === 'draft' ? 'Draft' : 'Published')),
            el(
              'span',
              { class: 'sub' },
              el('span', null, formatDate(a.publishedAt)),
              a.section ? el('span', null, a.section) : null,
              el('span', null, `lang ${a.lang}${a.dir === 'rtl' ? ' · right-to-left' : ''}`),
              el('span', null, a.slug),
            ),
          ),
        ),
      )
    : el('p', { class: 'panel' }, filtered ? 'No story matches these filters.' : 'No stories yet. Send one with PUT /api/articles/:slug.');

  const pager = el(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    p.nextHref ? el('a', { class: 'button', href: p.nextHref, rel: 'next' }, 'Older stories →') : null,
    p.scanLimited ? el('span', { class: 'muted' }, 'The search looked at the newest stories only; older ones may match too.') : null,
  );

  return renderLayout({
    title: 'Stories',
    siteName: p.siteName,
    csrf: p.csrf,
    body: [el('h1', null, 'Stories'), filters, el('h2', { class: 'visually-hidden' }, 'Results'), list, pager],
  });
}
