/**
 * `quote`: a pull quote on light paper. A large accent quotation mark, the words in serif
 * italic, and the attribution under an accent rule. "Speaker: words" headlines are split so
 * the speaker becomes the attribution; otherwise the byline or section attributes it.
 */
import { h } from '../src/render/h.js';
import { headlineElement, satoriLang, type BaseContext, type HeadlineSpec, type Template, type TemplateContext } from '../src/render/template.js';
import { alpha, darkGround, footerRow, isCaseless, mix, oneLine, sans, spacing } from './parts.js';
import { scriptLineHeight } from './standard.js';

/** Letters of scripts without an italic face. */
const NO_ITALIC = /(?![\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])\p{L}/u;

const MARK = 96;
const ATTRIB = 40;
const ATTRIB_GAP = 26;
const FOOTER = 52;
const FOOTER_GAP = 24;

/**
 * Splits `Speaker: words` (a speaker of at most five words) from the quote. Words that start
 * with a lower-case letter continue a sentence, so the part before the colon is a label
 * ("Brief: talks scheduled…", "Update: …"), not a speaker, and the headline stays whole.
 */
export function splitQuote(title: string): { speaker?: string; words: string } {
  const m = /^([^:：«“"]{2,48})[:：]\s*(.+)$/su.exec(title);
  if (m && m[1].trim().split(/\s+/).length <= 5 && !/^\p{Ll}/u.test(m[2].trim())) return { speaker: m[1].trim(), words: unquoted(m[2].trim()) };
  return { words: unquoted(title) };
}

/** Opening quotation marks and the closing mark each pairs with. */
const PAIRS: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»', '‹': '›', '「': '」', '『': '』', "'": "'", '‘': '’' };

/**
 * The words without the quotation marks around them when they enclose all of it: the card
 * draws its own large mark. A quote that covers only part of the words keeps its marks.
 */
function unquoted(words: string): string {
  const close = PAIRS[words[0]];
  if (!close || words.length < 3 || !words.endsWith(close)) return words;
  const inner = words.slice(1, -1);
  // "A" and "B": two quotes, not one enclosing everything.
  return inner.includes(words[0]) || inner.includes(close) ? words : inner.trim();
}

function attribution(ctx: BaseContext): string | undefined {
  return splitQuote(ctx.card.title).speaker ?? ctx.card.byline ?? ctx.card.section;
}

function quoteHeadline(ctx: BaseContext): HeadlineSpec {
  const { padX, padY, square } = spacing(ctx);
  // Only Latin, Greek and Cyrillic have italics here; satori would slant any other script
  // synthetically (a slanted Devanagari or Thai reads as a rendering fault), and Latin words
  // or digits in italic beside an upright script look like a font mix-up.
  const italic = !(ctx.card.dir === 'rtl' || isCaseless(ctx.card.lang) || NO_ITALIC.test(ctx.card.title));
  return {
    text: splitQuote(ctx.card.title).words,
    width: ctx.width - 2 * padX,
    height: ctx.height - 2 * padY - MARK - (attribution(ctx) ? ATTRIB + ATTRIB_GAP : 0) - FOOTER_GAP - FOOTER,
    maxSize: square ? 84 : 58,
    minSize: square ? 40 : 32,
    lineHeight: scriptLineHeight(ctx, 1.18),
    role: 'serif',
    // Source Serif 4 ships 600 in italic only and 700 upright: an upright quote is set in 700
    // (asking for 600 upright drew the italic face anyway).
    weight: italic ? 600 : 700,
    style: italic ? 'italic' : 'normal',
  };
}

function renderQuote(ctx: TemplateContext) {
  const { padX, padY } = spacing(ctx);
  const ink = darkGround(ctx.brand);
  const accent = ctx.brand.accentColor;
  const paper = mix('#f7f3ec', ctx.brand.themeColor, 0.03);
  const spec = quoteHeadline(ctx);
  const who = attribution(ctx);
  const rtl = ctx.card.dir === 'rtl';

  return h(
    'div',
    {
      lang: satoriLang(ctx.card.lang),
      style: { width: ctx.width, height: ctx.height, flexDirection: 'column', direction: ctx.card.dir, backgroundColor: paper, color: ink, padding: `${padY}px ${padX}px` },
    },
    h(
      'div',
      { style: { height: MARK, width: spec.width, alignItems: 'flex-start', overflow: 'hidden' } },
      // The mark is drawn from the serif at a size where its glyph sits in the top of the box.
      h('div', { style: { fontFamily: ctx.fonts.ornament, fontWeight: 700, fontSize: 190, lineHeight: 1, height: MARK * 2, color: accent, marginTop: -20 } }, rtl ? '\u201D' : '\u201C'),
    ),
    h(
      'div',
      { style: { flexDirection: 'column', flexGrow: 1, justifyContent: 'center', width: spec.width } },
      headlineElement(spec, ctx, ctx.headline),
      who
        ? h(
            'div',
            { style: { marginTop: ATTRIB_GAP, height: ATTRIB, alignItems: 'center', gap: 18, width: spec.width } },
            h('div', { style: { width: 48, height: 5, backgroundColor: accent, flexShrink: 0, borderRadius: 3 } }),
            oneLine(ctx, who, sans(ctx, 700, 26), spec.width - 48 - 18, { color: ink }),
          )
        : null,
    ),
    footerRow(ctx, {
      height: FOOTER,
      gap: FOOTER_GAP,
      width: spec.width,
      paddingTop: 16,
      rule: alpha(ink, 0.14),
      ink,
      mark: { height: 32, size: 26 },
      meta: ctx.card.date,
      metaColor: alpha(ink, 0.66),
    }),
  );
}

const template: Template = {
  name: 'quote',
  version: 6,
  imageSize: () => null,
  headline: quoteHeadline,
  render: renderQuote,
};
export default template;
