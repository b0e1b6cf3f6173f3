/**
 * `alert`: breaking news and live coverage. The accent colour fills the card, a white
 * "Breaking" (or "Live", when the kicker says so) label leads, and the headline is set big in
 * heavy sans for reading at a glance in a busy feed.
 */
import { h } from '../src/render/h.js';
import { headlineElement, satoriLang, type BaseContext, type HeadlineSpec, type Template, type TemplateContext } from '../src/render/template.js';
import { alpha, bylineText, clamped, footerRow, inkOn, isCaseless, labelText, mix, oneLine, sans, spacing, word } from './parts.js';
import { scriptLineHeight } from './standard.js';

const TOP = 48;
const TOP_GAP = 28;
const FOOTER = 58;
const FOOTER_GAP = 28;

function dek(ctx: BaseContext) {
  if (!ctx.card.description) return null;
  return spacing(ctx).square ? { size: 32, lines: 3, gap: 24 } : { size: 26, lines: 2, gap: 18 };
}

/** The widest the badge's word may be drawn. */
const BADGE_MAX_TEXT = 300;

function alertHeadline(ctx: BaseContext): HeadlineSpec {
  const { padX, padY, square } = spacing(ctx);
  const d = dek(ctx);
  return {
    text: ctx.card.title,
    width: ctx.width - 2 * padX,
    height: ctx.height - 2 * padY - TOP - TOP_GAP - (d ? d.gap + Math.ceil(d.size * 1.35 * d.lines) : 0) - FOOTER_GAP - FOOTER,
    maxSize: square ? 100 : 72,
    minSize: square ? 44 : 36,
    lineHeight: scriptLineHeight(ctx, 1.08),
    role: 'sans',
    weight: 800,
    tracking: isCaseless(ctx.card.lang) ? undefined : -0.02,
  };
}

function renderAlert(ctx: TemplateContext) {
  const { padX, padY } = spacing(ctx);
  const accent = ctx.brand.accentColor;
  const ink = inkOn(accent);
  const spec = alertHeadline(ctx);
  const d = dek(ctx);
  const live = /\blive\b/i.test(ctx.card.kicker ?? '');
  const caseless = isCaseless(ctx.card.lang);
  const aside = ctx.card.kicker ?? ctx.card.section;
  const byline = bylineText(ctx);
  const badge = caseless ? word(ctx.card.lang, live ? 'live' : 'breaking') : labelText(word(ctx.card.lang, live ? 'live' : 'breaking'), ctx.card.lang).text;
  const badgeFont = sans(ctx, 800, 22, 1.25, caseless ? undefined : 0.1);
  // The badge: 20 px padding each side, a 14 px dot and a 12 px gap around its word.
  const badgeWidth = Math.min(BADGE_MAX_TEXT, Math.ceil(ctx.text.width(badge, badgeFont)) + 1) + 40 + 14 + 12;

  return h(
    'div',
    {
      lang: satoriLang(ctx.card.lang),
      style: {
        width: ctx.width,
        height: ctx.height,
        flexDirection: 'column',
        direction: ctx.card.dir,
        backgroundColor: accent,
        backgroundImage: `linear-gradient(160deg, ${mix(accent, '#ffffff', 0.06)} 0%, ${accent} 40%, ${mix(accent, '#000000', 0.38)} 100%)`,
        color: ink,
        padding: `${padY}px ${padX}px`,
      },
    },
    h(
      'div',
      { style: { height: TOP, marginBottom: TOP_GAP, width: spec.width, alignItems: 'center', gap: 20 } },
      h(
        'div',
        {
          style: {
            flexShrink: 0,
            alignItems: 'center',
            gap: 12,
            height: TOP,
            padding: '0 20px',
            borderRadius: 8,
            backgroundColor: ink,
            color: accent,
          },
        },
        h('div', { style: { width: 14, height: 14, borderRadius: 7, backgroundColor: accent } }),
        oneLine(ctx, badge, badgeFont, BADGE_MAX_TEXT),
      ),
      aside ? oneLine(ctx, aside, sans(ctx, 700, 24), spec.width - badgeWidth - 20, { color: alpha(ink === '#ffffff' ? '#ffffff' : '#111318', 0.9) }) : null,
    ),
    h(
      'div',
      { style: { flexDirection: 'column', flexGrow: 1, justifyContent: 'center', width: spec.width } },
      headlineElement(spec, ctx, ctx.headline),
      d
        ? clamped(ctx, ctx.card.description as string, d.lines, sans(ctx, 400, d.size, 1.35), spec.width, { marginTop: d.gap, color: alpha(ink === '#ffffff' ? '#ffffff' : '#111318', 0.86) })
        : null,
    ),
    footerRow(ctx, {
      height: FOOTER,
      gap: FOOTER_GAP,
      width: spec.width,
      paddingTop: 18,
      rule: alpha(ink === '#ffffff' ? '#ffffff' : '#111318', 0.3),
      ink,
      mark: { height: 34, size: 28 },
      meta: byline,
      metaColor: alpha(ink === '#ffffff' ? '#ffffff' : '#111318', 0.8),
    }),
  );
}

const template: Template = {
  name: 'alert',
  version: 4,
  imageSize: () => null,
  headline: alertHeadline,
  render: renderAlert,
};
export default template;
