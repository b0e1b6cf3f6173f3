/**
 * Every input limit, named with its unit. These are the defaults; the config file's `limits`
 * object may lower or raise them, and `src/config/schema.ts` checks them at startup.
 * Each one is enforced by a test in test/article-limits.test.ts or test/http-*.test.ts.
 */
export const defaultArticleLimits = Object.freeze({
  /** Long enough for the longest real headlines; cards clamp far earlier. */
  maxTitleChars: 400,
  maxDescriptionChars: 2000,
  maxKickerChars: 120,
  maxSectionChars: 80,
  maxTags: 30,
  maxTagChars: 80,
  maxAuthors: 20,
  maxAuthorNameChars: 200,
  maxAltChars: 1000,
  maxCreditChars: 300,
  maxUrlChars: 2048,
  maxContentHtmlBytes: 512 * 1024,
  maxSlugChars: 120,
});

export type ArticleLimits = { -readonly [K in keyof typeof defaultArticleLimits]: number };
