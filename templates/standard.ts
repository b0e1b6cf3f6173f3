/**
 * `standard`: the brand card. Dark brand ground with an accent stripe on the leading edge,
 * section label and kicker, a serif headline, the dek, and a footer with the logo (or site
 * name) and byline · date. Mirrors for right-to-left stories through `direction`.
 */
import { h } from '../src/render/h.js';
import { headlineElement, satoriLang, type BaseContext, type HeadlineSpec, type Template, type TemplateContext } from '../src/render/template.js';
import { alpha, bylineText, clamped, darkGround, footerRow, label, labelWidth, mix, oneLine, sans, spacing } from './parts.js';

const STRIPE = 12;
const TOP = 40;
const TOP_GAP = 28;
const FOOTER = 58;
const FOOTER_GAP = 28;

function dek(ctx: BaseContext): { size: number; lines: number; gap: number } | null {
  if (!ctx.card.description) return null;
  const { square } = spacing(ctx);
  return square ? { size: 32, lines: 3, gap: 28 } : { size: 26, lines: 2, gap: 20 };
}

/** Taller lines for scripts whose marks reach far above and below the Latin line. */
export function scriptLineHeight(ctx: BaseContext, latin: number): number {
  if (ctx.card.dir === 'rtl') return Math.max(latin, 1.4);
  if (/^(ja|zh|ko)\b/i.test(ctx.card.lang)) return Math.max(latin, 1.3);
  // Myanmar stacks medials and vowels far above and below the line; Thai, Lao, Khmer, Sinhala
  // and the South Indian scripts put marks above and below (the fonts' ascent + descent: 1.3-2.2 em).
  if (/^my\b/i.test(ctx.card.lang)) return Math.max(latin, 1.55);
  if (/^(th|lo|km|si|te|kn|ml|ta|bo|dz)\b/i.test(ctx.card.lang)) return Math.max(latin, 1.35);
  return latin;
}

export function standardHeadline(ctx: BaseContext): HeadlineSpec {
  const { padX, padY, square } = spacing(ctx);
  const d = dek(ctx);
  const dekBlock = d ? d.gap + Math.ceil(d.size * 1.35 * d.lines) : 0;
  const top = ctx.card.section || ctx.card.kicker ? TOP + TOP_GAP : 0;
  return {
    text: ctx.card.title,
    width: ctx.width - STRIPE - 2 * padX,
    height: ctx.height - 2 * padY - top - dekBlock - FOOTER_GAP - FOOTER,
    maxSize: square ? 96 : 68,
    minSize: square ? 44 : 36,
    lineHeight: scriptLineHeight(ctx, 1.12),
    role: 'serif',
    weight: 700,
    tracking: -0.01,
  };
}

export function renderStandard(ctx: TemplateContext) {
  const { padX, padY } = spacing(ctx);
  const ground = darkGround(ctx.brand);
  const accent = ctx.brand.accentColor;
  const spec = standardHeadline(ctx);
  const d = dek(ctx);
  const muted = alpha('#ffffff', 0.72);
  const { section, kicker } = ctx.card;
  const byline = bylineText(ctx);

  return h(
    'div',
    {
      lang: satoriLang(ctx.card.lang),
      style: {
        width: ctx.width,
        height: ctx.height,
        direction: ctx.card.dir,
        backgroundColor: ground,
        backgroundImage: `linear-gradient(135deg, ${ground} 0%, ${ground} 45%, ${mix(ground, accent, 0.16)} 100%)`,
        color: '#ffffff',
      },
    },
    h('div', { style: { width: STRIPE, height: '100%', backgroundColor: accent, flexShrink: 0 } }),
    h(
      'div',
      { style: { flexDirection: 'column', flexGrow: 1, width: ctx.width - STRIPE, height: '100%', padding: `${padY}px ${padX}px` } },
      section || kicker
        ? h(
            'div',
            { style: { height: TOP, alignItems: 'center', gap: 18, marginBottom: TOP_GAP, width: spec.width } },
            section ? label(ctx, section, { bg: accent, color: '#ffffff', size: 18 }) : null,
            kicker
              ? oneLine(ctx, kicker, sans(ctx, 600, 22), spec.width - (section ? labelWidth(ctx, section, 18) + 18 : 0), { color: alpha('#ffffff', 0.86) })
              : null,
          )
        : null,
      h(
        'div',
        { style: { flexDirection: 'column', flexGrow: 1, justifyContent: 'center', width: spec.width } },
        headlineElement(spec, ctx, ctx.headline),
        d
          ? clamped(ctx, ctx.card.description as string, d.lines, sans(ctx, 400, d.size, 1.35), spec.width, { marginTop: d.gap, color: muted })
          : null,
      ),
      footerRow(ctx, {
        height: FOOTER,
        gap: FOOTER_GAP,
        width: spec.width,
        paddingTop: 18,
        rule: alpha('#ffffff', 0.16),
        ink: '#ffffff',
        mark: { height: 34, size: 28 },
        meta: byline,
        metaColor: muted,
      }),
    ),
  );
}

const template: Template = {
  name: 'standard',
  version: 5,
  imageSize: () => null,
  headline: standardHeadline,
  render: renderStandard,
};
export default template;
