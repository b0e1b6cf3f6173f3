/**
 * LinkedIn feed (PLATFORM-CARDS.md §4): organic posts show a compact card since late 2023 —
 * small landscape thumbnail on the left, title (14px bold, ≈2 lines) and host. A toggle shows
 * the large sponsored/legacy card. Thumbnail size and clamps are UNCONFIRMED defaults.
 */
import { el, type SafeHtml } from '../html.js';
import { avatar, cardImage, mockHeading, niceHost, type MockupModel } from './model.js';

export function renderLinkedInMock(m: MockupModel): SafeHtml {
  return el(
    'article',
    { class: 'mock', 'aria-labelledby': 'mock-linkedin-h', 'data-platform': 'linkedin' },
    mockHeading('mock-linkedin-h', 'LinkedIn', 'organic compact card · og:image thumbnail · title ≈ 2 lines'),
    el('div', { class: 'variant' }, el('label', null, el('input', { type: 'checkbox', class: 'li-large' }), 'Show the large card (sponsored posts)')),
    el(
      'div',
      { class: 'frame linkedin' },
      el(
        'div',
        { class: 'post' },
        el('div', { class: 'post-head' }, avatar(), el('strong', null, m.siteName)),
        el('p', { class: 'post-text', dir: 'auto', lang: m.lang, 'data-share-text': 'linkedin' }, m.shareTexts.linkedin),
        el(
          'div',
          { class: 'article' },
          el('div', { class: 'thumb' }, cardImage('og', m.images.og)),
          el(
            'div',
            { class: 'text' },
            el('div', { class: 'title clamp clamp-2', dir: 'auto', lang: m.lang, 'data-bind': 'title', 'data-cut-check': 'linkedin' }, m.title),
            el('div', { class: 'source clamp-1' }, niceHost(m.url)),
          ),
        ),
      ),
    ),
  );
}
