/**
 * The check rules: pure functions from a parsed head (and what was learnt about its image) to
 * findings per platform. An `error` means the card breaks (no card, no image, a wrong image);
 * a `warning` means it degrades (text cut, small image); `info` is advice.
 */
import { countGraphemes } from '../core/text.js';
import type { HeadData } from './head.js';
import { checkLimits as L } from './limits.js';

export const checkPlatforms = ['general', 'x', 'bluesky', 'linkedin', 'whatsapp', 'facebook'] as const;
export type CheckPlatform = (typeof checkPlatforms)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** Stable identifier, like `missing-og-image`. */
  code: string;
  message: string;
}

/** What fetching an image taught us. */
export interface ImageProbe {
  /** The absolute URL that was probed (after resolving a relative one). */
  url: string;
  ok: boolean;
  /** Why it could not be used (HTTP status, network error, not an image). */
  error?: string;
  status?: number;
  bytes?: number;
  contentType?: string;
  /** Decoded format: png, jpeg, webp, gif, svg, avif… */
  format?: string;
  width?: number;
  height?: number;
}

export interface LintInput {
  head: HeadData;
  /** Where relative URLs resolve (the page URL, or the file's file: URL). */
  baseUrl: string;
  /** Probe results by absolute image URL. */
  images: ReadonlyMap<string, ImageProbe>;
}

export type Findings = Record<CheckPlatform, Finding[]>;

const FORMAT_MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml', avif: 'image/avif' };

/** The first non-empty value of a meta key, optionally only from the first `maxByte` bytes. */
function tag(head: HeadData, key: string, maxByte = Infinity): string | undefined {
  return head.metas.find((m) => m.key === key && m.endByte <= maxByte && m.content.trim() !== '')?.content.trim();
}

function resolve(url: string, base: string): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

function isAbsolute(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** Every image URL the rules want probed, resolved against the base. */
export function imageUrlsToProbe(head: HeadData, baseUrl: string): string[] {
  const keys = ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'];
  const urls = keys.map((k) => tag(head, k)).filter((u): u is string => !!u).map((u) => resolve(u, baseUrl)).filter((u): u is string => !!u);
  return [...new Set(urls)];
}

const kb = (n: number) => `${Math.round(n / 1024)} KB`;
const describeImage = (p: ImageProbe) => `${p.width}×${p.height} ${p.format?.toUpperCase()}, ${kb(p.bytes ?? 0)}`;

function lengthFinding(platform: string, field: 'title' | 'description', value: string | undefined, max: number, estimate = false): Finding[] {
  if (!value) return [];
  const n = countGraphemes(value);
  if (n <= max) return [];
  return [{
    severity: 'warning',
    code: `long-${field}`,
    message: `${field} is ${n} characters; ${platform} cuts it after about ${max}${estimate ? ' (estimated from its line clamp)' : ''}`,
  }];
}

/** Image checks shared by the platforms: reachable and decodable, else nothing else to say. */
function usable(probe: ImageProbe | undefined): probe is ImageProbe & { width: number; height: number; bytes: number; format: string } {
  return !!probe && probe.ok && probe.width !== undefined && probe.height !== undefined && probe.bytes !== undefined && !!probe.format;
}

export function lintHead(input: LintInput): Findings {
  const { head, baseUrl, images } = input;
  const out: Findings = { general: [], x: [], bluesky: [], linkedin: [], whatsapp: [], facebook: [] };
  const add = (p: CheckPlatform, severity: Severity, code: string, message: string) => out[p].push({ severity, code, message });
  const probeOf = (raw: string | undefined) => {
    if (!raw) return undefined;
    const abs = resolve(raw, baseUrl);
    return abs ? images.get(abs) : undefined;
  };

  // ── general ────────────────────────────────────────────────────────────────
  const canonical = head.links.find((l) => l.rel.split(/\s+/).includes('canonical'));
  if (!canonical || !canonical.href) add('general', 'warning', 'missing-canonical', 'no <link rel="canonical">: shares of URL variants (UTM, AMP) split their counts and cards');
  else if (!isAbsolute(canonical.href)) add('general', 'warning', 'relative-canonical', `canonical URL "${canonical.href}" is relative; use an absolute URL`);
  const ogUrl = tag(head, 'og:url');
  if (!ogUrl) add('general', 'warning', 'missing-og-url', 'no og:url: platforms use the shared URL as the card identity');
  else if (canonical?.href && resolve(canonical.href, baseUrl) !== resolve(ogUrl, baseUrl)) {
    add('general', 'warning', 'og-url-mismatch', `og:url (${ogUrl}) differs from the canonical URL (${canonical.href})`);
  }
  if (!tag(head, 'og:type')) add('general', 'warning', 'missing-og-type', 'no og:type: Facebook assumes "website"; news should say "article"');
  if (head.title === null || head.title === '') add('general', 'info', 'missing-title', 'no <title>: crawlers that ignore og:title show the URL');
  if (head.jsonLdErrors) add('general', 'warning', 'invalid-json-ld', `${head.jsonLdErrors} JSON-LD block(s) are not valid JSON`);
  for (const key of ['og:title', 'og:description', 'og:url', 'og:type', 'twitter:card']) {
    const n = head.metas.filter((m) => m.key === key).length;
    if (n > 1) add('general', 'warning', 'duplicate-tag', `${key} appears ${n} times; platforms take different ones`);
  }
  for (const key of ['og:title', 'og:description', 'og:image', 'twitter:card']) {
    const present = head.metas.filter((m) => m.key === key);
    if (present.length && present.every((m) => m.content.trim() === '')) add('general', 'error', 'empty-tag', `${key} is present but empty`);
  }

  const ogImageRaw = tag(head, 'og:image') ?? tag(head, 'og:image:url');
  const ogImage = probeOf(ogImageRaw);
  if (ogImageRaw) {
    if (!isAbsolute(ogImageRaw)) add('general', 'error', 'relative-image-url', `og:image "${ogImageRaw}" is relative; crawlers need an absolute URL`);
    else if (ogImageRaw.startsWith('http:')) add('general', 'warning', 'insecure-image-url', 'og:image is http:, not https:; some apps refuse mixed content');
    if (ogImage && !ogImage.ok) add('general', 'error', 'image-unreachable', `og:image ${ogImage.url} cannot be used: ${ogImage.error ?? 'unknown error'}`);
  }
  if (usable(ogImage)) {
    if (ogImage.format === 'svg') add('general', 'error', 'svg-image', 'og:image is SVG: no platform renders SVG previews; use PNG or JPEG');
    else if (ogImage.format !== 'png' && ogImage.format !== 'jpeg') add('general', 'warning', 'image-format', `og:image is ${ogImage.format.toUpperCase()}; PNG or JPEG works everywhere`);
    const w = tag(head, 'og:image:width');
    const h = tag(head, 'og:image:height');
    if ((w && Number(w) !== ogImage.width) || (h && Number(h) !== ogImage.height)) {
      add('general', 'error', 'image-size-mismatch', `og:image:width/height say ${w ?? '?'}×${h ?? '?'} but the image is ${ogImage.width}×${ogImage.height}; platforms lay out the first share from the declared size`);
    }
    const declaredType = tag(head, 'og:image:type');
    const realType = FORMAT_MIME[ogImage.format];
    if (declaredType && realType && declaredType.toLowerCase() !== realType) {
      add('general', 'warning', 'image-type-mismatch', `og:image:type says ${declaredType} but the image is ${realType}`);
    }
  }
  if (ogImageRaw && !tag(head, 'og:image:alt')) add('general', 'warning', 'missing-image-alt', 'no og:image:alt: screen readers get nothing for the card image');

  // ── X ─────────────────────────────────────────────────────────────────────
  const card = tag(head, 'twitter:card');
  if (!card) add('x', 'warning', 'missing-twitter-card', 'no twitter:card: X shows the small summary card; news wants summary_large_image');
  else if (!L.x.cardTypes.includes(card)) add('x', 'error', 'invalid-twitter-card', `twitter:card "${card}" is not a card type X knows (${L.x.cardTypes.join(', ')})`);
  else if (card === 'summary') add('x', 'warning', 'small-twitter-card', 'twitter:card is "summary": X shows a 130px square thumbnail instead of the large image');
  const xTitle = tag(head, 'twitter:title') ?? tag(head, 'og:title');
  if (!xTitle) add('x', 'error', 'missing-title', 'no twitter:title or og:title: X shows no card');
  out.x.push(...lengthFinding('X', 'title', xTitle, L.x.titleChars));
  out.x.push(...lengthFinding('X', 'description', tag(head, 'twitter:description') ?? tag(head, 'og:description'), L.x.descriptionChars));
  const xImageRaw = tag(head, 'twitter:image') ?? tag(head, 'twitter:image:src') ?? ogImageRaw;
  const xImage = probeOf(xImageRaw);
  if (!xImageRaw) add('x', card === 'summary_large_image' ? 'error' : 'warning', 'missing-image', 'no twitter:image or og:image: the card has no picture');
  else if (xImage && !xImage.ok && xImage !== ogImage) add('x', 'error', 'image-unreachable', `twitter:image ${xImage.url} cannot be used: ${xImage.error ?? 'unknown error'}`);
  if (usable(xImage)) {
    if (!L.x.formats.includes(xImage.format)) add('x', 'error', 'image-format', `the X image is ${xImage.format.toUpperCase()}; use PNG or JPEG`);
    if (xImage.bytes >= L.x.maxBytes) add('x', 'error', 'image-too-large', `the X image is ${kb(xImage.bytes)}; X needs less than 5 MB`);
    if (xImage.width < L.x.minWidth || xImage.height < L.x.minHeight) add('x', 'error', 'image-too-small', `the X image is ${xImage.width}×${xImage.height}; X needs at least 300×157`);
    const ratio = xImage.width / xImage.height;
    if (card === 'summary_large_image' && (ratio < L.x.aspect.min || ratio > L.x.aspect.max)) {
      add('x', 'warning', 'image-aspect', `the X image is ${ratio.toFixed(2)}:1; X crops large cards to about 2:1`);
    }
  }
  if (xImageRaw && !tag(head, 'twitter:image:alt') && !tag(head, 'og:image:alt')) add('x', 'warning', 'missing-image-alt', 'no twitter:image:alt');

  // ── platforms that read og:* only ──────────────────────────────────────────
  const ogPlatforms = [
    ['bluesky', 'Bluesky'],
    ['linkedin', 'LinkedIn'],
    ['whatsapp', 'WhatsApp'],
    ['facebook', 'Facebook'],
  ] as const;
  for (const [p, name] of ogPlatforms) {
    const limit = p === 'whatsapp' ? L.whatsappHeadBytes : Infinity;
    const where = p === 'whatsapp' ? ' in the first 300 KB' : '';
    const title = tag(head, 'og:title', limit);
    if (!title) add(p, 'error', 'missing-og-title', `no og:title${where}: ${name} shows a bare link`);
    if (!tag(head, 'og:description', limit)) add(p, p === 'whatsapp' ? 'info' : 'warning', 'missing-og-description', `no og:description${where}`);
    const raw = tag(head, 'og:image', limit) ?? tag(head, 'og:image:url', limit);
    if (!raw) add(p, 'warning', 'missing-og-image', `no og:image${where}: ${name} shows a card without a picture`);
  }
  if (head.headEndByte === null || head.headEndByte > L.whatsappHeadBytes) {
    const missed = head.metas.filter((m) => m.key.startsWith('og:') && m.endByte > L.whatsappHeadBytes).length;
    add('whatsapp', missed ? 'error' : 'warning', 'head-beyond-300kb',
      head.headEndByte === null
        ? 'no end of <head> found; WhatsApp reads only the first 300 KB'
        : `the head ends at ${kb(head.headEndByte)}; WhatsApp reads only the first 300 KB${missed ? ` and misses ${missed} og:* tag(s)` : ''}`);
  }

  out.bluesky.push(...lengthFinding('Bluesky', 'title', tag(head, 'og:title'), L.bluesky.titleChars, true));
  out.bluesky.push(...lengthFinding('Bluesky', 'description', tag(head, 'og:description'), L.bluesky.descriptionChars, true));
  out.linkedin.push(...lengthFinding('LinkedIn', 'title', tag(head, 'og:title'), L.linkedin.titleChars, true));
  out.whatsapp.push(...lengthFinding('WhatsApp', 'title', tag(head, 'og:title', L.whatsappHeadBytes), L.whatsapp.titleChars));
  out.facebook.push(...lengthFinding('Facebook', 'title', tag(head, 'og:title'), L.facebook.titleChars));
  out.facebook.push(...lengthFinding('Facebook', 'description', tag(head, 'og:description'), L.facebook.descriptionChars));

  if (usable(ogImage)) {
    const img = describeImage(ogImage);
    if (ogImage.bytes > L.bluesky.maxBytes) add('bluesky', 'error', 'image-too-large', `og:image is ${img}; a Bluesky card thumb must be at most 1,000,000 bytes`);
    if (ogImage.format === 'webp') add('linkedin', 'error', 'image-format', 'og:image is WebP; LinkedIn does not show WebP images');
    else if (!L.linkedin.formats.includes(ogImage.format) && ogImage.format !== 'svg') add('linkedin', 'error', 'image-format', `og:image is ${ogImage.format.toUpperCase()}; LinkedIn needs PNG, JPEG or GIF`);
    if (ogImage.bytes > L.linkedin.maxBytes) add('linkedin', 'error', 'image-too-large', `og:image is ${img}; LinkedIn allows at most 5 MB`);
    if (ogImage.width < L.linkedin.minWidth || ogImage.height < L.linkedin.minHeight) {
      add('linkedin', 'warning', 'image-too-small', `og:image is ${ogImage.width}×${ogImage.height}; LinkedIn wants at least 1200×627`);
    }
    if (ogImage.bytes > L.whatsapp.maxBytes) add('whatsapp', 'error', 'image-too-large', `og:image is ${img}; WhatsApp drops preview images over 300 KB`);
    if (ogImage.bytes > L.facebook.maxBytes) add('facebook', 'error', 'image-too-large', `og:image is ${img}; Facebook allows at most 8 MB`);
    if (ogImage.width < L.facebook.minWidth || ogImage.height < L.facebook.minHeight) {
      add('facebook', 'error', 'image-too-small', `og:image is ${ogImage.width}×${ogImage.height}; Facebook rejects images under 200×200`);
    } else if (ogImage.width < L.facebook.largeMinWidth || ogImage.height < L.facebook.largeMinHeight) {
      add('facebook', 'warning', 'image-small-layout', `og:image is ${ogImage.width}×${ogImage.height}; under 600×315 Facebook shows a small thumbnail`);
    }
  }
  if (ogImageRaw && (!tag(head, 'og:image:width') || !tag(head, 'og:image:height'))) {
    add('facebook', 'warning', 'missing-image-size', 'no og:image:width/height: Facebook shows no image on the first share until it has fetched it');
  }
  if (!tag(head, 'fb:app_id')) add('facebook', 'info', 'missing-fb-app-id', 'no fb:app_id: Facebook Insights cannot attribute shares');
  return out;
}
