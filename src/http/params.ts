/**
 * Validation of URL path and query parameters and of small JSON request bodies: one zod schema
 * per route, one error listing every bad parameter or field by name.
 */
import type { z } from 'zod';
import { SharecardError } from '../core/errors.js';
import { isValidSlug } from '../core/article.js';
import { parseOrThrow } from '../core/validation.js';

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseOrThrow(schema, query, 'query', () => 'Invalid query parameters');
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
