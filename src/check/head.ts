/**
 * Reads a page's head the way a link-preview crawler does: every <meta> and <link> with its
 * decoded attributes, the <title>, JSON-LD blocks, and where each ends in bytes (WhatsApp reads
 * only the first 300 KB). Parsing stops at <body> or </head>, as crawlers do.
 */
import { Parser } from 'htmlparser2';

export interface FoundMeta {
  /** `property`, else `name`, lower-cased (og:title, twitter:card, description). */
  key: string;
  content: string;
  /** Byte offset in the document where the element ends. */
  endByte: number;
}

export interface FoundLink {
  rel: string;
  href: string;
  type?: string;
  endByte: number;
}

export interface HeadData {
  metas: FoundMeta[];
  links: FoundLink[];
  title: string | null;
  jsonLd: unknown[];
  /** JSON-LD blocks that are not valid JSON. */
  jsonLdErrors: number;
  /** Byte offset of the end of the head (</head> or the start of <body>), null when not seen. */
  headEndByte: number | null;
  /** Bytes of the document that were read. */
  totalBytes: number;
}

/** Parses the head of an HTML document given as UTF-8 bytes (or a string). */
export function parseHead(input: Uint8Array | string): HeadData {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const html = new TextDecoder('utf-8').decode(bytes);
  const data: HeadData = { metas: [], links: [], title: null, jsonLd: [], jsonLdErrors: 0, headEndByte: null, totalBytes: bytes.length };

  // Parser indices are UTF-16 positions in `html`; convert to bytes incrementally (they only grow).
  const encoder = new TextEncoder();
  let lastIndex = 0;
  let lastBytes = 0;
  const byteAt = (index: number) => {
    if (index < lastIndex) return encoder.encode(html.slice(0, index)).length;
    lastBytes += encoder.encode(html.slice(lastIndex, index)).length;
    lastIndex = index;
    return lastBytes;
  };

  let done = false;
  let capture: 'title' | 'jsonld' | null = null;
  let buffer = '';
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (done) return;
        if (name === 'body') {
          data.headEndByte = byteAt(parser.startIndex);
          done = true;
          parser.pause();
          return;
        }
        const end = byteAt(parser.endIndex + 1);
        if (name === 'meta') {
          const key = (attribs.property ?? attribs.name ?? '').trim().toLowerCase();
          if (key) data.metas.push({ key, content: attribs.content ?? '', endByte: end });
        } else if (name === 'link' && attribs.rel) {
          data.links.push({ rel: attribs.rel.trim().toLowerCase(), href: (attribs.href ?? '').trim(), type: attribs.type, endByte: end });
        } else if (name === 'title' && data.title === null) {
          capture = 'title';
          buffer = '';
        } else if (name === 'script' && (attribs.type ?? '').trim().toLowerCase() === 'application/ld+json') {
          capture = 'jsonld';
          buffer = '';
        }
      },
      ontext(text) {
        if (capture) buffer += text;
      },
      onclosetag(name) {
        if (done) return;
        if (name === 'head') {
          data.headEndByte = byteAt(parser.endIndex + 1);
          done = true;
          parser.pause();
          return;
        }
        if (capture === 'title' && name === 'title') data.title = buffer.trim();
        if (capture === 'jsonld' && name === 'script') {
          try {
            data.jsonLd.push(JSON.parse(buffer));
          } catch {
            data.jsonLdErrors++;
          }
        }
        if ((capture === 'title' && name === 'title') || (capture === 'jsonld' && name === 'script')) capture = null;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  if (!done) parser.end();
  return data;
}
