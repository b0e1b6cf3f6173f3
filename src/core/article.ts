/**
 * The article model: one zod schema per limit set, from which the types derive. Parsing
 * validates and normalizes (NFC, invalid characters stripped, trimmed, canonical BCP 47, UTC
 * ISO dates) and reports every problem by path in one SharecardError.
 *
 * @example
 *   const article = parseArticle(body, { limits, defaultLang: 'en' });
 */
import { z } from 'zod';
import { cleanLine, cleanText } from './text.js';
import { directionOf, type Direction } from './direction.js';
import { defaultArticleLimits, type ArticleLimits } from './limits.js';
import { SharecardError, type Problem } from './errors.js';
import { parseOrThrow } from './validation.js';

/** Card templates shipped in templates/; an article may ask for one by name. */
export const templateNames = ['standard', 'photo', 'quote', 'alert'] as const;
export type TemplateName = (typeof templateNames)[number];

export const articleStatuses = ['published', 'draft'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
// A Bluesky handle is a domain name: https://atproto.com/specs/handle
const BSKY_HANDLE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// ISO 8601 / RFC 3339 date-time with an explicit offset (a date without a zone is ambiguous).
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Checks a slug without the schema (used on URL paths). */
export function isValidSlug(slug: string, maxChars: number = defaultArticleLimits.maxSlugChars): boolean {
  return slug.length <= maxChars && SLUG.test(slug);
}

/** Slugs a new article may not take: `/og/render.png` is the signed ad-hoc card, so an article
 * "render" would never be served its default card. */
const RESERVED_SLUGS: ReadonlySet<string> = new Set(['render']);

/** What is wrong with `slug` for an article being written, or null. One rule for the API and `import`. */
export function slugProblem(slug: string, maxChars: number = defaultArticleLimits.maxSlugChars): string | null {
  if (!isValidSlug(slug, maxChars)) return `must be 1-${maxChars} lower-case letters, digits and inner hyphens`;
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved: /og/${slug}.png is the signed ad-hoc card`;
  return null;
}

function text(max: number, opts: { line?: boolean } = {}) {
  const clean = opts.line === false ? cleanText : cleanLine;
  return z
    .string()
    .transform((s) => clean(s))
    .refine((s) => [...s].length <= max, { message: `must be at most ${max} characters` });
}

function requiredText(max: number) {
  return text(max).refine((s) => s.length > 0, { message: 'must not be empty' });
}

function httpUrl(max: number) {
  return z
    .string()
    .transform((s) => s.trim())
    .superRefine((s, ctx) => {
      if (s.length > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      else if (!isAbsoluteHttpUrl(s)) ctx.addIssue({ code: 'custom', message: 'must be an absolute http: or https: URL' });
      else {
        // The URL is stored (and written into pages) normalized, where each non-ASCII
        // character becomes its percent-encoded UTF-8 (an emoji: 12 characters).
        const n = new URL(s).href.length;
        if (n > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters once percent-encoded (it is ${n})` });
      }
    })
    .transform((s) => new URL(s).href);
}

export function isAbsoluteHttpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && !u.username && !u.password;
}

/** Date.parse rolls 2026-02-30 over into March; a CMS sending that has a bug worth reporting. */
function isRealDate(s: string): boolean {
  const [, y, mo, d, h, mi, sec] = s.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/)!.map(Number);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h <= 23 && mi <= 59 && (Number.isNaN(sec) || sec <= 59);
}

const isoDate = z
  .string()
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    if (!ISO_DATETIME.test(s) || !isRealDate(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time with a time zone, like 2026-02-03T08:30:00Z' });
    }
  })
  .transform((s) => new Date(s).toISOString());

/** Canonical BCP 47 tag ("EN-us" → "en-US"), or undefined when it is not well-formed. */
export function canonicalLang(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    return canonical;
  } catch {
    return undefined;
  }
}

const lang = z
  .string()
  .superRefine((s, ctx) => {
    if (!canonicalLang(s)) ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag, like en, fa or pt-BR' });
  })
  .transform((s) => canonicalLang(s) as string);

function createSchema(limits: ArticleLimits) {
  const author = z.strictObject({
    name: requiredText(limits.maxAuthorNameChars),
    url: httpUrl(limits.maxUrlChars).optional(),
    x: z
      .string()
      .transform((s) => s.trim().replace(/^@/, ''))
      .refine((s) => X_HANDLE.test(s), { message: 'must be an X handle: 1-15 letters, digits or _' })
      .optional(),
    bluesky: z
      .string()
      .transform((s) => s.trim().replace(/^@/, '').toLowerCase())
      .refine((s) => s.length <= 253 && BSKY_HANDLE.test(s), { message: 'must be a Bluesky handle such as name.bsky.social' })
      .optional(),
    linkedin: text(200).optional(),
  });

  const image = z.strictObject({
    url: httpUrl(limits.maxUrlChars),
    alt: text(limits.maxAltChars).optional(),
    credit: text(limits.maxCreditChars).optional(),
    width: z.number().int().min(1).max(100_000).optional(),
    height: z.number().int().min(1).max(100_000).optional(),
    /** Focal point for cropping, 0..1 from the left and the top. */
    focusX: z.number().min(0).max(1).optional(),
    focusY: z.number().min(0).max(1).optional(),
  });

  return z.strictObject({
    url: httpUrl(limits.maxUrlChars),
    title: requiredText(limits.maxTitleChars),
    description: text(limits.maxDescriptionChars).optional(),
    kicker: text(limits.maxKickerChars).optional(),
    section: text(limits.maxSectionChars).optional(),
    tags: z
      .array(requiredText(limits.maxTagChars))
      .max(limits.maxTags, { message: `must have at most ${limits.maxTags} tags` })
      .optional(),
    authors: z.array(author).max(limits.maxAuthors, { message: `must have at most ${limits.maxAuthors} authors` }).optional(),
    image: image.optional(),
    publishedAt: isoDate.optional(),
    updatedAt: isoDate.optional(),
    lang: lang.optional(),
    status: z.enum(articleStatuses, { message: `must be one of ${articleStatuses.join(', ')}` }).optional(),
    template: z.enum(templateNames, { message: `must be one of ${templateNames.join(', ')}` }).optional(),
    contentHtml: z
      .string()
      .transform((s) => cleanText(s))
      .refine((s) => Buffer.byteLength(s) <= limits.maxContentHtmlBytes, {
        message: `must be at most ${limits.maxContentHtmlBytes} bytes of UTF-8`,
      })
      .optional(),
  });
}

type Schema = ReturnType<typeof createSchema>;
/** What a client sends (before defaults). */
export type ArticleInput = z.input<Schema>;
type Parsed = z.output<Schema>;
export type Author = NonNullable<Parsed['authors']>[number];
export type ArticleImage = NonNullable<Parsed['image']>;

/** A validated, normalized article with defaults applied. */
export interface Article extends Omit<Parsed, 'lang' | 'status' | 'tags' | 'authors'> {
  lang: string;
  status: ArticleStatus;
  tags: string[];
  authors: Author[];
}

/** An article as stored: with its slug, derived direction and content revision. */
export interface StoredArticle extends Article {
  slug: string;
  dir: Direction;
  /** Content hash of everything that affects output (src/core/revision.ts). */
  revision: string;
  /** When this slug was first stored, and last changed (server clock, ISO). */
  createdAt: string;
  modifiedAt: string;
}

const schemaCache = new WeakMap<object, Schema>();
function schemaFor(limits: ArticleLimits): Schema {
  let s = schemaCache.get(limits);
  if (!s) schemaCache.set(limits, (s = createSchema(limits)));
  return s;
}

export interface ParseArticleOptions {
  limits?: ArticleLimits;
  /** BCP 47 tag used when the article has none (from config `site.lang`). */
  defaultLang?: string;
}

/** The options every caller takes from its configuration: its limits and the site's language. */
export function articleOptions(config: { limits: ArticleLimits; site: { lang: string } }): ParseArticleOptions {
  return { limits: config.limits, defaultLang: config.site.lang };
}

/** The text an ad-hoc card is drawn from (`/og/render.png`, signed by `sharecard sign`). */
export interface AdhocText {
  title?: string;
  kicker?: string;
  section?: string;
  lang?: string;
  template?: string;
}

/**
 * The article an ad-hoc card draws: its text cleaned and limited like a stored article's
 * fields, under the site's own URL. The route and `sharecard sign` both parse with it, so sign
 * never signs text the route would refuse.
 */
export function parseAdhocArticle(text: AdhocText, siteUrl: string, options: ParseArticleOptions): Article {
  const { title, kicker, section, lang, template } = text;
  return parseArticle({ url: siteUrl, title, kicker, section, lang, template }, options);
}

/**
 * Validates and normalizes an article body. Throws SharecardError('invalid_input') listing
 * every problem by path.
 */
export function parseArticle(input: unknown, options: ParseArticleOptions = {}): Article {
  const limits = options.limits ?? defaultArticleLimits;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SharecardError('invalid_input', 'The article must be a JSON object', {
      problems: [{ path: [], message: 'must be a JSON object' }],
    });
  }
  const a = parseOrThrow(schemaFor(limits), input, 'body', (problems) => `Invalid article: ${problems.length} problem(s)`);
  const problems: Problem[] = [];
  if (a.publishedAt && a.updatedAt && a.updatedAt < a.publishedAt) {
    problems.push({ path: ['updatedAt'], message: 'must not be before publishedAt' });
  }
  if (problems.length) throw new SharecardError('invalid_input', 'Invalid article', { problems });
  return {
    ...a,
    lang: a.lang ?? options.defaultLang ?? 'en',
    status: a.status ?? 'published',
    tags: dedupe(a.tags ?? []),
    authors: a.authors ?? [],
  };
}

function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const k = t.toLocaleLowerCase('und');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Direction of an article, from its language and headline. */
export function articleDirection(article: Pick<Article, 'lang' | 'title'>): Direction {
  return directionOf(article.lang, article.title);
}
