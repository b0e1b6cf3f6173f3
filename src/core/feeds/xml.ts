/**
 * XML helpers for the feed serializers: a tiny element builder (escaping through
 * src/core/escape.ts only), and the adapters that make `feed` 6's serializer (xml-js 1.6)
 * lossless. xml-js has three quirks these work around:
 *
 * - text: it first turns every "&amp;" back into "&" ("desanitize", to avoid double
 *   escaping), then escapes & < >. So the literal text "&amp;" would come out as "&". Escaping
 *   every & beforehand makes that round trip exact (`forXmlJsText`).
 * - attributes: it escapes only `"`, so `<` and `&` would make the document malformed
 *   (XML 1.0 §2.3, AttValue). `escapeXml` first leaves no `"` for it to touch.
 * - CDATA: it splits only the first "]]>" (String#replace with a string), so a second one
 *   ends the section early. The serializers never hand it text that contains "]]>".
 *
 * Additions `feed` has no hook for are spliced in at positions the serializer generated (the
 * root start tag, a per-entry slot element named by a content hash), never by searching
 * user text.
 */
import { createHash } from 'node:crypto';
import { escapeXml } from '../escape.js';
import { SharecardError } from '../errors.js';

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  /** Child elements, or one text string. */
  children?: XmlElement[] | string;
}

const INDENT = '    '; // what `feed` passes to xml-js (`spaces: 4`), so spliced lines line up

/** Serializes elements at a nesting depth, one per line, in `feed`'s indentation. */
export function renderXmlElements(elements: readonly XmlElement[], depth: number): string {
  return elements.map((e) => `\n${INDENT.repeat(depth)}${renderXmlElement(e, depth)}`).join('');
}

/** ` name="value"` for each defined attribute, values escaped. */
function renderAttrs(attrs: Record<string, string | number | undefined>): string {
  return Object.entries(attrs)
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function renderXmlElement(e: XmlElement, depth: number): string {
  const attrs = renderAttrs(e.attrs ?? {});
  if (e.children === undefined || e.children.length === 0) return `<${e.name}${attrs}/>`;
  if (typeof e.children === 'string') return `<${e.name}${attrs}>${escapeXml(e.children)}</${e.name}>`;
  return `<${e.name}${attrs}>${renderXmlElements(e.children, depth + 1)}\n${INDENT.repeat(depth)}</${e.name}>`;
}

/** Text for an xml-js `_text` node or plain string value: see the module comment. */
export function forXmlJsText(s: string): string {
  return s.replaceAll('&', '&amp;');
}

/** Attribute values for xml-js `_attributes`: fully escaped, so its `"`-only escaping is a no-op. */
export function forXmlJsAttrs(attrs: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = escapeXml(String(v));
  return out;
}

/**
 * HTML for a CDATA section without "]]>": its ">" becomes "&gt;", which an HTML parser reads
 * as the same text (HTML §13.2.5.72, character references in data and attribute values).
 */
export function htmlForCdata(html: string): string {
  return html.replaceAll(']]>', ']]&gt;');
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

function assertGenerated(ok: boolean, what: string): void {
  if (!ok) throw new SharecardError('internal', `Unexpected feed serializer output (${what}); is the installed "feed" package version 6?`);
}

/**
 * Adds attributes (namespace declarations, xml:lang) to the root start tag and inserts
 * elements as its first children. The root start tag is the first thing after the XML
 * declaration and holds only attributes `feed` wrote (fixed namespace URIs), so its end is
 * the first ">" after it.
 */
export function extendRoot(xml: string, root: string, attrs: Record<string, string>, firstChildren: readonly XmlElement[]): string {
  const open = `${XML_DECLARATION}<${root} `;
  assertGenerated(xml.startsWith(open), `no <${root}> root`);
  const end = xml.indexOf('>', open.length);
  assertGenerated(end > 0 && xml[end - 1] !== '/', `<${root}> start tag`);
  const startTag = xml.slice(0, end);
  const added = Object.entries(attrs)
    .filter(([name]) => !startTag.includes(` ${name}="`))
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return startTag + added + '>' + renderXmlElements(firstChildren, 1) + xml.slice(end + 1);
}

/**
 * Per-entry slots for serializers without an extension hook (`feed`'s Atom writer): the
 * caller passes `slot.term(i)` as entry i's only category, and `fill` replaces each generated
 * `<category term="…"/>` line with that entry's elements. The marker carries a hash of all
 * the feed's text, so no content can contain it, and each must occur exactly once.
 *
 * `parentAttrs[i]`, when given, is added to the start tag of the element holding slot i
 * (`<entry>`). That tag is the first one after slot i-1 (for i = 0, after the feed's header):
 * only generated markup lies between (dates, end tags, escaped header text), while the
 * entry's own content HTML, which may spell "<entry>", comes after it.
 */
export function createSlots(
  fingerprint: string,
  parent: string,
): { term(i: number): string; fill(xml: string, entries: readonly XmlElement[][], depth: number, parentAttrs?: readonly (Record<string, string> | undefined)[]): string } {
  const nonce = createHash('sha256').update(fingerprint).digest('hex').slice(0, 24);
  const term = (i: number) => `sharecard-slot-${nonce}-${i}`;
  return {
    term,
    fill(xml, entries, depth, parentAttrs = []) {
      let out = xml;
      let from = 0;
      entries.forEach((elements, i) => {
        const line = `\n${INDENT.repeat(depth)}<category term="${term(i)}"/>`;
        let at = out.indexOf(line);
        assertGenerated(at >= from && out.indexOf(line, at + line.length) < 0, `slot ${i}`);
        const attrs = parentAttrs[i];
        if (attrs) {
          const open = `\n${INDENT.repeat(depth - 1)}<${parent}>`;
          const start = out.indexOf(open, from);
          assertGenerated(start >= 0 && start < at, `<${parent}> of slot ${i}`);
          const insertAt = start + open.length - 1;
          const added = renderAttrs(attrs);
          out = out.slice(0, insertAt) + added + out.slice(insertAt);
          at += added.length;
        }
        const elementsXml = renderXmlElements(elements, depth);
        out = out.slice(0, at) + elementsXml + out.slice(at + line.length);
        from = at + elementsXml.length;
      });
      return out;
    },
  };
}
