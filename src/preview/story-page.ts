/**
 * /preview/:slug — the story as every platform will show it: warnings, the edit form (title,
 * kicker, description, template, preset; nothing is saved), the rendered card, one mockup per
 * platform, and the share texts with counters and copy buttons.
 */
import { templateNames, type StoredArticle, type TemplateName } from '../core/article.js';
import { serializeJsonForScript } from '../core/escape.js';
import { presetNames, presets, type ImageFormat, type PresetName } from '../core/presets.js';
import { sharePlatforms, type SharePayloads, type SharePlatform } from '../core/share/index.js';
import type { Direction } from '../core/direction.js';
import { cx, el, fragment, type SafeHtml } from './html.js';
import { renderLayout } from './layout.js';
import { renderBlueskyMock } from './mockups/bluesky.js';
import { renderDiscordMock } from './mockups/discord.js';
import { renderFacebookMock } from './mockups/facebook.js';
import { renderLinkedInMock } from './mockups/linkedin.js';
import type { MockupModel } from './mockups/model.js';
import { renderSlackMock } from './mockups/slack.js';
import { renderWhatsAppMock } from './mockups/whatsapp.js';
import { renderXMock } from './mockups/x.js';
import { copyPostText, displayPostText } from './post-text.js';
import { formatBytes, platformImageBudgets, type CardKind, type Warning } from './warnings.js';

export const platformNames: Readonly<Record<SharePlatform, string>> = Object.freeze({
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  bluesky: 'Bluesky',
  whatsapp: 'WhatsApp',
});

/** Names of every mockup whose headline clamp the page script checks. */
const cutNames = { ...platformNames, slack: 'Slack', discord: 'Discord' };

export interface ShareCounter {
  value: number;
  max: number | null;
  unit: string;
}

/** The counter an editor needs per platform: X counts weighted characters, Bluesky graphemes. */
export function shareCounter(platform: SharePlatform, counts: Record<string, number>): ShareCounter {
  if (platform === 'x') return { value: counts.weightedLength, max: counts.maxWeightedLength, unit: 'weighted characters' };
  if (platform === 'bluesky') return { value: counts.graphemes, max: counts.maxGraphemes, unit: 'graphemes' };
  if (platform === 'linkedin') return { value: counts.chars, max: counts.maxChars ?? 3000, unit: 'characters' };
  return { value: counts.chars, max: null, unit: 'characters' };
}

export interface StoryPageInput {
  siteName: string;
  siteX: string | null;
  siteBluesky: string | null;
  accentColor: string;
  csrf: string;
  article: StoredArticle;
  template: TemplateName;
  preset: PresetName;
  format: ImageFormat;
  uiDir: Direction;
  /** Same-origin URLs of the rendered cards. */
  cardUrls: { og: string; x: string; panel: string };
  bytes: Record<CardKind | 'panel', number>;
  share: SharePayloads;
  warnings: Warning[];
  description?: string;
  whatsappImageDropped: boolean;
}

function warningItem(w: Warning): SafeHtml {
  return el('li', { class: w.level, 'data-key': w.key }, el('strong', null, w.title + ' '), w.text);
}

function radio(name: string, value: string, label: string, checked: boolean): SafeHtml {
  return el('label', null, el('input', { type: 'radio', name, value, id: `${name}-${value}`, checked }), label);
}

function editForm(p: StoryPageInput): SafeHtml {
  const a = p.article;
  return el(
    'form',
    { id: 'edit-form', class: 'edit-form', method: 'get', action: `/preview/${encodeURIComponent(a.slug)}`, 'aria-describedby': 'edit-note' },
    el('p', { id: 'edit-note', class: 'field-note' }, 'Changes here re-render the card and the mockups. Nothing is saved: update the story in the CMS.'),
    el('label', { for: 'f-title' }, 'Headline'),
    // No `name` on the text fields: the GET form (template/preset without script) must not put edits in the URL.
    el('textarea', { id: 'f-title', 'data-name': 'title', rows: 2, dir: 'auto', lang: a.lang, maxlength: 400, required: true }, a.title),
    el('label', { for: 'f-kicker' }, 'Kicker'),
    el('input', { id: 'f-kicker', 'data-name': 'kicker', dir: 'auto', lang: a.lang, value: a.kicker ?? '', maxlength: 120 }),
    el('label', { for: 'f-description' }, 'Description'),
    el('textarea', { id: 'f-description', 'data-name': 'description', rows: 3, dir: 'auto', lang: a.lang, maxlength: 2000 }, a.description ?? ''),
    el(
      'div',
      { class: 'row2' },
      el(
        'div',
        null,
        el('label', { for: 'f-template' }, 'Template'),
        el('select', { id: 'f-template', name: 'template' }, templateNames.map((t) => el('option', { value: t, selected: t === p.template }, t))),
      ),
      el(
        'div',
        null,
        el('label', { for: 'f-preset' }, 'Card preset'),
        el(
          'select',
          { id: 'f-preset', name: 'preset' },
          presetNames.map((n) => el('option', { value: n, selected: n === p.preset }, `${n} ${presets[n].width}×${presets[n].height}`)),
        ),
      ),
    ),
    el(
      'div',
      { class: 'edit-actions' },
      el('button', { type: 'submit', class: 'primary' }, 'Apply template and preset'),
      el('button', { type: 'button', id: 'reset-edits' }, 'Reset edits'),
    ),
    el('p', { id: 'render-state', class: 'render-state', role: 'status', 'aria-live': 'polite' }),
  );
}

function cardPanel(p: StoryPageInput): SafeHtml {
  const size = presets[p.preset];
  return el(
    'section',
    { class: 'card-panel', 'aria-labelledby': 'card-h' },
    el('h3', { id: 'card-h' }, 'Card: ', el('span', { 'data-preset-label': '' }, p.preset)),
    el('img', {
      class: 'card-img-panel',
      src: p.cardUrls.panel,
      alt: `The ${p.preset} card as rendered`,
      width: size.width,
      height: size.height,
      'data-card': 'panel',
    }),
    el(
      'p',
      { class: 'card-facts' },
      `${p.format === 'jpg' ? 'JPEG' : 'PNG'} · `,
      el('span', { 'data-bytes': 'panel' }, formatBytes(p.bytes.panel)),
      ' · og ',
      el('span', { 'data-bytes': 'og' }, formatBytes(p.bytes.og)),
      ' · x ',
      el('span', { 'data-bytes': 'x' }, formatBytes(p.bytes.x)),
    ),
  );
}

function shareItem(p: StoryPageInput, platform: SharePlatform): SafeHtml {
  const s = p.share.platforms[platform];
  const c = shareCounter(platform, s.counts);
  const name = platformNames[platform];
  return el(
    'div',
    { class: 'share-item panel' },
    el('h3', { id: `share-h-${platform}` }, name),
    el('label', { for: `share-text-${platform}`, class: 'visually-hidden' }, `${name} post text`),
    el('textarea', { id: `share-text-${platform}`, readonly: true, dir: 'auto', lang: p.article.lang, rows: 5 }, copyPostText(platform, s.text)),
    el(
      'p',
      { id: `counter-${platform}`, class: cx('counter', c.max !== null && c.value > c.max && 'over') },
      c.max !== null ? el('meter', { min: 0, max: c.max, value: c.value, low: Math.floor(c.max * 0.9), high: c.max, optimum: 0, 'aria-label': `${name} length` }) : null,
      el('span', { class: 'count' }, c.max !== null ? `${c.value} / ${c.max} ${c.unit}` : `${c.value} ${c.unit}`),
    ),
    el(
      'div',
      { class: 'share-actions' },
      el('button', { type: 'button', 'data-copy-from': `share-text-${platform}`, 'data-status': `copied-${platform}`, 'data-done': `${name} text copied.`, hidden: true }, 'Copy text'),
      el(
        'button',
        { type: 'button', 'data-copy-from': `share-intent-${platform}`, 'data-status': `copied-${platform}`, 'data-done': `${name} share link copied.`, hidden: true },
        'Copy share link',
      ),
      el('a', { class: 'button', id: `share-intent-${platform}`, href: s.intentUrl, 'data-copy': s.intentUrl, target: '_blank', rel: 'noopener noreferrer' }, `Open ${name} share`),
    ),
    el('p', { class: 'copied', id: `copied-${platform}`, role: 'status', 'aria-live': 'polite' }),
  );
}

export function renderStoryPage(p: StoryPageInput): string {
  const a = p.article;
  const imageAlt = a.image?.alt || a.title;
  const model: MockupModel = {
    title: a.title,
    description: p.description,
    url: a.url,
    lang: a.lang,
    siteName: p.siteName,
    siteX: p.siteX,
    siteBluesky: p.siteBluesky,
    images: {
      og: { src: p.cardUrls.og, alt: imageAlt, width: presets.og.width, height: presets.og.height },
      x: { src: p.cardUrls.x, alt: imageAlt, width: presets.x.width, height: presets.x.height },
    },
    shareTexts: Object.fromEntries(sharePlatforms.map((s) => [s, displayPostText(s, p.share.platforms[s].text)])) as Record<SharePlatform, string>,
    whatsappImageDropped: p.whatsappImageDropped,
  };

  const head = el(
    'div',
    { class: 'story-head' },
    el('p', { class: 'crumbs' }, el('a', { href: '/preview' }, 'Stories'), ' / ', a.slug),
    el('h1', { dir: 'auto', lang: a.lang }, a.title),
    el(
      'p',
      { class: 'story-meta' },
      el('span', { class: `badge ${a.status}` }, a.status === 'draft' ? 'Draft' : 'Published'),
      el('span', null, `lang ${a.lang}`),
      a.dir === 'rtl' ? el('span', null, 'right-to-left') : null,
      a.section ? el('span', null, a.section) : null,
      el('span', null, `revision ${a.revision}`),
      el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, 'Canonical page'),
    ),
  );

  const checks = el(
    'section',
    { class: 'checks', 'aria-labelledby': 'checks-h' },
    el('h2', { id: 'checks-h' }, 'Checks'),
    el(
      'ul',
      { id: 'warnings', class: 'warnings', role: 'status', 'aria-live': 'polite' },
      p.warnings.length ? p.warnings.map(warningItem) : el('li', { class: 'ok', 'data-key': 'all-clear' }, 'No problems found for any platform.'),
    ),
  );

  const mockups = el(
    'section',
    { class: 'mockups', 'aria-labelledby': 'mockups-h' },
    el('h2', { id: 'mockups-h' }, 'How platforms will show it'),
    // Outside the edit form: these only restyle the mockups (CSS :has), nothing is sent.
    el(
      'div',
      { class: 'mock-toolbar' },
      el('fieldset', null, el('legend', null, 'Look'), radio('theme', 'light', 'Light', true), radio('theme', 'dark', 'Dark', false), radio('theme', 'dim', 'Dim (Bluesky)', false)),
      el(
        'fieldset',
        null,
        el('legend', null, 'App language of the reader'),
        radio('uidir', 'ltr', 'Left-to-right', p.uiDir === 'ltr'),
        el('label', null, el('input', { type: 'radio', name: 'uidir', value: 'rtl', id: 'uidir-rtl', checked: p.uiDir === 'rtl' }), 'Right-to-left ', el('span', { lang: 'fa', dir: 'rtl' }, '(فارسی، العربية)')),
      ),
    ),
    el(
      'div',
      { class: 'mock-grid' },
      renderXMock(model),
      renderFacebookMock(model),
      renderLinkedInMock(model),
      renderBlueskyMock(model),
      renderWhatsAppMock(model),
      renderSlackMock(model),
      renderDiscordMock(model),
    ),
  );

  const share = el(
    'section',
    { class: 'share', 'aria-labelledby': 'share-h' },
    el('h2', { id: 'share-h' }, 'Share texts and links'),
    el('div', { class: 'share-grid' }, sharePlatforms.map((s) => shareItem(p, s))),
  );

  const data = {
    slug: a.slug,
    url: a.url,
    csrf: p.csrf,
    template: p.template,
    preset: p.preset,
    renderUrl: '/preview/api/render',
    shareUrl: '/preview/api/share',
    loginUrl: `/preview/login?next=${encodeURIComponent(`/preview/${a.slug}`)}`,
    accentColor: p.accentColor,
    budgets: platformImageBudgets,
    initialBytes: p.bytes,
    cutNames,
    original: { title: a.title, kicker: a.kicker ?? '', description: a.description ?? '' },
  };

  return renderLayout({
    title: a.title,
    siteName: p.siteName,
    csrf: p.csrf,
    mainClass: 'story',
    dataJson: serializeJsonForScript(data),
    body: fragment(
      head,
      checks,
      el(
        'div',
        { class: 'story-grid' },
        el('aside', { class: 'editor panel', 'aria-labelledby': 'edit-h' }, el('h2', { id: 'edit-h' }, 'Try changes'), editForm(p), cardPanel(p)),
        mockups,
      ),
      share,
    ),
  });
}
