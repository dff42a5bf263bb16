import { AppError } from '../shared/errors.ts';

/** A job payload that does not parse: retrying cannot help, so the queue fails the job for good. */
export class InvalidJobError extends AppError {
  readonly code = 'INVALID_JOB';
  readonly retriable = false;
  constructor(job: string, detail: string) {
    super(`refresh: invalid ${job} payload: ${detail}`);
    this.name = 'InvalidJobError';
  }
}

/**
 * The run is not open for this step any more (failed, superseded, unknown, or a commit with shards missing):
 * a domain error, never retried.
 */
export class RunStateError extends AppError {
  readonly code = 'RUN_STATE';
  readonly retriable = false;
  constructor(message: string) {
    super(`refresh: ${message}`);
    this.name = 'RunStateError';
  }
}
