/**
 * Bluesky external embed (PLATFORM-CARDS.md §1, exact values from bluesky-social/social-app):
 * 1200:630 cover image, title 15px/600 clamped to 3 lines, description 13.1px clamped to 2
 * lines (4 without an image), divider, 12px globe and `URL.host` as is. Light, dim and dark.
 */
import { el, type SafeHtml } from '../html.js';
import { cardImage, hostOf, mockFrame, sitePost, type MockupModel } from './model.js';

export function renderBlueskyMock(m: MockupModel): SafeHtml {
  const card = el(
    'div',
    { class: 'card' },
    el('div', { class: 'media' }, cardImage('og', m.images.og)),
    el(
      'div',
      { class: 'text-area' },
      el(
        'div',
        { class: 'inner' },
        el('div', { class: 'title clamp clamp-3', dir: 'auto', lang: m.lang, 'data-bind': 'title', 'data-cut-check': 'bluesky' }, m.title),
        el('div', { class: 'desc clamp clamp-2', dir: 'auto', lang: m.lang, 'data-bind': 'description', hidden: !m.description }, m.description ?? ''),
      ),
      el(
        'div',
        { class: 'footer' },
        el('div', { class: 'footer-row' }, el('span', { class: 'globe', 'aria-hidden': 'true' }), el('span', { class: 'domain clamp-1' }, hostOf(m.url))),
      ),
    ),
  );
  return mockFrame(
    'bluesky',
    'Bluesky',
    'external embed · og:image thumb ≤ 1 MB · title 3 lines, description 2',
    'frame bluesky',
    sitePost(m, 'bluesky', m.siteBluesky, card),
  );
}
