/**
 * Facebook feed, large link card (PLATFORM-CARDS.md §3): 1.91:1 cover image, then a grey box
 * with the UPPER-CASED host, the bold title (about 2 lines) and a 1-line description.
 */
import { el, type SafeHtml } from '../html.js';
import { avatar, cardImage, mockFrame, type MockupModel, niceHost } from './model.js';

export function renderFacebookMock(m: MockupModel): SafeHtml {
  return mockFrame(
    'facebook',
    'Facebook',
    'feed · og:image · 1.91:1 · title ≈ 2 lines, description 1 line',
    'frame facebook',
    el(
      'div',
      { class: 'post' },
      el('div', { class: 'post-head' }, avatar(), el('span', null, el('strong', null, m.siteName), el('span', { class: 'meta' }, 'Just now · Public'))),
      el('p', { class: 'post-text', dir: 'auto', lang: m.lang, 'data-share-text': 'facebook' }, m.shareTexts.facebook),
      el('div', { class: 'media' }, cardImage('og', m.images.og)),
      el(
        'div',
        { class: 'box' },
        el('div', { class: 'domain clamp-1' }, niceHost(m.url)),
        el('div', { class: 'title clamp clamp-2', dir: 'auto', lang: m.lang, 'data-bind': 'title', 'data-cut-check': 'facebook' }, m.title),
        el('div', { class: 'desc clamp-1', dir: 'auto', lang: m.lang, 'data-bind': 'description', hidden: !m.description }, m.description ?? ''),
      ),
    ),
  );
}
