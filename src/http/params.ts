/**
 * Validation of URL path and query parameters and of small JSON request bodies: one zod schema
 * per route, one error listing every bad parameter or field by name.
 */
import { z } from 'zod';
import { SharecardError } from '../core/errors.js';
import { isValidSlug } from '../core/article.js';
import { parseOrThrow } from '../core/validation.js';

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseOrThrow(schema, query, 'query', () => 'Invalid query parameters');
}

/**
 * A whole-number query parameter between `min` and `max`, written in plain decimal digits.
 * `z.coerce.number()` (JavaScript's Number) also takes `1e2`, `0x10`, `0b1`, ` 5 `, `5.` and
 * the empty string, so a malformed value silently meant something; here it is a 400 that names
 * the parameter, like any other malformed number (issue 31).
 */
export function wholeNumberParam(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ message })
    .refine((s) => /^(0|[1-9][0-9]{0,15})$/.test(s) && Number(s) >= min && Number(s) <= max, { message })
    .transform(Number);
}

/** Validates a parsed JSON request body (not an article: parseArticle has its own limits). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseOrThrow(schema, body, 'body', () => 'Invalid request body');
}

/** Validates a slug from the path; a malformed slug cannot exist, so it is a 404. */
export function assertSlug(slug: unknown): string {
  if (typeof slug !== "string" || !isValidSlug(slug)) throw new SharecardError('not_found', 'No article with that slug');
  return slug;
}
