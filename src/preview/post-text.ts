/**
 * Post text as a reader sees it, from the text a share payload sends. LinkedIn's commentary is
 * "little text" (escaped reserved characters, `{hashtag|\#|tag}` templates) and shows as plain
 * text with #tags; X shows each link as its display URL, without the scheme and cut after
 * about 23 characters with "…" (the t.co display_url; the length is UNCONFIRMED).
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
 */
import type { SharePlatform } from '../core/share/index.js';
import { xUrlRanges } from '../core/share/x.js';

const X_DISPLAY_URL_CHARS = 23;

/** Little text → what LinkedIn displays. */
export function littleTextToPlain(s: string): string {
  return s.replace(/\{hashtag\|\\#\|((?:\\.|[^}\\])*)\}/g, (_m, tag: string) => `#${tag}`).replace(/\\(.)/gsu, '$1');
}

function xDisplayUrl(url: string): string {
  const shown = url.replace(/^https?:\/\/(www\.)?/i, '');
  return shown.length > X_DISPLAY_URL_CHARS ? `${shown.slice(0, X_DISPLAY_URL_CHARS)}…` : shown;
}

/** Every URL X links (twitter-text's own detection, glued ones too) as its display form. */
function replaceXUrls(text: string): string {
  let out = '';
  let last = 0;
  for (const [start, end] of xUrlRanges(text)) {
    out += text.slice(last, start) + xDisplayUrl(text.slice(start, end));
    last = end;
  }
  return out + text.slice(last);
}

export function displayPostText(platform: SharePlatform, text: string): string {
  if (platform === 'linkedin') return littleTextToPlain(text);
  if (platform === 'x') return replaceXUrls(text);
  return text;
}

/** The text an editor copies to paste into the platform by hand. */
export function copyPostText(platform: SharePlatform, text: string): string {
  return platform === 'linkedin' ? littleTextToPlain(text) : text;
}
