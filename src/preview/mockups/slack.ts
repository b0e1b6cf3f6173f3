/**
 * Slack unfurl (PLATFORM-CARDS.md §6): grey 4px bar, site name, blue title (2 lines),
 * description, and with summary_large_image the image below the text at most 360px wide.
 */
import { el, type SafeHtml } from '../html.js';
import { cardImage, mockFrame, type MockupModel } from './model.js';

export function renderSlackMock(m: MockupModel): SafeHtml {
  return mockFrame(
    'slack',
    'Slack',
    'unfurl · large image ≤ 360 px wide · title 2 lines',
    'frame slack',
    el(
      'div',
      { class: 'attachment' },
      el('span', { class: 'bar', 'aria-hidden': 'true' }),
      el(
        'div',
        { class: 'body' },
        el('div', { class: 'service' }, el('span', { class: 'favicon', 'aria-hidden': 'true' }), m.siteName),
        el('div', { class: 'title clamp clamp-2', dir: 'auto', lang: m.lang, 'data-bind': 'title', 'data-cut-check': 'slack' }, m.title),
        el('div', { class: 'desc clamp clamp-4', dir: 'auto', lang: m.lang, 'data-bind': 'description', hidden: !m.description }, m.description ?? ''),
        el('div', { class: 'image' }, cardImage('og', m.images.og)),
      ),
    ),
  );
}
