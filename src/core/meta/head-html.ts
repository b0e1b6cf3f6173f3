/**
 * Serializes head tags and JSON-LD to HTML. The only place these values become markup: each
 * attribute through escapeHtmlAttr, the JSON-LD through serializeJsonForScript, so no value can
 * leave its attribute or its script element.
 */
import { escapeHtmlAttr, isSafeHttpUrl, serializeJsonForScript } from '../escape.js';
import type { JsonLd } from './jsonld.js';
import type { HeadTag } from './tags.js';

// Attribute names come from our own builders; this keeps a bad name from ever reaching output.
const ATTR_NAME = /^[a-z][a-z:_-]*$/;
const URL_ATTRS = new Set(['href', 'src']);

function renderTag(t: HeadTag): string {
  const attrs = Object.entries(t.attrs).map(([k, v]) => {
    if (!ATTR_NAME.test(k)) throw new TypeError(`invalid attribute name ${JSON.stringify(k)}`);
    return `${k}="${escapeHtmlAttr(v)}"`;
  });
  return `<${t.tag} ${attrs.join(' ')}>`;
}

/** One line per element; links with a non-http(s) URL are dropped (never javascript: or data:). */
export function renderHeadHtml(tags: readonly HeadTag[], jsonLd: JsonLd | null): string {
  const lines = tags
    .filter((t) => Object.entries(t.attrs).every(([k, v]) => !URL_ATTRS.has(k) || isSafeHttpUrl(v)))
    .map(renderTag);
  if (jsonLd) lines.push(`<script type="application/ld+json">${serializeJsonForScript(jsonLd)}</script>`);
  return lines.join('\n');
}
