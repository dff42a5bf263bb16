import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, ValidationError, type ErrorCode, type FieldIssue } from '../shared/errors.ts';
import { LIMITS } from '../shared/limits.ts';

/** The one mapping from application error codes to HTTP status: every code has one. */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  STORE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  BUSY: 503,
  TOO_MANY_RUNS: 429,
  // Not raised by a request; should one escape into a response, it is a server error.
  INVALID_JOB: 500,
  RUN_STATE: 500,
  REPORT_NOT_WRITTEN: 500,
};

/** Codes the HTTP layer answers with itself, besides the application's. */
type HttpErrorCode = 'MALFORMED_JSON' | 'JSON_TOO_DEEP' | 'BODY_TOO_LARGE' | 'BAD_REQUEST' | 'INTERNAL';

export interface ErrorBody {
  error: { code: ErrorCode | HttpErrorCode; message: string; issues?: { path: string; message: string }[] };
}

function errorBody(code: ErrorCode | HttpErrorCode, message: string): ErrorBody {
  return { error: { code, message: cut(message, LIMITS.errors.message * 4) } };
}

/** Text cut to `max` characters, marked with an ellipsis when cut. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * At most LIMITS.errors.issues issues, each path and message cut short, and a last one saying how many more there
 * were: a body with half a million bad items gets a short answer (issue #16: once a 219 MB error response).
 */
export function capIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  const { issues: most, path, message } = LIMITS.errors;
  const kept = issues.slice(0, most).map((i) => ({ path: cut(i.path, path), message: cut(i.message, message) }));
  if (issues.length > most) kept.push({ path: '', message: `and ${issues.length - most} more issues` });
  return kept;
}

/** The position JSON.parse reports, without the slice of the body newer V8 versions quote in the message. */
function parseErrorMessage(message: string | undefined): string {
  const position = /position (\d+)/.exec(message ?? '');
  return position ? `Request body is not valid JSON (at character ${position[1]})` : 'Request body is not valid JSON';
}

/**
 * Central error handler: typed application errors keep their code and message; malformed JSON and
 * oversized bodies become 400/413; anything else is logged and answered with a bare 500, never a stack.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError) {
      const status = STATUS[err.code];
      if (status === 503 || status === 429) res.setHeader('Retry-After', String(err.retryAfterSeconds ?? 5));
      // the rest of an oversized upload is not read: close the connection rather than wait for it
      if (status === 413) res.setHeader('Connection', 'close');
      const issues = err instanceof ValidationError ? capIssues(err.issues) : undefined;
      const body = errorBody(err.code, issues ? issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ') : err.message);
      if (issues) body.error.issues = issues;
      if (status === 503) logger.warn({ err, path: req.path }, 'dependency unavailable');
      else if (status >= 500) logger.error({ err, path: req.path }, 'unhandled error');
      res.status(status).json(body);
      return;
    }
    const httpError = err as { type?: string; status?: number; message?: string };
    if (httpError?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('MALFORMED_JSON', parseErrorMessage(httpError.message)));
      return;
    }
    if (httpError?.type === 'json.too.deep') {
      res.status(400).json(errorBody('JSON_TOO_DEEP', `Request body nests objects and arrays deeper than ${LIMITS.jsonDepth} levels`));
      return;
    }
    if (httpError?.type === 'entity.too.large') {
      res.setHeader('Connection', 'close');
      res.status(413).json(errorBody('BODY_TOO_LARGE', `Request body is larger than ${LIMITS.jsonBodyBytes / 1024 / 1024} MiB`));
      return;
    }
    if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
      res.status(httpError.status).json(errorBody('BAD_REQUEST', cut(httpError.message ?? 'Bad request', LIMITS.errors.message)));
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL', 'Internal error; it has been logged'));
  };
}

export function notFoundHandler(req: Request, res: Response) {
  res.status(404).json(errorBody('NOT_FOUND', `No route for ${req.method} ${req.path}`));
}
