import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, ValidationError } from '../shared/errors.ts';

/** The one mapping from application error codes to HTTP status. */
const STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  STORE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/**
 * Central error handler: typed application errors keep their code and message; malformed JSON and
 * oversized bodies become 400/413; anything else is logged and answered with a bare 500, never a stack.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError) {
      const status = STATUS[err.code] ?? 500;
      if (status === 503) res.setHeader('Retry-After', '5');
      // the rest of an oversized upload is not read: close the connection rather than wait for it
      if (status === 413) res.setHeader('Connection', 'close');
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      if (err instanceof ValidationError) body.error.issues = err.issues;
      if (status >= 500) logger.warn({ err, path: req.path }, 'dependency unavailable');
      res.status(status).json(body);
      return;
    }
    const httpError = err as { type?: string; status?: number; message?: string };
    if (httpError?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'MALFORMED_JSON', message: `Request body is not valid JSON: ${httpError.message}` } });
      return;
    }
    if (httpError?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'BODY_TOO_LARGE', message: 'Request body is too large' } });
      return;
    }
    if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
      res.status(httpError.status).json({ error: { code: 'BAD_REQUEST', message: httpError.message ?? 'Bad request' } });
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error; it has been logged' } });
  };
}

export function notFoundHandler(req: Request, res: Response) {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
}
