/**
 * What the meta builders need from config, as plain data, and the rules that derive it
 * (logo URL, Open Graph locale). Pure: no config module, no environment.
 */
import { isAbsoluteHttpUrl } from '../article.js';
import { publicUrl } from '../links.js';

export interface MetaContext {
  /** Public base URL of this sharecard (card images, feeds, share page). */
  publicUrl: string;
  site: {
    name: string;
    url: string;
    /** Open Graph locale used when an article's language gives none, like en_US. */
    locale: string;
    x: string | null;
    facebookAppId: string;
    /** Absolute URL of the publisher logo, or null. */
    logoUrl: string | null;
  };
  /** Title for the feed autodiscovery links. */
  feedTitle: string;
}

export interface MetaConfigLike {
  server: { publicUrl: string };
  site: { name: string; url: string; locale: string; x: string | null; facebookAppId: string; logo: string | null };
  feeds: { title?: string };
}

/** Path (under the public URL) where the share page module serves a logo given as a file path. */
export function localLogoPath(logo: string): string[] {
  const ext = /\.(png|jpe?g|svg|webp|gif)$/i.exec(logo)?.[0].toLowerCase() ?? '';
  return ['a', '-', `logo${ext}`];
}

/** The logo's public URL: itself when absolute, else where sharecard serves the file. */
export function siteLogoUrl(config: MetaConfigLike): string | null {
  const logo = config.site.logo;
  if (!logo) return null;
  if (isAbsoluteHttpUrl(logo)) return new URL(logo).href;
  return publicUrl(config.server.publicUrl, localLogoPath(logo));
}

export function metaContextFromConfig(config: MetaConfigLike): MetaContext {
  return {
    publicUrl: config.server.publicUrl,
    site: {
      name: config.site.name,
      url: config.site.url,
      locale: config.site.locale,
      x: config.site.x,
      facebookAppId: config.site.facebookAppId,
      logoUrl: siteLogoUrl(config),
    },
    feedTitle: config.feeds.title ?? config.site.name,
  };
}

// Facebook's locale list names Arabic as ar_AR rather than a country:
// https://developers.facebook.com/docs/javascript/internationalization#locales
const FACEBOOK_LOCALE_OVERRIDES: Record<string, string> = { ar: 'ar_AR' };
const OG_LOCALE = /^[a-z]{2,3}_[A-Z]{2}$/;

/**
 * `og:locale` (language_TERRITORY, https://ogp.me/#optional) for a BCP 47 tag: its own region
 * when it has one ("pt-BR" → "pt_BR"); the site locale when that is the same language; else the
 * likely region of the language ("fa" → "fa_IR", "ja" → "ja_JP"); else the site locale.
 */
export function ogLocale(lang: string, siteLocale: string): string {
  let loc: Intl.Locale;
  try {
    loc = new Intl.Locale(lang);
  } catch {
    return siteLocale;
  }
  const language = loc.language;
  if (loc.region && OG_LOCALE.test(`${language}_${loc.region}`)) return `${language}_${loc.region}`;
  if (siteLocale.startsWith(`${language}_`)) return siteLocale;
  const override = FACEBOOK_LOCALE_OVERRIDES[language];
  if (override) return override;
  const region = loc.maximize().region;
  const candidate = `${language}_${region}`;
  return region && OG_LOCALE.test(candidate) ? candidate : siteLocale;
}
