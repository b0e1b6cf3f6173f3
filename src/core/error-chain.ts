/**
 * An error and the chain of its causes as plain data for a log line, so that a failure deep in
 * a worker ("Rendering failed" ← "worker exited with code 1") can be diagnosed from the log.
 * Credentials in URLs (`redis://user:secret@host`) are masked wherever they appear.
 *
 * @example
 *   log.error({ err: describeErrorChain(err) }, 'request failed');
 */
const MAX_DEPTH = 5;

const maskCredentials = (s: string) => s.replace(/\/\/[^/\s:@]+:[^/\s@]*@/g, '//***@');

export interface ErrorDescription {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: ErrorDescription;
}

export function describeErrorChain(err: unknown, depth = 0): ErrorDescription {
  if (!(err instanceof Error)) return { name: typeof err, message: maskCredentials(String(err)) };
  const out: ErrorDescription = { name: err.name, message: maskCredentials(err.message) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out.code = code;
  if (err.stack) out.stack = maskCredentials(err.stack);
  if (err.cause !== undefined && depth + 1 < MAX_DEPTH) out.cause = describeErrorChain(err.cause, depth + 1);
  return out;
}
