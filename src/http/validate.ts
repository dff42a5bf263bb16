import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';

/**
 * zod issues → field issues with dotted paths relative to the part validated ("services.2") and messages in
 * plain English ("is required", "must be a number, not text", "unknown field "cpv": did you mean "cpvCodes"?")
 * rather than the library's wording. `input` is the value parsed (to tell a missing field from a wrong one);
 * `schema` lets an unknown field be matched with the nearest known one.
 */
export function fieldIssues(error: z.ZodError, prefix = '', input?: unknown, schema?: z.ZodType): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? knownKeys(schema) : [];
      return issue.keys.map((key) => {
        const near = nearest(key, known);
        return {
          path: prefix + [...path, key].join('.'),
          message: `unknown field "${key}"${near ? `: did you mean "${near}"?` : ''}`,
        };
      });
    }
    return [{ path: prefix + path.join('.'), message: plainMessage(issue, valueAt(input, issue.path)) }];
  });
}

/** Parses `value` with `schema` or throws ValidationError naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldIssues(result.error, prefix, value, schema));
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

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number' : 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${describeValue(value)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must list at least ${min} ${min === 1 ? 'item' : 'items'}`;
      return `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must list at most ${max} items`;
      return `must be at most ${max}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'must be a date and time with a time zone, such as 2027-01-15T12:00:00Z'
        : issue.format === 'regex'
          ? issue.message
          : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const keyCache = new WeakMap<z.ZodType, string[]>();

/** Every property name anywhere in the schema (from its JSON Schema), for suggesting a misspelt field. */
function knownKeys(schema: z.ZodType): string[] {
  let keys = keyCache.get(schema);
  if (!keys) {
    const out = new Set<string>();
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      if (props) for (const k of Object.keys(props)) out.add(k);
      for (const v of Object.values(node)) walk(v);
    };
    try {
      walk(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }));
    } catch {
      // A schema JSON Schema cannot express gives no suggestions.
    }
    keyCache.set(schema, (keys = [...out]));
  }
  return keys;
}

/** The known key closest to `key` (a prefix of it, or within two edits), if any. */
function nearest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  if (prefixed.length > 0) return prefixed.sort((a, b) => Math.abs(a.length - key.length) - Math.abs(b.length - key.length))[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance, given up past `limit` (keys are short and bounded by the body size). */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
