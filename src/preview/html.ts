/**
 * A tiny HTML builder for the editor pages. Text children go through escapeHtmlText and
 * attribute values through escapeHtmlAttr (src/core/escape.ts), so no caller ever escapes by
 * hand and no untrusted string reaches the page unescaped. `style` and `on*` attributes are
 * refused outright: the pages run under a CSP without 'unsafe-inline', where they would be
 * dead (and a console error) anyway.
 *
 * @example
 *   el('a', { href: '/preview' }, 'Stories').html // → '<a href="/preview">Stories</a>'
 */
import { escapeHtmlAttr, escapeHtmlText } from '../core/escape.js';

/** Markup that is already safe to concatenate. Only el(), raw constants and joins make one. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = SafeHtml | string | number | null | undefined | false | readonly Child[];
export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue>;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const NAME = /^[a-z][a-z0-9-]*$/;

function renderChild(c: Child): string {
  if (c === null || c === undefined || c === false) return '';
  if (c instanceof SafeHtml) return c.html;
  if (Array.isArray(c)) return c.map(renderChild).join('');
  return escapeHtmlText(String(c));
}

function renderAttrs(attrs: Attrs | null | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (!NAME.test(name) || name === 'style' || name.startsWith('on')) throw new Error(`html: attribute "${name}" is not allowed`);
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtmlAttr(String(value))}"`;
  }
  return out;
}

/** One element. Tag and attribute names are the caller's constants, never input. */
export function el(tag: string, attrs?: Attrs | null, ...children: Child[]): SafeHtml {
  if (!NAME.test(tag) || tag === 'script' || tag === 'style') throw new Error(`html: element <${tag}> is not built here`);
  const open = `<${tag}${renderAttrs(attrs)}>`;
  if (VOID.has(tag)) return new SafeHtml(open);
  return new SafeHtml(`${open}${renderChild(children)}</${tag}>`);
}

/** Several children as one fragment. */
export function fragment(...children: Child[]): SafeHtml {
  return new SafeHtml(renderChild(children));
}

/** Space-joined class names, skipping falsy ones. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/** `<script src defer>` for our own same-origin script (the only script the pages load). */
export function scriptTag(src: string): SafeHtml {
  return new SafeHtml(`<script src="${escapeHtmlAttr(src)}" defer></script>`);
}

/**
 * A JSON data block for the page script. It is never executed (type application/json), so the
 * CSP allows it; serializeJsonForScript keeps any value from closing the element.
 */
export function jsonDataTag(id: string, json: string): SafeHtml {
  return new SafeHtml(`<script type="application/json" id="${escapeHtmlAttr(id)}">${json}</script>`);
}
