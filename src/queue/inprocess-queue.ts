/**
 * The JobQueue without Redis: jobs run inside this process on a small pool (`concurrency` at a time), with
 * the same handlers, retries (exponential backoff for retriable errors, none for unrecoverable ones),
 * per-organisation de-duplication and cron schedule as the BullMQ implementation. Nothing survives a
 * restart: a run in progress when the process stops is lost (it never became current, so readers keep the
 * previous run) and the schedule starts again at boot.
 *
 * Concurrency interleaves jobs on one event loop: it overlaps waiting on the store, it does not add CPU.
 * Handlers yield to the event loop between organisations, so the API keeps answering during a run.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { QueueUnavailableError } from '../shared/errors.ts';
import { parseCron } from './cron.ts';
import {
  JOB,
  QUEUE_DEFAULTS,
  isUnrecoverable,
  jobIds,
  newRunId,
  type JobContext,
  type JobName,
  type JobCounts,
  type JobQueue,
  type JsonObject,
  type QueueHealth,
  type RunHandlers,
  type RunQueueStatus,
  type RunRequest,
} from './types.ts';

/** A job this queue cannot run: failed at once, not retried. */
class UnrecoverableJobError extends Error {
  readonly retriable = false;
}

/** A timer may fire a little before its time; within this many ms of the due time counts as due. */
const EARLY_TIMER_MS = 50;

export interface InProcessQueueOptions {
  /** jobs running at once (WORKER_CONCURRENCY) */
  concurrency: number;
  attempts?: number;
  backoffMs?: number;
  debounceMs?: number;
  logger?: Logger;
  now?: () => Date;
}

interface RunTracker {
  status: RunQueueStatus;
}

interface JobSpec {
  name: JobName;
  jobId: string;
  data: JsonObject;
  queuedAt: number;
}

interface OrgEntry {
  state: 'waiting' | 'active';
  again: boolean;
}

export class InProcessQueue implements JobQueue {
  readonly kind = 'inprocess' as const;
  private readonly ready: (() => Promise<void>)[] = [];
  private active = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly runs = new Map<string, RunTracker>();
  private readonly organisations = new Map<string, OrgEntry>();
  /** the cron timers, full runs' and incremental runs' */
  private readonly schedules = new Map<'full' | 'incremental', NodeJS.Timeout>();
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly debounceMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly handlers: RunHandlers,
    private readonly options: InProcessQueueOptions,
  ) {
    this.attempts = options.attempts ?? QUEUE_DEFAULTS.attempts;
    this.backoffMs = options.backoffMs ?? QUEUE_DEFAULTS.backoffMs;
    this.debounceMs = options.debounceMs ?? QUEUE_DEFAULTS.debounceMs;
    this.now = options.now ?? (() => new Date());
  }

  async enqueueRun(request: RunRequest = {}): Promise<{ runId: string }> {
    this.assertOpen();
    const queuedAt = this.now();
    const runId = request.runId ?? newRunId(queuedAt, randomBytes(2).toString('hex'));
    if (this.runs.has(runId)) return { runId };
    const tracker: RunTracker = {
      status: { runId, state: 'queued', shards: { total: 0, done: 0, failed: 0 }, queuedAt: queuedAt.toISOString() },
    };
    this.runs.set(runId, tracker);
    const data: JsonObject = { runId, scope: request.scope ?? '' };
    if (request.kind === 'incremental') {
      tracker.status.kind = 'incremental';
      this.submitIncremental(tracker, data, queuedAt.getTime());
      return { runId };
    }
    if (request.asOf) data.asOf = request.asOf;
    this.submit(
      { name: JOB.startRun, jobId: jobIds.start(runId), data, queuedAt: queuedAt.getTime() },
      {
        exec: async (ctx) => {
          tracker.status.state = 'planning';
          const plan = await this.handlers.planRun(data, ctx);
          if (this.isFailed(tracker)) return;
          tracker.status.state = 'scoring';
          tracker.status.shards.total = plan.shards.length;
          if (plan.shards.length === 0) this.commit(tracker, plan.commit);
          plan.shards.forEach((shard, index) =>
            this.submit(
              { name: JOB.scoreShard, jobId: jobIds.shard(runId, index), data: shard, queuedAt: Date.now() },
              {
                exec: async (shardCtx) => {
                  if (!this.isFailed(tracker)) await this.handlers.scoreShard(shard, shardCtx);
                },
                done: () => {
                  tracker.status.shards.done++;
                  if (tracker.status.shards.done === tracker.status.shards.total && !this.isFailed(tracker))
                    this.commit(tracker, plan.commit);
                },
                failed: (error) => {
                  tracker.status.shards.failed++;
                  this.fail(tracker, error);
                },
              },
            ),
          );
        },
        failed: (error) => this.fail(tracker, error),
      },
    );
    return { runId };
  }

  async enqueueOrganisationRefresh(orgIds: readonly string[], options: { scope?: string; cascade?: boolean } = {}): Promise<void> {
    this.assertOpen();
    const scope = options.scope ?? '';
    const cascade = options.cascade ?? true;
    for (const orgId of new Set(orgIds)) {
      const key = jobIds.organisation(scope, orgId, cascade);
      const entry = this.organisations.get(key);
      if (entry) {
        // Waiting: this change is covered. Running: it may have read the old record; run once more after.
        if (entry.state === 'active') entry.again = true;
        continue;
      }
      this.organisations.set(key, { state: 'waiting', again: false });
      this.refreshLater(key, { orgId, scope, cascade });
    }
  }

  async scheduleRuns(cron: string, request: Omit<RunRequest, 'runId' | 'asOf'> = {}): Promise<void> {
    this.assertOpen();
    const schedule = parseCron(cron);
    const kind = request.kind ?? 'full';
    clearTimeout(this.schedules.get(kind));
    const arm = (after: Date) => {
      const next = schedule.next(after);
      // setTimeout holds at most ~24.8 days; a longer wait re-arms on the way.
      const wait = Math.min(next.getTime() - this.now().getTime(), 2 ** 31 - 1);
      const timer = setTimeout(
        () => {
          if (this.closed) return;
          const now = this.now();
          if (now.getTime() < next.getTime() - EARLY_TIMER_MS) return arm(after); // a long wait, re-armed on the way
          this.enqueueRun({ scope: request.scope, kind }).catch((error: unknown) =>
            this.options.logger?.error({ err: error }, 'scheduled refresh run not queued'),
          );
          // From the later of the two: a process that slept through several due times runs once, not once for each.
          arm(new Date(Math.max(now.getTime(), next.getTime())));
        },
        Math.max(0, wait),
      );
      timer.unref();
      this.schedules.set(kind, timer);
    };
    arm(this.now());
  }

  async runStatus(runId: string): Promise<RunQueueStatus | undefined> {
    const tracker = this.runs.get(runId);
    return tracker ? structuredClone(tracker.status) : undefined;
  }

  async health(): Promise<QueueHealth> {
    return { name: 'queue:inprocess', ok: !this.closed, detail: `${this.active} running, ${this.ready.length} waiting` };
  }

  async isScheduled(): Promise<boolean> {
    return this.schedules.has('full') && !this.closed;
  }

  async jobCounts(): Promise<JobCounts> {
    const failed = [...this.runs.values()].filter((r) => r.status.state === 'failed').length;
    return { waiting: this.ready.length + this.timers.size, active: this.active, failed };
  }

  /** Resolves when no job is running, waiting, or due later (retries, debounced refreshes). For tests and benchmarks. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.schedules.values()) clearTimeout(timer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.ready.length = 0;
    while (this.active > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    this.notifyIdle();
  }

  /** An incremental run: one job (queued → scoring → completed or failed). */
  private submitIncremental(tracker: RunTracker, data: JsonObject, queuedAt: number): void {
    const { runId } = tracker.status;
    this.submit(
      { name: JOB.incrementalRun, jobId: jobIds.incremental(runId), data, queuedAt },
      {
        exec: async (ctx) => {
          if (!this.handlers.incrementalRun) throw new UnrecoverableJobError('queue/inprocess: this queue has no incremental run');
          tracker.status.state = 'scoring';
          await this.handlers.incrementalRun(data, ctx);
        },
        done: () => {
          tracker.status.state = 'completed';
          tracker.status.finishedAt = this.now().toISOString();
        },
        failed: (error) => this.fail(tracker, error),
      },
    );
  }

  private commit(tracker: RunTracker, data: JsonObject): void {
    const { runId } = tracker.status;
    tracker.status.state = 'committing';
    this.submit(
      { name: JOB.commitRun, jobId: jobIds.commit(runId), data, queuedAt: Date.now() },
      {
        exec: async (ctx) => {
          await this.handlers.commitRun(data, ctx);
        },
        done: () => {
          tracker.status.state = 'completed';
          tracker.status.finishedAt = this.now().toISOString();
        },
        failed: (error) => this.fail(tracker, error),
      },
    );
  }

  private fail(tracker: RunTracker, error: unknown): void {
    if (this.isFailed(tracker)) return;
    const reason = error instanceof Error ? error.message : String(error);
    Object.assign(tracker.status, { state: 'failed', failedReason: reason, finishedAt: this.now().toISOString() });
    this.track(this.handlers.runFailed(tracker.status.runId, reason));
  }

  private isFailed(tracker: RunTracker): boolean {
    return tracker.status.state === 'failed';
  }

  private refreshLater(key: string, data: JsonObject): void {
    const entry = this.organisations.get(key)!;
    this.later(this.debounceMs, () =>
      this.submit(
        { name: JOB.refreshOrganisation, jobId: key, data, queuedAt: Date.now() },
        {
          exec: async (ctx) => {
            entry.state = 'active';
            if (!this.handlers.refreshOrganisation)
              throw new UnrecoverableJobError('queue/inprocess: this queue has no organisation refresh');
            const result = await this.handlers.refreshOrganisation(data, ctx);
            if (result.cascade.length > 0)
              await this.enqueueOrganisationRefresh(result.cascade, { scope: data.scope as string, cascade: false });
          },
          done: () => this.settleOrganisation(key, data),
          failed: () => this.settleOrganisation(key, data),
        },
      ),
    );
  }

  private settleOrganisation(key: string, data: JsonObject): void {
    const entry = this.organisations.get(key);
    if (entry?.again && !this.closed) {
      Object.assign(entry, { state: 'waiting', again: false });
      this.refreshLater(key, data);
    } else this.organisations.delete(key);
  }

  /** Runs a job on the pool with retries; `done` or `failed` (for good) is called once. */
  private submit(
    spec: JobSpec,
    callbacks: { exec: (ctx: JobContext) => Promise<void>; done?: () => void; failed?: (error: unknown) => void },
    attempt = 1,
  ): void {
    if (this.closed) return;
    const ctx: JobContext = {
      jobId: spec.jobId,
      queuedAt: spec.queuedAt,
      attempt,
      progress: async () => {},
      log: async (message) => this.options.logger?.debug({ jobId: spec.jobId, job: spec.name }, message),
    };
    this.ready.push(async () => {
      try {
        await callbacks.exec(ctx);
        callbacks.done?.();
      } catch (error) {
        const final = isUnrecoverable(error) || attempt >= this.attempts;
        this.options.logger?.warn(
          { err: error, job: spec.name, jobId: spec.jobId, attempt, final },
          final ? 'job failed' : 'job failed; will retry',
        );
        if (final) callbacks.failed?.(error);
        else this.later(this.backoffMs * 2 ** (attempt - 1), () => this.submit(spec, callbacks, attempt + 1));
      }
    });
    this.pump();
  }

  private pump(): void {
    while (this.active < this.options.concurrency && this.ready.length > 0) {
      const task = this.ready.shift()!;
      this.active++;
      void task().finally(() => {
        this.active--;
        this.pump();
        this.notifyIdle();
      });
    }
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
      this.notifyIdle();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private track(promise: Promise<unknown>): void {
    this.active++;
    promise
      .catch((error: unknown) => this.options.logger?.error({ err: error }, 'refresh: marking a run failed did not work'))
      .finally(() => {
        this.active--;
        this.notifyIdle();
      });
  }

  private isIdle(): boolean {
    return this.active === 0 && this.ready.length === 0 && this.timers.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private assertOpen(): void {
    if (this.closed) throw new QueueUnavailableError('queue/inprocess: the queue is closed (shutting down)');
  }
}
