/**
 * Pieces the card templates share: colour arithmetic, the wordmark or logo, the section label,
 * the byline line, and the few words a card prints itself (localized).
 */
import { bylineSeparator } from '../src/core/direction.js';
import { h, type El, type Style } from '../src/render/h.js';
import type { BaseContext, Brand, TextFont } from '../src/render/template.js';

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** `hex` at opacity `a`, as rgba(). */
export function alpha(hex: string, a: number): string {
  const [r, g, b] = rgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}

/** Mixes `hex` towards `other` by t (0..1). */
export function mix(hex: string, other: string, t: number): string {
  const a = rgb(hex);
  const b = rgb(other);
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG), to choose text colour on a brand colour. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or near-black, whichever reads better on `bg`. */
export function inkOn(bg: string): string {
  return luminance(bg) > 0.36 ? '#111318' : '#ffffff';
}

/** Brand theme colour made dark enough for white text (a light theme colour would not be). */
export function darkGround(brand: Brand): string {
  let c = brand.themeColor;
  for (let i = 0; i < 6 && luminance(c) > 0.12; i++) c = mix(c, '#000000', 0.3);
  return c;
}

const WORDS: Record<string, Record<'breaking' | 'photo' | 'live', string>> = {
  en: { breaking: 'Breaking', photo: 'Photo', live: 'Live' },
  fa: { breaking: 'فوری', photo: 'عکس', live: 'زنده' },
  ar: { breaking: 'عاجل', photo: 'صورة', live: 'مباشر' },
  he: { breaking: 'מבזק', photo: 'צילום', live: 'בשידור חי' },
  ja: { breaking: '速報', photo: '写真', live: 'ライブ' },
  zh: { breaking: '突发', photo: '图片', live: '直播' },
  ko: { breaking: '속보', photo: '사진', live: '라이브' },
  de: { breaking: 'Eilmeldung', photo: 'Foto', live: 'Live' },
  fr: { breaking: 'Alerte', photo: 'Photo', live: 'En direct' },
  es: { breaking: 'Última hora', photo: 'Foto', live: 'En directo' },
  ru: { breaking: 'Срочно', photo: 'Фото', live: 'Онлайн' },
};

/** A word the card prints itself, in the card's language (English when unknown). */
export function word(lang: string, key: 'breaking' | 'photo' | 'live'): string {
  return (WORDS[lang.toLowerCase().split('-')[0]] ?? WORDS.en)[key];
}

/** Scripts without letter case or where tracking breaks joining: no uppercase, no tracking. */
export function isCaseless(lang: string): boolean {
  return /^(fa|ar|ur|ps|ckb|he|yi|ja|zh|ko|th)\b/i.test(lang);
}

/** A face of the card's sans-serif stack. */
export function sans(ctx: BaseContext, weight: number, size: number, lineHeight = 1.25, tracking?: number): TextFont {
  return { family: ctx.fonts.sans, weight, size, lineHeight, tracking };
}

interface WordmarkOptions {
  height: number;
  maxWidth: number;
  color: string;
  size: number;
}

/** The logo's drawn size, fitted into `maxWidth`×`height`. */
function logoSize(logo: NonNullable<Brand['logo']>, opts: WordmarkOptions): { w: number; h: number } {
  const w = Math.min(opts.maxWidth, Math.round((logo.width / logo.height) * opts.height));
  return { w, h: Math.round((w / logo.width) * logo.height) };
}

/** How wide the wordmark is drawn: templates give the rest of its row to the text beside it. */
export function wordmarkWidth(ctx: BaseContext, opts: WordmarkOptions): number {
  if (ctx.brand.logo) return logoSize(ctx.brand.logo, opts).w;
  return Math.min(opts.maxWidth, Math.ceil(ctx.text.width(ctx.brand.name, sans(ctx, 800, opts.size, 1.2, -0.01))) + 1);
}

/** The site's logo if configured (fitted into `maxW`×`height`), else its name as a wordmark. */
export function wordmark(ctx: BaseContext, opts: WordmarkOptions): El {
  const logo = ctx.brand.logo;
  if (logo) {
    const { w, h: hgt } = logoSize(logo, opts);
    return h('img', { src: logo.src, width: w, height: hgt, style: { width: w, height: hgt } });
  }
  return ctx.text.block(ctx.brand.name, sans(ctx, 800, opts.size, 1.2, -0.01), { width: wordmarkWidth(ctx, opts), maxLines: 1, style: { color: opts.color } });
}

/**
 * A label's own text decides its case, not the story's language: "World" on a Japanese or
 * Persian story is set in capitals like on any other. Upper-cased here, in the story's
 * language (Turkish "İstanbul" → "İSTANBUL"), rather than by satori, which knows few locales.
 * Arabic script is never tracked: letter spacing breaks its joining.
 */
export function labelText(text: string, lang: string): { text: string; cased: boolean } {
  const cased = /[\p{Lowercase}\p{Uppercase}]/u.test(text) && !/\p{sc=Arabic}/u.test(text);
  if (!cased) return { text, cased };
  try {
    return { text: text.toLocaleUpperCase(lang), cased };
  } catch {
    return { text: text.toUpperCase(), cased };
  }
}

const LABEL_MAX_WIDTH = 420;

function labelParts(ctx: BaseContext, text: string, size: number) {
  const shown = labelText(text, ctx.card.lang);
  const font = sans(ctx, 800, size, 1.2, shown.cased ? 0.08 : undefined);
  const pad = { x: Math.round(size * 0.75), y: Math.round(size * 0.4) };
  const inner = Math.min(Math.ceil(ctx.text.width(shown.text, font)) + 1, LABEL_MAX_WIDTH - 2 * pad.x);
  return { shown, font, pad, inner };
}

/** How wide a label is drawn (its text, padding included). */
export function labelWidth(ctx: BaseContext, text: string, size: number): number {
  const { pad, inner } = labelParts(ctx, text, size);
  return inner + 2 * pad.x;
}

/** A solid label: the section name (or any short text) on a colour. */
export function label(ctx: BaseContext, text: string, opts: { bg: string; color: string; size: number; style?: Style }): El {
  const { shown, font, pad, inner } = labelParts(ctx, text, opts.size);
  return h(
    'div',
    {
      style: {
        flexShrink: 0,
        alignItems: 'center',
        backgroundColor: opts.bg,
        color: opts.color,
        padding: `${pad.y}px ${pad.x}px`,
        borderRadius: Math.round(opts.size * 0.3),
        ...opts.style,
      },
    },
    ctx.text.block(shown.text, font, { width: inner, maxLines: 1 }),
  );
}

/** One line of small text, as wide as it needs up to `maxWidth`, cut with an ellipsis rather than wrapped. */
export function oneLine(ctx: BaseContext, text: string, font: TextFont, maxWidth: number, style?: Style): El {
  const width = Math.max(0, Math.min(maxWidth, Math.ceil(ctx.text.width(text, font)) + 1));
  return ctx.text.block(text, font, { width, maxLines: 1, style });
}

/** "Byline · date", whichever exist (the separator: bylineSeparator in src/core/direction.ts). */
export function bylineText(ctx: BaseContext): string {
  return [ctx.card.byline, ctx.card.date].filter(Boolean).join(bylineSeparator(ctx.card.dir, '  '));
}

/** Text lines clamped to `lines` with an ellipsis (at a word boundary). */
export function clamped(ctx: BaseContext, text: string, lines: number, font: TextFont, width: number, style?: Style): El {
  return ctx.text.block(text, font, { width, maxLines: lines, style });
}

/** Per-preset spacing: the square card has more room, so everything breathes more. */
export function spacing(ctx: BaseContext): { padX: number; padY: number; square: boolean } {
  const square = ctx.height > ctx.width * 0.8;
  return { padX: square ? 80 : 72, padY: square ? 80 : ctx.height < 620 ? 52 : 56, square };
}

/** Every word a card may print itself in `lang`, so the font registry loads their glyphs. */
export function wordsFor(lang: string): string {
  return Object.values(WORDS[lang.toLowerCase().split('-')[0]] ?? WORDS.en).join(' ');
}

/**
 * The footer row every text template ends with: a rule above, the wordmark at the start and
 * one line of meta text (byline, date) at the end, clipped rather than wrapped.
 */
export function footerRow(
  ctx: BaseContext,
  opts: { height: number; gap: number; width: number; paddingTop: number; rule: string; ink: string; mark: { height: number; size: number }; meta: string | undefined | null; metaColor: string },
): El {
  const GAP = 32;
  const mark = { height: opts.mark.height, maxWidth: 360, color: opts.ink, size: opts.mark.size };
  return h(
    'div',
    {
      style: {
        height: opts.height,
        marginTop: opts.gap,
        width: opts.width,
        paddingTop: opts.paddingTop,
        borderTop: `2px solid ${opts.rule}`,
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: GAP,
      },
    },
    wordmark(ctx, mark),
    opts.meta ? oneLine(ctx, opts.meta, sans(ctx, 600, 20), opts.width - wordmarkWidth(ctx, mark) - GAP, { color: opts.metaColor }) : null,
  );
}
