/**
 * The one place errors become HTTP responses: JSON `{ error: { code, message, problems? } }`
 * with the kind's status, or the same as a small HTML page for a browser. Unknown errors are logged and answered as a bare 500: no stack,
 * no raw input echoed back.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { describeErrorChain } from '../core/error-chain.js';
import { SharecardError, type ErrorKind } from '../core/errors.js';
import { sendErrorPage, wantsHtml } from './manners.js';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Maps body-parser's own errors (bad JSON, too large) onto the taxonomy. */
function fromBodyParser(err: BodyParserError): SharecardError | null {
  if (err.type === 'entity.too.large') return new SharecardError('payload_too_large', 'The request body is larger than the server accepts');
  if (err.type === 'entity.parse.failed') {
    return new SharecardError('invalid_input', 'The request body is not valid JSON', { problems: [{ path: [], message: 'is not valid JSON' }] });
  }
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new SharecardError('invalid_input', 'The request body must be UTF-8 JSON');
  }
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new SharecardError('invalid_input', 'The request could not be read');
  }
  return null;
}

export function toSharecardError(err: unknown): SharecardError {
  if (err instanceof SharecardError) return err;
  return fromBodyParser((err ?? {}) as BodyParserError) ?? new SharecardError('internal', 'Internal server error', { cause: err });
}

export function errorBody(e: SharecardError): { error: { code: ErrorKind; message: string; problems?: { path: string; message: string }[] } } {
  return {
    error: {
      code: e.kind,
      message: e.message,
      ...(e.problems.length ? { problems: e.problems.map((p) => ({ path: p.path.join('.'), message: p.message })) } : {}),
    },
  };
}

export function createErrorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = toSharecardError(err);
    // The whole cause chain: "Rendering failed" alone does not say that a worker died under it.
    if (e.kind === 'internal') log.error({ reqId: req.id, err: describeErrorChain(err), path: req.path }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.locals.errorCode = e.kind;
    if (e.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(e.retryAfterSeconds)));
    res.setHeader('Cache-Control', 'no-store');
    // A browser (a person following a link to a deleted story) reads a page, not JSON.
    if (wantsHtml(req)) sendErrorPage(res, e.status, e.message);
    else res.status(e.status).json(errorBody(e));
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new SharecardError('not_found', 'No such route'));
};
