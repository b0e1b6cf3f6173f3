/**
 * Validation of URL path and query parameters: one zod schema per route, one error listing
 * every bad parameter by name.
 */
import type { z } from 'zod';
import { SharecardError } from '../core/errors.js';
import { isValidSlug, problemsFromZod } from '../core/article.js';

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const problems = problemsFromZod(result.error);
    throw new SharecardError('invalid_input', 'Invalid query parameters', { problems });
  }
  return result.data;
}

/** Validates a slug from the path; a malformed slug cannot exist, so it is a 404. */
export function assertSlug(slug: unknown): string {
  if (typeof slug !== "string" || !isValidSlug(slug)) throw new SharecardError('not_found', 'No article with that slug');
  return slug;
}
