/**
 * Campaign parameters on shared links, so analytics can tell which platform a visit came from.
 * The canonical URL's own query survives byte for byte and its fragment stays; the added
 * values are percent-encoded (encodeURIComponent) and the URL parser checks the result.
 * https://support.google.com/analytics/answer/10917952 (utm_source / utm_medium / utm_campaign)
 */

export type SharePlatform = 'x' | 'bluesky' | 'linkedin' | 'whatsapp' | 'facebook';
export const sharePlatforms: readonly SharePlatform[] = Object.freeze(['x', 'bluesky', 'linkedin', 'whatsapp', 'facebook']);

export interface UtmOptions {
  /** false leaves the canonical URL untouched (config `share.utm`). */
  enabled: boolean;
  medium: string;
  campaign: string;
}

/**
 * The canonical URL with `utm_source=<platform>`, `utm_medium` and `utm_campaign` set.
 * Existing parameters are kept in order; existing `utm_*` of the same name are replaced so a
 * link is attributed to the platform it is shared on.
 *
 * @example
 *   withUtm('https://news.example.com/a?id=1#top', 'x', { enabled: true, medium: 'social', campaign: 'sharecard' })
 *   // → 'https://news.example.com/a?id=1&utm_source=x&utm_medium=social&utm_campaign=sharecard#top'
 */
export function withUtm(canonical: string, platform: SharePlatform, options: UtmOptions): string {
  const u = new URL(canonical);
  if (!options.enabled) return u.href;
  const added = queryPairs({ utm_source: platform, utm_medium: options.medium, utm_campaign: options.campaign });
  const replaced = new Set(added.map(queryName));
  // The publisher's own pairs as written: URLSearchParams would re-serialize the whole query
  // form-style (%20 → +), which a server that only percent-decodes reads differently.
  const own = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !replaced.has(queryName(pair)));
  u.search = [...own, ...added].join('&');
  return u.href;
}

/** The decoded name of one `name=value` pair of a query (form-style, as URLSearchParams reads it). */
function queryName(pair: string): string {
  const name = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Builds `base` (which has no query) with the given query parameters (undefined and empty values
 * are left out), percent-encoded as RFC 3986 does it: a space is `%20`, never `+`.
 * URLSearchParams writes `+` (form encoding), which only form decoders read as a space; WhatsApp
 * documents its `text` with `%20` (https://faq.whatsapp.com/5913398998672934) and a
 * percent-decoding reader (decodeURIComponent) shows a `+` as written. `%20` reads as a space
 * in both kinds of decoder, so every platform gets the text it was given.
 */
export function urlWithQuery(base: string, params: Record<string, string | undefined>): string {
  const u = new URL(base);
  u.search = queryPairs(params).join('&');
  return u.href;
}

/** `name=value` pairs, percent-encoded (a space is `%20`); undefined and empty values left out. */
function queryPairs(params: Record<string, string | undefined>): string[] {
  return Object.entries(params)
    .filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
}
