import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, ValidationError, type ErrorCode } from '../shared/errors.ts';

/** The one mapping from application error codes to HTTP status: every code has one. */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  STORE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  // Not raised by a request; should one escape into a response, it is a server error.
  INVALID_JOB: 500,
  RUN_STATE: 500,
  REPORT_NOT_WRITTEN: 500,
};

/** Codes the HTTP layer answers with itself, besides the application's. */
type HttpErrorCode = 'MALFORMED_JSON' | 'BODY_TOO_LARGE' | 'BAD_REQUEST' | 'INTERNAL';

export interface ErrorBody {
  error: { code: ErrorCode | HttpErrorCode; message: string; issues?: { path: string; message: string }[] };
}

function errorBody(code: ErrorCode | HttpErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * Central error handler: typed application errors keep their code and message; malformed JSON and
 * oversized bodies become 400/413; anything else is logged and answered with a bare 500, never a stack.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError) {
      const status = STATUS[err.code];
      if (status === 503) res.setHeader('Retry-After', '5');
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="consortia"');
      // the rest of an oversized upload is not read: close the connection rather than wait for it
      if (status === 413) res.setHeader('Connection', 'close');
      const body = errorBody(err.code, err.message);
      if (err instanceof ValidationError) body.error.issues = err.issues;
      if (status === 503) logger.warn({ err, path: req.path }, 'dependency unavailable');
      else if (status >= 500) logger.error({ err, path: req.path }, 'unhandled error');
      res.status(status).json(body);
      return;
    }
    const httpError = err as { type?: string; status?: number; message?: string };
    if (httpError?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('MALFORMED_JSON', `Request body is not valid JSON: ${httpError.message}`));
      return;
    }
    if (httpError?.type === 'entity.too.large') {
      res.status(413).json(errorBody('BODY_TOO_LARGE', 'Request body is too large'));
      return;
    }
    if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
      res.status(httpError.status).json(errorBody('BAD_REQUEST', httpError.message ?? 'Bad request'));
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL', 'Internal error; it has been logged'));
  };
}

export function notFoundHandler(req: Request, res: Response) {
  res.status(404).json(errorBody('NOT_FOUND', `No route for ${req.method} ${req.path}`));
}
