/**
 * What a publisher could use instead, for the same card:
 *
 * - "The pipeline @vercel/og uses": satori with the same element and fonts, then
 *   `@resvg/resvg-wasm` with default options (fit to width, as @vercel/og does) and its own PNG
 *   encoding (`render().asPng()`). https://github.com/vercel/satori#use-in-the-browser and
 *   https://github.com/vercel/next.js/blob/canary/packages/next/src/compiled/@vercel/og
 * - Headless Chromium (Debian's, via playwright-core) screenshotting equivalent HTML: one warm
 *   page reused for every card, and a browser launched per card (serverless screenshot
 *   services). The HTML is the same element tree written as HTML and CSS, with the same font
 *   files as @font-face data: URIs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
// The same stock satori sharecard itself uses (pinned in package.json).
import satori from 'satori';
import { presets } from '../src/core/presets.js';
import { buildCardTree, createRenderEnv, type RenderEnv, type RenderJob } from '../src/render/pipeline.js';
import { h, type El } from '../src/render/h.js';
import type { TextLayout } from '../src/render/template.js';
import { fontCss } from '../src/render/text/layout.js';
import { getTemplate } from '../src/render/templates.js';

// ---------- the @vercel/og pipeline ----------

type ResvgWasm = typeof import('@resvg/resvg-wasm');
let wasm: ResvgWasm | null = null;

async function resvgWasm(): Promise<ResvgWasm> {
  if (wasm) return wasm;
  const mod = await import('@resvg/resvg-wasm');
  const require = createRequire(import.meta.url);
  const file = require.resolve('@resvg/resvg-wasm/index_bg.wasm');
  await mod.initWasm(readFileSync(file));
  wasm = mod;
  return mod;
}

export interface Prepared {
  element: El;
  width: number;
  height: number;
  /** A fresh array over the same font buffers, as a caller building ImageResponse would pass. */
  fonts: { name: string; data: ArrayBuffer; weight: number; style: string }[];
}

/**
 * The element a caller of @vercel/og (or of a screenshot service) would write for `job`: the
 * same template, sizes and fonts, but every text a plain box that satori (or Chromium) wraps and
 * clamps itself, as a user's JSX does. sharecard's own text layout (line breaks per language,
 * bidi order: src/render/text) is part of its cold render and not of the alternative's: giving
 * the alternative sharecard's laid-out lines would hand it work it does not do. The headline
 * size is the one sharecard fitted (not timed here).
 */
export async function prepare(job: RenderJob, env: RenderEnv = createRenderEnv()): Promise<Prepared> {
  const { ctx, set } = await buildCardTree(job, env);
  const plain: TextLayout = {
    ...ctx.text,
    block: (text, font, box) =>
      h(
        'div',
        {
          style: {
            display: 'block',
            width: box.width,
            ...fontCss(font),
            textAlign: 'start',
            overflowWrap: 'break-word',
            ...(box.maxLines ? { lineClamp: box.maxLines, textOverflow: 'ellipsis' } : {}),
            ...box.style,
          },
        },
        text,
      ),
  };
  const element = getTemplate(job.template).render({ ...ctx, text: plain });
  const { width, height } = presets[job.preset];
  return { element, width, height, fonts: set.fonts.map((f) => ({ ...f })) };
}

export async function createVercelOgRenderer(): Promise<(p: Prepared) => Promise<Uint8Array>> {
  const { Resvg } = await resvgWasm();
  return async (p) => {
    const svg = await satori(p.element as never, { width: p.width, height: p.height, fonts: p.fonts as never });
    const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: p.width } });
    const png = resvg.render().asPng();
    resvg.free();
    return png;
  };
}

// ---------- element tree → HTML for Chromium ----------

const UNITLESS = new Set(['lineHeight', 'fontWeight', 'flexGrow', 'flexShrink', 'opacity', 'zIndex', 'lineClamp', 'order']);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function css(style: Record<string, unknown> = {}): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(style)) {
    if (v === undefined) continue;
    if (k === 'lineClamp') {
      out.push('display:-webkit-box', '-webkit-box-orient:vertical', `-webkit-line-clamp:${v}`, 'overflow:hidden');
      continue;
    }
    const prop = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const value = typeof v === 'number' && !UNITLESS.has(k) ? `${v}px` : String(v);
    out.push(`${prop}:${value}`);
  }
  // The clamp's -webkit-box must win over the `display: block` set before it.
  return out.filter((d, i, all) => !(d.startsWith('display:') && d !== 'display:-webkit-box' && all.includes('display:-webkit-box'))).join(';');
}

export function elementToHtml(el: El | string): string {
  if (typeof el === 'string') return escapeText(el);
  const { style, children, ...attrs } = el.props;
  const attrText = Object.entries(attrs)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
  const kids = children === undefined ? [] : Array.isArray(children) ? children : [children];
  if (el.type === 'img') return `<img${attrText} style="${escapeAttr(css(style))}">`;
  return `<${el.type}${attrText} style="${escapeAttr(css(style))}">${kids.map(elementToHtml).join('')}</${el.type}>`;
}

export function fontFaces(fonts: Prepared['fonts']): string {
  return fonts
    .map((f) => `@font-face{font-family:"${f.name}";font-weight:${f.weight};font-style:${f.style};src:url(data:font/sfnt;base64,${Buffer.from(f.data).toString('base64')})}`)
    .join('\n');
}

export function htmlDocument(p: Prepared): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${fontFaces(p.fonts)}
html,body{margin:0;padding:0;background:#000}</style></head><body>${elementToHtml(p.element)}</body></html>`;
}

// ---------- Chromium ----------

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

async function shoot(page: Page, p: Prepared): Promise<Buffer> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: p.width, height: p.height } });
}

/** A warm page with the fonts loaded once; each card replaces the body and is screenshot. */
export async function createWarmChromium(p: Prepared): Promise<{ render: (p: Prepared) => Promise<Buffer>; close: () => Promise<void> }> {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: p.width, height: p.height } });
  await page.setContent(htmlDocument(p));
  return {
    async render(card) {
      await page.evaluate((html) => {
        document.body.innerHTML = html;
      }, elementToHtml(card.element));
      return shoot(page, card);
    },
    close: () => browser.close(),
  };
}

/** A browser launched for one card and closed after it. */
export async function renderWithFreshChromium(p: Prepared): Promise<Buffer> {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: p.width, height: p.height } });
    await page.setContent(htmlDocument(p));
    return await shoot(page, p);
  } finally {
    await browser.close();
  }
}
