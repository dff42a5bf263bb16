/**
 * Application errors with stable codes. One mapping to HTTP status lives in src/http/errors.ts; workers use
 * `retriable` to decide between retrying and failing a job for good.
 */
export interface FieldIssue {
  /** dotted path to the offending field, e.g. "tender.lots.0.cpvCodes.1" */
  path: string;
  message: string;
}

/**
 * Every code an AppError carries. src/http/errors.ts maps each to its HTTP status in a record over this union, so a
 * new code does not compile until it has a status.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** an upload past UPLOAD_MAX_BYTES (src/imports/upload.ts) */
  | 'PAYLOAD_TOO_LARGE'
  | 'STORE_UNAVAILABLE'
  | 'QUEUE_UNAVAILABLE'
  /** an expensive request past its concurrency or time budget (src/http/middleware/budget.ts): 503, retry later */
  | 'BUSY'
  /** a refresh run asked for while as many as allowed are running (src/refresh/run-budget.ts): 429 */
  | 'TOO_MANY_RUNS'
  /** refresh jobs (src/refresh/errors.ts): never raised by a request */
  | 'INVALID_JOB'
  | 'RUN_STATE'
  /** the CLI's import report (src/cli/import-commands.ts) */
  | 'REPORT_NOT_WRITTEN';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retriable: boolean;
  /** seconds a caller should wait before trying again (Retry-After), for 429 and 503 answers */
  readonly retryAfterSeconds?: number;
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly retriable = false;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly retriable = false;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  readonly retriable = false;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The database or queue cannot be reached right now; retry later. */
export class StoreUnavailableError extends AppError {
  readonly code = 'STORE_UNAVAILABLE';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export class QueueUnavailableError extends AppError {
  readonly code = 'QUEUE_UNAVAILABLE';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}

/** The service is at its budget for this kind of request (concurrency or time); try again after `retryAfterSeconds`. */
export class BusyError extends AppError {
  readonly code = 'BUSY';
  readonly retriable = true;
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'BusyError';
  }
}

/** As many refresh runs as allowed are already queued or running. */
export class TooManyRunsError extends AppError {
  readonly code = 'TOO_MANY_RUNS';
  readonly retriable = true;
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyRunsError';
  }
}
