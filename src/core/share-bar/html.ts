/**
 * Serializes the share bar model to an HTML fragment: a `<nav>` landmark with a list of links
 * and, optionally, two buttons that the bar's script reveals. Every value goes through
 * escapeHtmlText or escapeHtmlAttr here and nowhere else. The fragment carries no `style`
 * attribute, no script and no event handler, so it runs under a strict CSP; class names
 * (`sharecard-bar__*`) are the stylesheet's hooks.
 *
 * Without JavaScript the bar is a list of plain links; the copy and native-share buttons sit
 * in `hidden` list items because they cannot work without the script.
 */
import { escapeHtmlAttr, escapeHtmlText } from '../escape.js';
import { shareBarIcons, type ShareBarIconName } from './icons.js';
import type { ShareBarModel } from './model.js';

const CLASS = 'sharecard-bar';

type Attrs = Record<string, string | true | undefined>;

/** Attribute names are our own constants; values are always escaped. `true` is a boolean attribute. */
function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtmlAttr(v as string)}"`))
    .join('');
}

function icon(name: ShareBarIconName): string {
  const i = shareBarIcons[name];
  // width/height are presentation attributes, so an unstyled bar still shows 20 px icons.
  const paint: Attrs =
    i.kind === 'fill'
      ? { fill: 'currentColor' }
      : { fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
  const paths = i.paths.map((d) => `<path${attrs({ d, 'fill-rule': i.kind === 'fill' ? 'evenodd' : undefined })}></path>`).join('');
  return `<svg${attrs({ class: `${CLASS}__icon`, viewBox: '0 0 24 24', width: '20', height: '20', ...paint, 'aria-hidden': 'true', focusable: 'false' })}>${paths}</svg>`;
}

/** The visible label in the full style; the compact style relies on the accessible name. */
function visibleLabel(model: ShareBarModel, text: string): string {
  return model.style === 'full' ? `<span class="${CLASS}__label">${escapeHtmlText(text)}</span>` : '';
}

/**
 * @example
 *   renderShareBarHtml(buildShareBar(article, ctx, options))
 *   // → '<nav class="sharecard-bar sharecard-bar--full" dir="ltr" lang="en" aria-label="Share this story" …'
 */
export function renderShareBarHtml(model: ShareBarModel): string {
  const items = model.links.map(
    (l) =>
      `<li class="${CLASS}__item"><a${attrs({
        class: `${CLASS}__link ${CLASS}__link--${l.platform}`,
        href: l.href,
        target: '_blank',
        // noopener: the platform's page cannot reach back into ours; noreferrer: it is not told
        // which page the reader came from (the UTM parameters say what analytics needs).
        rel: 'noopener noreferrer',
        'aria-label': l.label,
        title: model.style === 'compact' ? l.label : undefined,
      })}>${icon(l.platform)}${visibleLabel(model, l.name)}</a></li>`,
  );
  if (model.copyLink) {
    const c = model.copyLink;
    items.push(
      `<li${attrs({ class: `${CLASS}__item`, hidden: true })}><button${attrs({
        type: 'button',
        class: `${CLASS}__button ${CLASS}__button--copy`,
        'aria-label': c.label,
        title: model.style === 'compact' ? c.label : undefined,
        'data-sharecard-copy': true,
        'data-sharecard-url': c.url,
        'data-sharecard-done': c.copiedLabel,
      })}>${icon('copy')}${visibleLabel(model, c.label)}</button></li>`,
    );
  }
  if (model.nativeShare) {
    const s = model.nativeShare;
    items.push(
      `<li${attrs({ class: `${CLASS}__item`, hidden: true })}><button${attrs({
        type: 'button',
        class: `${CLASS}__button ${CLASS}__button--share`,
        'aria-label': s.label,
        title: model.style === 'compact' ? s.label : undefined,
        'data-sharecard-share': true,
        'data-sharecard-url': s.url,
        'data-sharecard-title': s.title,
      })}>${icon('share')}${visibleLabel(model, s.label)}</button></li>`,
    );
  }
  const status = model.copyLink ? `<span${attrs({ class: `${CLASS}__status`, role: 'status', 'data-sharecard-status': true })}></span>` : '';
  return `<nav${attrs({
    class: `${CLASS} ${CLASS}--${model.style}`,
    dir: model.dir,
    lang: model.lang,
    'aria-label': model.label,
    'data-sharecard-bar': true,
  })}><ul class="${CLASS}__list">${items.join('')}</ul>${status}</nav>`;
}
