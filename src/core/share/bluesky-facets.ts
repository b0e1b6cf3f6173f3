/**
 * Bluesky rich-text detection: the links, tags, cashtags and mentions the AT Protocol's own
 * client library finds in a post text, as facets with UTF-8 byte offsets.
 *
 * This is a line-for-line port of `detectFacets` in @atproto/api 0.19
 * (packages/api/src/rich-text/detection.ts and util.ts): the same patterns, the same order, the
 * same TLD list (the `tlds` package @atproto/api depends on), so the facets sent equal
 * `RichText.detectFacetsWithoutResolution()` byte for byte. test/share-bluesky-facets.test.ts
 * proves that on the fixtures and on generated hostile texts. Why a port rather than the
 * package: @atproto/api takes ~200 ms to import and adds tslib helpers to globalThis, and
 * `import 'sharecard'` must load nothing heavy and change nothing global.
 * https://github.com/bluesky-social/atproto/blob/main/packages/api/src/rich-text/detection.ts
 * https://docs.bsky.app/docs/advanced-guides/post-richtext
 */
import { createRequire } from 'node:module';

export type BlueskyFeature =
  | { $type: 'app.bsky.richtext.facet#link'; uri: string }
  | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  | { $type: 'app.bsky.richtext.facet#mention'; did: string };

export interface BlueskyFacet {
  $type: 'app.bsky.richtext.facet';
  index: { byteStart: number; byteEnd: number };
  features: BlueskyFeature[];
}

/** A `@handle` in the text that needs a DID before it can be a mention facet. */
export interface BlueskyHandleSpan {
  handle: string;
  byteStart: number;
  byteEnd: number;
}

/** One detected entity, in UTF-16 indices (for cutting text) and as its facet. */
interface Entity {
  start: number;
  end: number;
  kind: 'mention' | 'link' | 'tag';
  /** The URI, tag (with `$` for a cashtag) or handle. */
  value: string;
}

// @atproto/api rich-text/util.ts, unchanged.
const MENTION_REGEX = /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g;
const URL_REGEX = /(^|\s|\()((https?:\/\/[\S]+)|((?<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)[\S]*))/gim;
const TRAILING_PUNCTUATION_REGEX = /\p{P}+$/gu;
const TAG_REGEX =
  // eslint-disable-next-line no-misleading-character-class
  /(^|\s)[#＃]((?!\ufe0f)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*)?/gu;
const CASHTAG_REGEX = /(^|\s|\()\$([A-Za-z][A-Za-z0-9]{0,4})(?=\s|$|[.,;:!?)"'\u2019])/gu;

let tldList: readonly string[] | undefined;
function tlds(): readonly string[] {
  tldList ??= createRequire(import.meta.url)('tlds') as string[];
  return tldList;
}

// As in detection.ts: some TLD ends the string right after a dot. (Not a parse of the domain.)
function isValidDomain(str: string): boolean {
  return tlds().some((tld) => {
    const i = str.lastIndexOf(tld);
    if (i === -1) return false;
    return str.charAt(i - 1) === '.' && i === str.length - tld.length;
  });
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) yield m;
}

/** Every entity @atproto/api detects, in its order (mentions, links, tags, cashtags). */
function detectEntities(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matches(MENTION_REGEX, text)) {
    if (!isValidDomain(m[3]) && !m[3].endsWith('.test')) continue;
    const start = text.indexOf(m[3], m.index) - 1;
    out.push({ start, end: start + m[3].length + 1, kind: 'mention', value: m[3] });
  }
  for (const m of matches(URL_REGEX, text)) {
    let uri = m[2];
    if (!uri.startsWith('http')) {
      const domain = m.groups?.domain;
      if (!domain || !isValidDomain(domain)) continue;
      uri = `https://${uri}`;
    }
    const start = text.indexOf(m[2], m.index);
    let end = start + m[2].length;
    if (/[.,;:!?]$/.test(uri)) {
      uri = uri.slice(0, -1);
      end--;
    }
    if (/[)]$/.test(uri) && !uri.includes('(')) {
      uri = uri.slice(0, -1);
      end--;
    }
    out.push({ start, end, kind: 'link', value: uri });
  }
  for (const m of matches(TAG_REGEX, text)) {
    if (!m[2]) continue;
    const tag = m[2].trim().replace(TRAILING_PUNCTUATION_REGEX, '');
    if (tag.length === 0 || tag.length > 64) continue;
    const start = m.index + m[1].length;
    out.push({ start, end: start + 1 + tag.length, kind: 'tag', value: tag });
  }
  for (const m of matches(CASHTAG_REGEX, text)) {
    if (!m[2]) continue;
    const ticker = m[2].toUpperCase();
    const start = m.index + m[1].length;
    out.push({ start, end: start + 1 + ticker.length, kind: 'tag', value: `$${ticker}` });
  }
  return out;
}

const utf8 = new TextEncoder();
const utf8Index = (text: string, utf16Index: number) => utf8.encode(text.slice(0, utf16Index)).byteLength;

/** UTF-16 ranges [start, end) of the links Bluesky detects, so a cut never lands inside one. */
export function blueskyLinkRanges(text: string): [number, number][] {
  return detectEntities(text)
    .filter((e) => e.kind === 'link')
    .map((e) => [e.start, e.end]);
}

export interface DetectedFacets {
  /** Link, tag and resolved mention facets, sorted by byteStart as RichText sorts them. */
  facets: BlueskyFacet[];
  /** Handles found in the text with no DID in `dids`: not faceted, for a posting tool to resolve. */
  unresolvedHandles: BlueskyHandleSpan[];
}

/**
 * Facets for `text` as @atproto/api detects them; a mention becomes a facet when `dids` maps
 * its handle (lower case) to a DID, else it is listed in `unresolvedHandles`.
 *
 * @example
 *   detectBlueskyFacets('Read example.com/report #Iran').facets.map((f) => f.features[0])
 *   // → [{ $type: '…#link', uri: 'https://example.com/report' }, { $type: '…#tag', tag: 'Iran' }]
 */
export function detectBlueskyFacets(text: string, dids: Readonly<Record<string, string>> = {}): DetectedFacets {
  const facets: BlueskyFacet[] = [];
  const unresolvedHandles: BlueskyHandleSpan[] = [];
  for (const e of detectEntities(text)) {
    const index = { byteStart: utf8Index(text, e.start), byteEnd: utf8Index(text, e.end) };
    let feature: BlueskyFeature;
    if (e.kind === 'mention') {
      const did = Object.hasOwn(dids, e.value.toLowerCase()) ? dids[e.value.toLowerCase()] : undefined;
      if (!did) {
        unresolvedHandles.push({ handle: e.value, ...index });
        continue;
      }
      feature = { $type: 'app.bsky.richtext.facet#mention', did };
    } else if (e.kind === 'link') feature = { $type: 'app.bsky.richtext.facet#link', uri: e.value };
    else feature = { $type: 'app.bsky.richtext.facet#tag', tag: e.value };
    facets.push({ $type: 'app.bsky.richtext.facet', index, features: [feature] });
  }
  // Array.prototype.sort is stable, as RichText's, so equal starts keep detection order.
  facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
  return { facets, unresolvedHandles };
}
