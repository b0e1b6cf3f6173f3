/**
 * The reference for src/render/text/shaper.ts: text pieces measured by satori itself (the same
 * fonts, shaping and fallback that draw the card), in one layout pass that draws nothing, each
 * piece on its own line at size 100. The product measured this way at first; it cost 15-30 ms
 * a card.
 */
import satori from 'satori';
import { h } from '../src/render/h.js';
import { widthKey, type MeasureRequest, type WidthTable } from '../src/render/text/layout.js';

export const MEASURE_SIZE = 100;
/** Widths kept per worker: ~40 bytes of key a piece; a card has 30-150 pieces. */
const MAX_WIDTHS = 50_000;

type SatoriOptions = Parameters<typeof satori>[1];

/** Satori gives a box of nothing but spaces no width: spaces are measured between two letters. */
const BLANK = /^\s+$/u;
const FENCE = 'x';

export async function measureInto(widths: WidthTable, asked: MeasureRequest[], options: Omit<SatoriOptions, 'width' | 'height'>, lang?: string): Promise<void> {
  if (!asked.length) return;
  const fences = new Map<string, number>(); // font key → index of the request measuring FENCE+FENCE
  const requests = asked.map((r) => (BLANK.test(r.text) ? { ...r, text: FENCE + r.text + FENCE } : r));
  asked.forEach((r) => {
    if (!BLANK.test(r.text)) return;
    const key = widthKey({ ...r, text: '' });
    if (!fences.has(key)) fences.set(key, requests.push({ ...r, text: FENCE + FENCE }) - 1);
  });
  const found = new Array<number>(requests.length).fill(0);
  const longest = Math.max(...requests.map((r) => [...r.text].length));
  const width = Math.ceil(longest * MEASURE_SIZE * 2 + MEASURE_SIZE);
  const tree = h(
    'div',
    { lang, style: { flexDirection: 'column', alignItems: 'flex-start', width } },
    ...requests.map((r, i) =>
      h(
        'div',
        {
          key: `m-${i}`,
          style: {
            whiteSpace: 'pre',
            direction: r.rtl ? 'rtl' : 'ltr',
            fontFamily: r.font.family,
            fontWeight: r.font.weight,
            fontStyle: r.font.style ?? 'normal',
            fontSize: MEASURE_SIZE,
            lineHeight: 1.5,
            letterSpacing: r.font.tracking ? `${r.font.tracking}em` : undefined,
          },
        },
        r.text,
      ),
    ),
  );
  await satori(tree as never, {
    ...options,
    width,
    height: Math.ceil(requests.length * MEASURE_SIZE * 1.5 + MEASURE_SIZE),
    embedFont: false,
    onNodeDetected: (node: { key?: string | number; width: number }) => {
      if (typeof node.key === 'string' && node.key.startsWith('m-')) found[Number(node.key.slice(2))] = node.width;
    },
  } as SatoriOptions);
  asked.forEach((r, i) => {
    if (widths.size >= MAX_WIDTHS) widths.delete(widths.keys().next().value as string);
    const fence = BLANK.test(r.text) ? found[fences.get(widthKey({ ...r, text: '' })) as number] : 0;
    widths.set(widthKey(r), Math.max(0, found[i] - fence));
  });
}
