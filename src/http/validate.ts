import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';

/** zod issues → field issues with dotted paths relative to the part validated ("services.2"). */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: prefix + issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses `value` with `schema` or throws ValidationError naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldIssues(result.error, prefix));
  return result.data;
}

/**
 * Validates one part of the request and hands the parsed value on in res.locals, so nobody parses twice.
 * Handlers read `parsed<T>(res, 'body')`.
 */
export function validate<S extends z.ZodType>(part: 'body' | 'query' | 'params', schema: S) {
  return (req: Request, res: Response, next: NextFunction) => {
    const raw: unknown = part === 'body' ? ((req.body as unknown) ?? {}) : req[part];
    res.locals[part] = parseOrThrow(schema, raw, part === 'body' ? '' : `${part}.`);
    next();
  };
}

export function parsed<T>(res: Response, part: 'body' | 'query' | 'params'): T {
  return res.locals[part] as T;
}
