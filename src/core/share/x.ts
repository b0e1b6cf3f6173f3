/**
 * X (Twitter): post text within 280 weighted characters, the web intent, and the API v2
 * request. The counting follows twitter-text's configuration v3, the published rule set:
 * https://github.com/twitter/twitter-text/blob/master/config/v3.json and
 * https://docs.x.com/fundamentals/counting-characters
 * - the text is NFC-normalized first;
 * - every URL counts `transformedURLLength` = 23 whatever its length (t.co wrapping);
 * - an emoji sequence twitter-text knows (twemoji-parser 11, Emoji 11) counts `defaultWeight` = 2;
 *   a newer one counts by its parts, as there (x-emoji.ts);
 * - any other code point counts 1 in the ranges below (Latin, Greek, Cyrillic, Arabic, Hebrew,
 *   Devanagari…, general punctuation) and 2 elsewhere (CJK, Hangul, most symbols).
 * twitter-text is a dev dependency only: test/share-x.test.ts compares against it.
 */
import type { PublishedArticleLike, ShareContext, SharePayload } from './types.js';
import { shortenToFit } from './fit-text.js';
import { urlWithQuery, withUtm } from './utm.js';
import { TWEMOJI_11_EMOJI } from './x-emoji.js';

export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_URL_WEIGHT = 23;

// config v3 `ranges` (code points, inclusive) weighing 1; everything else weighs 2.
const LIGHT_RANGES: readonly (readonly [number, number])[] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

function codePointWeight(cp: number): number {
  for (const [a, b] of LIGHT_RANGES) if (cp >= a && cp <= b) return 1;
  return 2;
}

function plainWeight(s: string): number {
  let w = 0;
  let last = 0;
  // twitter-text's own emoji list (Emoji 11), not today's Unicode: see x-emoji.ts.
  for (const m of s.matchAll(TWEMOJI_11_EMOJI)) {
    for (const ch of s.slice(last, m.index)) w += codePointWeight(ch.codePointAt(0) as number);
    w += 2;
    last = m.index + m[0].length;
  }
  for (const ch of s.slice(last)) w += codePointWeight(ch.codePointAt(0) as number);
  return w;
}

// A whitespace-delimited token is a URL when it has a scheme and a dotted host…
const SCHEMED_URL = /^https?:\/\/(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?::\d{1,5})?(?:[/?#]\S*)?$/iu;
// …or a bare domain ("example.com/path"), which twitter-text links only for TLDs on its list.
// Without that list a bare domain is counted at the larger of its own weight and 23, so the total
// never falls below X's count (see urlSpans).
const BARE_DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?::\d{1,5})?(?:[/?#]\S*)?$/iu;
// twitter-text leaves trailing punctuation and an opening bracket or quote outside a URL.
const LEADING_PUNCT = /^[(\[{«"'“‘]+/u;
const TRAILING_PUNCT = /[.,;:!?)\]}»"'”’]+$/u;

export interface UrlSpan {
  start: number;
  end: number;
  /** True when X certainly links it (has a scheme); false for a bare domain. */
  certain: boolean;
}

// twitter-text links a URL only when its host converts to ASCII (IDNA), which fails for a
// label over 63 characters (RFC 1035 §2.3.4); such a "URL" then counts as text. Regression: a
// 64-character label counted 23 here and 95 in twitter-text.
const MAX_DNS_LABEL = 63;

function hasLinkableHost(token: string): boolean {
  if (!URL.canParse(token)) return true;
  // The URL parser gives the host in ASCII (punycode), the form whose label lengths count.
  return new URL(token).hostname.split('.').every((label) => label.length <= MAX_DNS_LABEL);
}

/** UTF-16 spans of the URL-like tokens in `s` (s already NFC). */
export function urlSpans(s: string): UrlSpan[] {
  const spans: UrlSpan[] = [];
  for (const m of s.matchAll(/\S+/gu)) {
    let token = m[0];
    let start = m.index;
    const lead = LEADING_PUNCT.exec(token)?.[0].length ?? 0;
    token = token.slice(lead);
    start += lead;
    token = token.replace(TRAILING_PUNCT, '');
    if (!token) continue;
    if (SCHEMED_URL.test(token)) {
      if (hasLinkableHost(token)) spans.push({ start, end: start + token.length, certain: true });
    } else if (BARE_DOMAIN.test(token)) spans.push({ start, end: start + token.length, certain: false });
  }
  return spans;
}

/**
 * The most X can count for a bare-domain token. X links it only when its TLD is on X's list,
 * and may link just a prefix ending after a TLD ("a.az" in "a.azé", since twitter-text ends a
 * TLD before any character outside [a-z0-9@+-]); the rest then counts as text. So the bound is
 * the largest of: the token as text, 23, and 23 plus the text after each such possible end.
 * Regression: "a.aZé" was counted 23 where X counts 24.
 */
function bareDomainUpperBound(token: string): number {
  let bound = Math.max(plainWeight(token), X_URL_WEIGHT);
  const firstDot = token.indexOf('.');
  for (const m of token.matchAll(/\p{L}(?=[^A-Za-z0-9@+-])/gu)) {
    const end = m.index + m[0].length;
    if (end > firstDot + 1) bound = Math.max(bound, X_URL_WEIGHT + plainWeight(token.slice(end)));
  }
  return bound;
}

/**
 * Weighted length of a post as X counts it. Exact for text whose only URLs carry a scheme; a
 * bare domain counts max(its weight, 23), an upper bound, so text that passes here passes on X.
 *
 * @example
 *   xWeightedLength('Talks 米国 https://example.com/a-very-long-path') // → 6 + 4 + 23 = 33
 */
export function xWeightedLength(text: string): number {
  const s = text.normalize('NFC');
  let w = 0;
  let last = 0;
  for (const span of urlSpans(s)) {
    w += plainWeight(s.slice(last, span.start));
    w += span.certain ? X_URL_WEIGHT : bareDomainUpperBound(s.slice(span.start, span.end));
    last = span.end;
  }
  return w + plainWeight(s.slice(last));
}

/** The parts of an X post; the intent URL carries them separately and X joins them. */
interface XParts {
  headline: string;
  link: string;
  hashtags: string[];
  via: string | null;
}

function composeX(p: XParts): string {
  return [p.headline, p.link, ...p.hashtags.map((h) => `#${h}`), ...(p.via ? [`via @${p.via}`] : [])].filter(Boolean).join(' ');
}

/**
 * The X payload: headline shortened (at a word, with "…") so headline + link + `via @site`
 * fit 280; then hashtags added one by one while they still fit.
 */
export function buildXPayload(article: PublishedArticleLike, ctx: ShareContext, hashtags: readonly string[]): SharePayload {
  const link = withUtm(article.url, 'x', ctx.utm);
  const via = ctx.site.x;
  const fits = (s: string) => xWeightedLength(s) <= X_MAX_WEIGHTED_LENGTH;
  const headline = shortenToFit(
    article.title,
    (h) => fits(composeX({ headline: h, link, hashtags: [], via })),
    { lang: article.lang, protect: urlSpans(article.title).map((u) => [u.start, u.end] as const) },
  );
  const chosen: string[] = [];
  for (const tag of hashtags) {
    if (fits(composeX({ headline, link, hashtags: [...chosen, tag], via }))) chosen.push(tag);
  }
  const text = composeX({ headline, link, hashtags: chosen, via });
  return {
    platform: 'x',
    text,
    link,
    counts: { weightedLength: xWeightedLength(text), maxWeightedLength: X_MAX_WEIGHTED_LENGTH },
    // https://developer.x.com/en/docs/x-for-websites/tweet-button/guides/web-intent
    intentUrl: urlWithQuery('https://x.com/intent/tweet', {
      text: headline,
      url: link,
      via: via ?? undefined,
      hashtags: chosen.length ? chosen.join(',') : undefined,
    }),
    // https://docs.x.com/x-api/posts/create-post
    request: {
      method: 'POST',
      url: 'https://api.x.com/2/tweets',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer <user access token>' },
      body: { text },
    },
  };
}
