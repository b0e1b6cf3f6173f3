/**
 * Discord embed (PLATFORM-CARDS.md §7): accent bar in the site's theme-color, provider
 * (og:site_name), title trimmed to 70 bytes and 3 lines, description to 350 bytes, and with
 * summary_large_image the image below. The byte trims are computed here, the line clamps in CSS.
 */
import { el, type SafeHtml } from '../html.js';
import { cardImage, mockFrame, type MockupModel, trimToBytes } from './model.js';

export const DISCORD_TITLE_MAX_BYTES = 70;
export const DISCORD_DESCRIPTION_MAX_BYTES = 350;

export function renderDiscordMock(m: MockupModel): SafeHtml {
  const title = trimToBytes(m.title, DISCORD_TITLE_MAX_BYTES);
  const description = m.description ? trimToBytes(m.description, DISCORD_DESCRIPTION_MAX_BYTES).text : '';
  return mockFrame(
    'discord',
    'Discord',
    'embed · title ≤ 70 bytes / 3 lines · description ≤ 350 bytes',
    'frame discord',
    el(
      'div',
      { class: 'embed' },
      el('span', { class: 'accent', 'aria-hidden': 'true' }),
      el(
        'div',
        { class: 'body' },
        el('div', { class: 'provider' }, m.siteName),
        el('div', { class: 'title clamp clamp-3', dir: 'auto', lang: m.lang, 'data-bind': 'discord-title', 'data-cut-check': 'discord', 'data-bytes-cut': title.cut ? 'true' : 'false' }, title.text),
        el('div', { class: 'desc clamp clamp-20', dir: 'auto', lang: m.lang, 'data-bind': 'discord-description', hidden: !description }, description),
        el('div', { class: 'image' }, cardImage('og', m.images.og)),
      ),
    ),
  );
}

/** The title and description Discord shows, after its byte trims (used by the live share API). */
export function buildDiscordTexts(title: string, description: string | undefined): { title: string; titleCut: boolean; description: string } {
  const t = trimToBytes(title, DISCORD_TITLE_MAX_BYTES);
  return { title: t.text, titleCut: t.cut, description: description ? trimToBytes(description, DISCORD_DESCRIPTION_MAX_BYTES).text : '' };
}
