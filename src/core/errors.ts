/**
 * The one error type sharecard throws on purpose. Each kind has a fixed HTTP status and a
 * stable machine-readable `code`; `src/http/errors.ts` maps it to a response in one place.
 *
 * @example
 *   throw new SharecardError('not_found', 'No article with slug "x"');
 */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'timeout'
  | 'upstream_failed'
  | 'internal';

export const errorStatus: Readonly<Record<ErrorKind, number>> = Object.freeze({
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  rate_limited: 429,
  overloaded: 503,
  timeout: 504,
  upstream_failed: 502,
  internal: 500,
});

/** One problem with one field: `path` is the JSON path as an array (`['authors', 0, 'name']`). */
export interface Problem {
  path: (string | number)[];
  message: string;
}

export class SharecardError extends Error {
  readonly kind: ErrorKind;
  readonly problems: Problem[];
  /** Seconds a client should wait before retrying (overload, rate limits). */
  readonly retryAfterSeconds?: number;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { problems?: Problem[]; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SharecardError';
    this.kind = kind;
    this.problems = options.problems ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return errorStatus[this.kind];
  }
}

/** Formats problems as one line each: `authors.0.name: must not be empty`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path.length ? p.path.join('.') : '(root)'}: ${p.message}`).join('\n');
}

export function isSharecardError(err: unknown): err is SharecardError {
  return err instanceof SharecardError;
}
