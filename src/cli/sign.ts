/**
 * `sharecard sign`: prints a signed `/og/render.png` URL for an ad-hoc card (a page that is not
 * stored here), signed with the first key in `security.signingKeys` / SHARECARD_SIGNING_KEYS.
 * Rotation: put the new key first; older keys later in the list still verify.
 *
 * @example
 *   sharecard sign --title "Talks resume" --kicker Live --preset x --ttl 7d
 */
import { articleOptions, canonicalLang, parseAdhocArticle, templateNames } from '../core/article.js';
import { isSharecardError, SharecardError, type Problem } from '../core/errors.js';
import { isPresetName, presetNames } from '../core/presets.js';
import { EXPIRY_PARAM, signedUrl } from '../core/signing.js';
import type { Config } from '../config/schema.js';

/** Path of the ad-hoc card route (DESIGN.md "Images"). */
export const RENDER_PATH = '/og/render.png';

export interface SignOptions {
  title?: string;
  kicker?: string;
  section?: string;
  template?: string;
  lang?: string;
  preset?: string;
  /** Lifetime: seconds, or a number with s, m, h or d ("90m", "7d"). No expiry when unset. */
  ttl?: string;
}

const TTL_SHAPE = /^(\d{1,9})([smhd]?)$/;
const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `--ttl` into seconds, or undefined when it is not a positive duration. */
export function parseTtlSeconds(ttl: string): number | undefined {
  const m = TTL_SHAPE.exec(ttl.trim());
  if (!m) return undefined;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2]];
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** The text parameters the ad-hoc route cleans and limits like an article's fields, by option. */
const TEXT_OPTIONS: Readonly<Record<string, string>> = { title: '--title', kicker: '--kicker', section: '--section', lang: '--lang', template: '--template' };

/** The problems the ad-hoc route (src/http/routes/og.ts) would answer 400 for: it parses the same way. */
function adhocTextProblems(config: Pick<Config, 'site' | 'limits'>, params: Record<string, string>): Problem[] {
  try {
    parseAdhocArticle(params, config.site.url, articleOptions(config));
    return [];
  } catch (err) {
    if (!isSharecardError(err)) throw err;
    return err.problems.map((p) => {
      const option = typeof p.path[0] === 'string' ? TEXT_OPTIONS[p.path[0]] : undefined;
      return option ? { path: [option, ...p.path.slice(1)], message: p.message } : { path: ['site', ...p.path], message: p.message };
    });
  }
}

/**
 * The signed URL for these options. Throws SharecardError('invalid_input') listing every bad
 * option (including text the ad-hoc route would refuse: too long, empty once cleaned), or when
 * no signing key is configured.
 */
export function buildSignedRenderUrl(config: Pick<Config, 'server' | 'security' | 'site' | 'limits'>, options: SignOptions, now: Date): string {
  const problems: Problem[] = [];
  const params: Record<string, string> = {};
  const title = options.title?.trim();
  if (!title) problems.push({ path: ['--title'], message: 'is required' });
  else params.title = title;
  for (const name of ['kicker', 'section'] as const) {
    const value = options[name]?.trim();
    if (value) params[name] = value;
  }
  if (options.template !== undefined) {
    if ((templateNames as readonly string[]).includes(options.template)) params.template = options.template;
    else problems.push({ path: ['--template'], message: `must be one of ${templateNames.join(', ')}` });
  }
  if (options.preset !== undefined) {
    if (isPresetName(options.preset)) params.preset = options.preset;
    else problems.push({ path: ['--preset'], message: `must be one of ${presetNames.join(', ')}` });
  }
  if (options.lang !== undefined) {
    const lang = canonicalLang(options.lang);
    if (lang) params.lang = lang;
    else problems.push({ path: ['--lang'], message: 'must be a BCP 47 language tag, like en, fa or pt-BR' });
  }
  if (options.ttl !== undefined) {
    const seconds = parseTtlSeconds(options.ttl);
    if (seconds === undefined) problems.push({ path: ['--ttl'], message: 'must be a positive duration in seconds, or with s, m, h or d (e.g. 3600, 90m, 7d)' });
    else params[EXPIRY_PARAM] = String(Math.floor(now.getTime() / 1000) + seconds);
  }
  // Without a title, "--title: is required" above says it already.
  problems.push(...adhocTextProblems(config, params).filter((p) => title || p.path[0] !== '--title'));
  const key = config.security.signingKeys[0];
  if (!key) problems.push({ path: ['security', 'signingKeys'], message: 'no signing key configured (set SHARECARD_SIGNING_KEYS or security.signingKeys)' });
  if (problems.length) {
    throw new SharecardError('invalid_input', `Cannot sign:\n${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n')}`, { problems });
  }
  return signedUrl(config.server.publicUrl, RENDER_PATH, params, key);
}
