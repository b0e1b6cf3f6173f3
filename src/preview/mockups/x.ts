/**
 * X `summary_large_image` (PLATFORM-CARDS.md §2.1): 1.91:1 cover image in a 16px-radius card,
 * the headline as one 13px line in a dark pill over the image (no description), and
 * "From domain" under the card. The pill takes the UI's direction, not the headline's (§2.3):
 * an RTL headline in an English UI can lose its beginning, so it is drawn that way.
 */
import { el, type SafeHtml } from '../html.js';
import { cardImage, mockFrame, niceHost, sitePost, type MockupModel } from './model.js';

export function renderXMock(m: MockupModel): SafeHtml {
  const host = niceHost(m.url);
  const card = el(
    'div',
    { class: 'card-block' },
    el(
      'div',
      { class: 'card', role: 'img', 'aria-label': `${host} ${m.title}` },
      el('div', { class: 'media' }, cardImage('x', m.images.x)),
      el('div', { class: 'pill-wrap' }, el('span', { class: 'pill clamp-1', lang: m.lang, 'data-bind': 'title', 'data-cut-check': 'x' }, m.title)),
    ),
    el('div', { class: 'from' }, `From ${host}`),
  );
  return mockFrame('x', 'X', 'summary_large_image · twitter:image (x preset) · 1.91:1 · headline pill, 1 line', 'frame x', sitePost(m, 'x', m.siteX, card));
}
