/**
 * `photo`: the hero image full-bleed under a gradient that darkens the top (for the logo) and,
 * heavily, the lower half (for the text), so white type stays legible on any photo, plus a
 * soft text shadow for bright spots. Without a usable photo it draws the standard card.
 */
import { h } from '../src/render/h.js';
import { headlineElement, satoriLang, type BaseContext, type HeadlineSpec, type Template, type TemplateContext } from '../src/render/template.js';
import { alpha, bylineText, clamped, darkGround, label, oneLine, sans, spacing, word, wordmark, wordmarkWidth } from './parts.js';
import standard, { scriptLineHeight } from './standard.js';

const TOP = 40;
const LABEL = 38;
const LABEL_GAP = 18;
const FOOTER = 30;
const FOOTER_GAP = 20;

function layout(ctx: BaseContext) {
  const { padX, padY, square } = spacing(ctx);
  // How much of the photo stays clear of text at the least.
  const reveal = square ? 400 : ctx.height < 620 ? 130 : 150;
  const dek = square && ctx.card.description ? { size: 30, lines: 2, gap: 20 } : null;
  return { padX, padY, square, reveal, dek };
}

function photoHeadline(ctx: BaseContext): HeadlineSpec {
  if (!ctx.image) return standard.headline(ctx);
  const { padX, padY, square, reveal, dek } = layout(ctx);
  const dekBlock = dek ? dek.gap + Math.ceil(dek.size * 1.35 * dek.lines) : 0;
  const lab = ctx.card.section ? LABEL + LABEL_GAP : 0;
  return {
    text: ctx.card.title,
    width: ctx.width - 2 * padX,
    height: ctx.height - 2 * padY - TOP - reveal - lab - dekBlock - FOOTER_GAP - FOOTER,
    maxSize: square ? 88 : 64,
    minSize: square ? 44 : 34,
    lineHeight: scriptLineHeight(ctx, 1.1),
    role: 'serif',
    weight: 700,
    tracking: -0.01,
  };
}

function renderPhoto(ctx: TemplateContext) {
  const image = ctx.image;
  if (!image) return standard.render(ctx);
  const { padX, padY, dek } = layout(ctx);
  const spec = photoHeadline(ctx);
  const byline = bylineText(ctx);
  const shade = (a: number) => alpha('#000000', a);
  const mark = { height: 34, maxWidth: 360, color: '#ffffff', size: 28 };
  const credit = ctx.card.credit ? `${word(ctx.card.lang, 'photo')}: ${ctx.card.credit}` : null;

  return h(
    'div',
    {
      lang: satoriLang(ctx.card.lang),
      style: { width: ctx.width, height: ctx.height, position: 'relative', direction: ctx.card.dir, backgroundColor: darkGround(ctx.brand), color: '#ffffff' },
    },
    h('img', { src: image.src, width: ctx.width, height: ctx.height, style: { position: 'absolute', left: 0, top: 0, width: ctx.width, height: ctx.height } }),
    h('div', {
      style: {
        position: 'absolute',
        left: 0,
        top: 0,
        width: ctx.width,
        height: ctx.height,
        backgroundImage: `linear-gradient(180deg, ${shade(0.55)} 0%, ${shade(0.12)} 16%, ${shade(0.18)} 28%, ${shade(0.72)} 52%, ${shade(0.9)} 78%, ${shade(0.94)} 100%)`,
      },
    }),
    h(
      'div',
      { style: { position: 'absolute', left: 0, top: 0, width: ctx.width, height: ctx.height, flexDirection: 'column', padding: `${padY}px ${padX}px` } },
      h(
        'div',
        { style: { height: TOP, width: spec.width, alignItems: 'center', justifyContent: 'space-between', gap: 24 } },
        wordmark(ctx, mark),
        // Small light text over any sky: a soft shadow keeps it readable where the photo is bright.
        credit ? oneLine(ctx, credit, sans(ctx, 400, 16), spec.width - wordmarkWidth(ctx, mark) - 24, { color: alpha('#ffffff', 0.9), textShadow: `0 1px 6px ${shade(0.7)}` }) : null,
      ),
      h(
        'div',
        { style: { flexDirection: 'column', flexGrow: 1, justifyContent: 'flex-end', width: spec.width } },
        ctx.card.section
          ? h('div', { style: { marginBottom: LABEL_GAP, height: LABEL, alignItems: 'center' } }, label(ctx, ctx.card.section, { bg: ctx.brand.accentColor, color: '#ffffff', size: 18 }))
          : null,
        headlineElement(spec, ctx, ctx.headline, { style: { textShadow: `0 2px 14px ${shade(0.45)}` } }),
        dek
          ? clamped(ctx, ctx.card.description as string, dek.lines, sans(ctx, 400, dek.size, 1.35), spec.width, { marginTop: dek.gap, color: alpha('#ffffff', 0.85) })
          : null,
      ),
      h(
        'div',
        { style: { height: FOOTER, marginTop: FOOTER_GAP, width: spec.width, alignItems: 'center' } },
        byline ? oneLine(ctx, byline, sans(ctx, 600, 20), spec.width, { color: alpha('#ffffff', 0.82) }) : null,
      ),
    ),
  );
}

const template: Template = {
  name: 'photo',
  version: 5,
  imageSize: (preset) => ({ width: preset.width, height: preset.height }),
  headline: photoHeadline,
  render: renderPhoto,
};
export default template;
