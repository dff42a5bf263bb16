/**
 * At most `maxRunning` refresh runs (full and incremental together) at a time (issue #16: ten concurrent runs took
 * +1 GB). A run counts from the moment it is accepted until it commits, is applied or fails: the durable store knows
 * it from planning on, and this process remembers the ones it queued until the queue says they are past that. Asking
 * for more answers 429 with Retry-After; asking again for a run id already known is idempotent, as before. Checks and
 * queuing are serialised in this process; two API processes could each admit one at the same instant (the durable
 * count catches up at the next request).
 */
import type { JobQueue, RunRequest } from '../queue/types.ts';
import { TooManyRunsError } from '../shared/errors.ts';
import type { PartnerScoreStore } from './partner-scores.ts';

export const RUN_BUDGET_DEFAULTS = Object.freeze({
  /** runs (full and incremental) queued or running at once (REFRESH_MAX_RUNNING) */
  maxRunning: 1,
  /** Retry-After, in seconds, when the budget is spent */
  retryAfterSeconds: 60,
});

export class RunBudget {
  /** runs this process queued that the durable store may not know yet */
  private readonly accepted = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly queue: JobQueue,
    private readonly scores: PartnerScoreStore,
    private readonly maxRunning: number = RUN_BUDGET_DEFAULTS.maxRunning,
  ) {}

  /** Queues the run, or throws TooManyRunsError when `maxRunning` runs are already queued or running. */
  enqueueRun(request: RunRequest = {}): Promise<{ runId: string }> {
    const next = this.tail.then(() => this.admit(request));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Ids of the runs queued or running now. */
  async active(): Promise<string[]> {
    const ids = new Set((await this.scores.runningRuns()).map((r) => r.runId));
    for (const runId of [...this.accepted]) {
      const status = await this.queue.runStatus(runId);
      const record = await this.scores.getRun(runId);
      const finished = status === undefined || status.state === 'completed' || status.state === 'failed';
      if (finished || (record !== undefined && record.status !== 'running')) this.accepted.delete(runId);
      else ids.add(runId);
    }
    return [...ids];
  }

  private async admit(request: RunRequest): Promise<{ runId: string }> {
    if (request.runId !== undefined && ((await this.queue.runStatus(request.runId)) || (await this.scores.getRun(request.runId))))
      return this.queue.enqueueRun(request); // the same id again: idempotent, nothing new runs
    const active = await this.active();
    if (active.length >= this.maxRunning)
      throw new TooManyRunsError(
        `${active.length} refresh run(s) already queued or running (${active.join(', ')}); at most ${this.maxRunning} at a time (REFRESH_MAX_RUNNING). Follow it with GET /v1/refresh-runs/{id}`,
        RUN_BUDGET_DEFAULTS.retryAfterSeconds,
      );
    const queued = await this.queue.enqueueRun(request);
    this.accepted.add(queued.runId);
    return queued;
  }
}
