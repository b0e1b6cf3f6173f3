/**
 * WhatsApp chat, outgoing bubble (PLATFORM-CARDS.md §5): large preview with the image on top,
 * then the bold title and the host (Meta's own caption: "photo, title, and URL"), then the
 * message text. An image over WhatsApp's ~300 KB budget is often dropped: the mockup then
 * shows the preview without it. Clamp and colours are S/UNCONFIRMED defaults.
 */
import { el, type SafeHtml } from '../html.js';
import { cardImage, mockFrame, type MockupModel, niceHost } from './model.js';

export function renderWhatsAppMock(m: MockupModel): SafeHtml {
  return mockFrame(
    'whatsapp',
    'WhatsApp',
    'chat · og:image ≤ 300 KB or none · title ≈ 2 lines + URL',
    `frame whatsapp${m.whatsappImageDropped ? ' wa-dropped' : ''}`,
    el(
      'div',
      { class: 'chat' },
      el(
        'div',
        { class: 'bubble' },
        el(
          'div',
          { class: 'preview' },
          el('div', { class: 'media' }, cardImage('og', m.images.og)),
          el('p', { class: 'dropped' }, 'Image left out: over WhatsApp’s size budget'),
          el(
            'div',
            { class: 'ptext' },
            el('div', { class: 'title clamp clamp-2', dir: 'auto', lang: m.lang, 'data-bind': 'title', 'data-cut-check': 'whatsapp' }, m.title),
            el('div', { class: 'domain clamp-1' }, niceHost(m.url)),
          ),
        ),
        el('p', { class: 'post-text msg', dir: 'auto', lang: m.lang, 'data-share-text': 'whatsapp' }, m.shareTexts.whatsapp),
        el('div', { class: 'time' }, '12:00 ✓✓'),
      ),
    ),
  );
}
