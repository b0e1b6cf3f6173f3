/**
 * The share bar's words, per language. English, Persian and Arabic are built in; config
 * (`shareBar.labels`) overrides any of them or adds a language. A story whose language has no
 * labels gets English, so a bar never shows an empty button.
 */
import type { SharePlatform } from '../share/utm.js';

export interface ShareBarLabels {
  /** Accessible name of the whole bar (the `<nav>` landmark). */
  bar: string;
  /** Accessible name of each platform link; `{platform}` is replaced by the platform's name. */
  shareOn: string;
  copyLink: string;
  /** Announced (and shown) after the link was copied. */
  copied: string;
  /** The native share sheet button (`navigator.share`). */
  share: string;
  platforms: Record<SharePlatform, string>;
}

/** A language's overrides: any subset of the labels and of the platform names. */
export type ShareBarLabelOverrides = Partial<Omit<ShareBarLabels, 'platforms'>> & {
  platforms?: Partial<Record<SharePlatform, string>>;
};

export const PLATFORM_PLACEHOLDER = '{platform}';

// Brand names stay in Latin script in English; Persian and Arabic news sites write them in
// their own script (BBC Persian, Al Jazeera Arabic), which also keeps each label one direction.
export const builtInShareBarLabels: Readonly<Record<'en' | 'fa' | 'ar', ShareBarLabels>> = Object.freeze({
  en: {
    bar: 'Share this story',
    shareOn: 'Share on {platform}',
    copyLink: 'Copy link',
    copied: 'Link copied',
    share: 'Share…',
    platforms: { facebook: 'Facebook', x: 'X', linkedin: 'LinkedIn', bluesky: 'Bluesky', whatsapp: 'WhatsApp' },
  },
  fa: {
    bar: 'هم‌رسانی این خبر',
    shareOn: 'هم‌رسانی در {platform}',
    copyLink: 'کپی پیوند',
    copied: 'پیوند کپی شد',
    share: 'هم‌رسانی…',
    platforms: { facebook: 'فیس‌بوک', x: 'ایکس', linkedin: 'لینکدین', bluesky: 'بلواسکای', whatsapp: 'واتس‌اپ' },
  },
  ar: {
    bar: 'شارك هذا الخبر',
    shareOn: 'شارك على {platform}',
    copyLink: 'نسخ الرابط',
    copied: 'تم نسخ الرابط',
    share: 'مشاركة…',
    platforms: { facebook: 'فيسبوك', x: 'إكس', linkedin: 'لينكدإن', bluesky: 'بلوسكاي', whatsapp: 'واتساب' },
  },
});

/** The lookup keys for a BCP 47 tag, most specific first: "pt-BR" → ["pt-br", "pt"]. */
function langKeys(lang: string): string[] {
  const full = lang.trim().toLowerCase();
  const primary = full.split('-')[0];
  return primary && primary !== full ? [full, primary] : [full];
}

/**
 * The labels for a story's language and the language they are in (for the bar's `lang`):
 * the most specific built-in or configured language that matches, else English. Configured
 * overrides apply over the built-in labels of the same language (or English for a new one).
 *
 * @example
 *   resolveShareBarLabels('fa-IR', {}).labels.shareOn // → 'هم‌رسانی در {platform}'
 *   resolveShareBarLabels('de', {}).lang               // → 'en'
 */
export function resolveShareBarLabels(
  lang: string,
  overrides: Readonly<Record<string, ShareBarLabelOverrides>>,
): { lang: string; labels: ShareBarLabels } {
  const builtIn = builtInShareBarLabels as Record<string, ShareBarLabels>;
  const configured = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k.toLowerCase(), v]));
  const keys = langKeys(lang);
  const chosen = keys.find((k) => k in builtIn || k in configured) ?? 'en';
  const primary = langKeys(chosen).at(-1) as string;
  // Least specific first, so "pt-br" overrides win over "pt" ones.
  const layers = [builtIn[primary] ?? builtIn.en, configured[primary], chosen !== primary ? builtIn[chosen] : undefined, chosen !== primary ? configured[chosen] : undefined];
  let labels: ShareBarLabels = { ...builtIn.en, platforms: { ...builtIn.en.platforms } };
  for (const layer of layers) {
    if (!layer) continue;
    const { platforms, ...rest } = layer;
    labels = { ...labels, ...definedOnly(rest), platforms: { ...labels.platforms, ...definedOnly(platforms ?? {}) } };
  }
  return { lang: chosen, labels };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "Share on Bluesky" from the template; a template without the placeholder gets the name appended. */
export function shareOnLabel(labels: ShareBarLabels, platform: SharePlatform): string {
  const name = labels.platforms[platform];
  return labels.shareOn.includes(PLATFORM_PLACEHOLDER) ? labels.shareOn.split(PLATFORM_PLACEHOLDER).join(name) : `${labels.shareOn} ${name}`;
}
