/**
 * The JobQueue on BullMQ 6 and Redis (ioredis): the only module importing either. One queue (default name
 * `partner-refresh`, keys under QUEUE_PREFIX) carries every job of the refresh:
 *
 *   start-run ──plans──▶ FlowProducer: commit-run (parent) ◀── score-shard × S (children)
 *   refresh-organisation (one per organisation id, de-duplicated)
 *   incremental-run (one job per incremental run, id `inc-<run>`)
 *
 * The start-run job (queued by POST /v1/refresh-runs or by the job scheduler, `upsertJobScheduler`) plans the
 * run and adds the flow atomically; BullMQ runs the parent only once every child has completed. A child that
 * fails for good fails the parent (failParentOnFailure) and the run is marked failed. Job ids derive from the
 * run id (`<run>-start`, `<run>-shard-<i>`, `<run>-commit`), so a repeated request or a retried planning step
 * adds nothing twice.
 *
 * Producers (the API) use a connection that gives up after a few retries, so a request made while Redis is
 * down fails fast with QueueUnavailableError (503); workers use `maxRetriesPerRequest: null` as BullMQ requires
 * and wait for Redis to come back. A worker killed mid-job loses its lock; after `lockDurationMs` the stalled
 * check hands the job to another (or the restarted) worker, and the shard is rewritten idempotently.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FlowProducer, Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
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
  type JobCounts,
  type JobQueue,
  type JsonObject,
  type QueueHealth,
  type RunHandlers,
  type RunQueueState,
  type RunQueueStatus,
  type RunRequest,
} from './types.ts';

export const DEFAULT_QUEUE_NAME = 'partner-refresh';
const DEFAULT_SCHEDULER_ID = 'nightly-partner-refresh';

export interface BullmqOptions {
  redisUrl: string;
  /** Redis key prefix (QUEUE_PREFIX); tests use a fresh one each */
  prefix: string;
  /** default DEFAULT_QUEUE_NAME (the refresh); the alerts run has its own (src/alerts/wiring.ts) */
  queueName?: string;
  /** the job scheduler's id in this queue; default 'nightly-partner-refresh' */
  schedulerId?: string;
  attempts?: number;
  backoffMs?: number;
  debounceMs?: number;
  logger?: Logger;
}

export interface BullmqWorkerOptions extends BullmqOptions {
  /** jobs one worker process runs at once (WORKER_CONCURRENCY) */
  concurrency: number;
  /** how long a job's lock lasts without renewal: a killed worker's job is taken over after about this long */
  lockDurationMs?: number;
  /** how often workers look for stalled jobs */
  stalledIntervalMs?: number;
}

/** Keep finished jobs a while for the dashboard, not for ever. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };

export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  /** the BullMQ queue, for the dashboard (src/queue/dashboard.ts) */
  readonly queue: Queue;
  readonly name: string;
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly jobOptions: JobsOptions;
  private readonly debounceMs: number;
  private readonly schedulerId: string;

  constructor(
    private readonly options: BullmqOptions,
    connection?: Redis,
  ) {
    this.name = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.schedulerId = options.schedulerId ?? DEFAULT_SCHEDULER_ID;
    this.ownsConnection = connection === undefined;
    // Producer connection: fail a command after two reconnection attempts instead of queueing it for ever.
    this.connection = connection ?? new Redis(options.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
    if (this.ownsConnection)
      this.connection.on('error', (error) => options.logger?.debug({ err: error }, 'queue/bullmq: redis connection error'));
    this.queue = new Queue(this.name, { connection: this.connection, prefix: options.prefix });
    this.queue.on('error', (error) => options.logger?.warn({ err: error }, 'queue/bullmq: queue error'));
    this.jobOptions = {
      attempts: options.attempts ?? QUEUE_DEFAULTS.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs ?? QUEUE_DEFAULTS.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    };
    this.debounceMs = options.debounceMs ?? QUEUE_DEFAULTS.debounceMs;
  }

  /** Job options every refresh job gets (attempts, exponential backoff, retention). */
  get defaultJobOptions(): JobsOptions {
    return { ...this.jobOptions };
  }

  async enqueueRun(request: RunRequest = {}): Promise<{ runId: string }> {
    const runId = request.runId ?? newRunId(new Date(), randomBytes(2).toString('hex'));
    const data: JsonObject = { runId, scope: request.scope ?? '' };
    if (request.kind === 'incremental') {
      await this.guard('enqueueRun', () =>
        this.queue.add(JOB.incrementalRun, data, { ...this.jobOptions, jobId: jobIds.incremental(runId) }),
      );
      return { runId };
    }
    if (request.asOf) data.asOf = request.asOf;
    await this.guard('enqueueRun', () => this.queue.add(JOB.startRun, data, { ...this.jobOptions, jobId: jobIds.start(runId) }));
    return { runId };
  }

  async enqueueOrganisationRefresh(orgIds: readonly string[], options: { scope?: string; cascade?: boolean } = {}): Promise<void> {
    const scope = options.scope ?? '';
    const cascade = options.cascade ?? true;
    const jobs = [...new Set(orgIds)].map((orgId) => ({
      name: JOB.refreshOrganisation,
      data: { orgId, scope, cascade },
      opts: {
        ...this.jobOptions,
        removeOnComplete: true,
        delay: this.debounceMs,
        // While one is waiting, more changes to the organisation add nothing; while one runs (it may have
        // read the old record), the latest is kept and runs after it.
        deduplication: { id: jobIds.organisation(scope, orgId, cascade), keepLastIfActive: true },
      },
    }));
    if (jobs.length > 0) await this.guard('enqueueOrganisationRefresh', () => this.queue.addBulk(jobs));
  }

  async scheduleRuns(cron: string, request: Omit<RunRequest, 'runId' | 'asOf'> = {}): Promise<void> {
    parseCron(cron); // fail here on a bad pattern, with the same message as the in-process runner
    // Incremental runs have a schedule of their own; its jobs queue the run under its own id (processJob).
    const incremental = request.kind === 'incremental';
    await this.guard('scheduleRuns', () =>
      this.queue.upsertJobScheduler(
        incremental ? `${this.schedulerId}-incremental` : this.schedulerId,
        { pattern: cron },
        { name: incremental ? JOB.incrementalRun : JOB.startRun, data: { scope: request.scope ?? '' }, opts: this.jobOptions },
      ),
    );
  }

  async runStatus(runId: string): Promise<RunQueueStatus | undefined> {
    return this.guard('runStatus', async () => {
      // The state first, then the job: read the other way round, a job fetched while active could be reported failed
      // without its failedReason.
      const state = await this.queue.getJobState(jobIds.incremental(runId));
      const incremental = state === 'unknown' ? undefined : await this.queue.getJob(jobIds.incremental(runId));
      if (incremental) {
        const status: RunQueueStatus = {
          runId,
          kind: 'incremental',
          state: INCREMENTAL_STATE[state] ?? 'queued',
          shards: { total: 0, done: 0, failed: 0 },
          queuedAt: new Date(incremental.timestamp).toISOString(),
        };
        return finish(status, incremental);
      }
      // The start job first: it adds the commit job before it completes, so reading them in this order never
      // sees a completed start without its commit job (unless retention removed it, long after).
      const start = await this.queue.getJob(jobIds.start(runId));
      const startState = start ? await start.getState() : undefined;
      const commit = await this.queue.getJob(jobIds.commit(runId));
      if (commit) {
        const state = await commit.getState();
        const counts = await commit.getDependenciesCount();
        const done = counts.processed ?? 0;
        const failed = (counts.failed ?? 0) + (counts.ignored ?? 0);
        const status: RunQueueStatus = {
          runId,
          state: COMMIT_STATE[state] ?? 'scoring',
          shards: { total: done + failed + (counts.unprocessed ?? 0), done, failed },
          queuedAt: new Date((start ?? commit).timestamp).toISOString(),
        };
        return finish(status, commit);
      }
      if (!start) return undefined;
      const status: RunQueueStatus = {
        runId,
        state:
          startState === 'active' ? 'planning' : startState === 'failed' ? 'failed' : startState === 'completed' ? 'completed' : 'queued',
        shards: { total: 0, done: 0, failed: 0 },
        queuedAt: new Date(start.timestamp).toISOString(),
      };
      return finish(status, start);
    });
  }

  async health(): Promise<QueueHealth> {
    try {
      await Promise.race([
        this.connection.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref()),
      ]);
      return {
        name: 'queue:bullmq',
        ok: true,
        detail: `redis ${this.connection.options.host}:${this.connection.options.port}, queue ${this.options.prefix}:${this.name}`,
      };
    } catch (error) {
      return { name: 'queue:bullmq', ok: false, detail: `Redis unreachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async isScheduled(): Promise<boolean> {
    return this.guard('isScheduled', async () => (await this.queue.getJobScheduler(this.schedulerId)) !== undefined);
  }

  async jobCounts(): Promise<JobCounts> {
    return this.guard('jobCounts', async () => {
      const c = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'waiting-children', 'active', 'failed');
      return {
        waiting: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
        active: c.active ?? 0,
        failed: c.failed ?? 0,
      };
    });
  }

  /** Removes the job scheduler (the nightly run); for tests and admin tooling. */
  async unscheduleRuns(): Promise<void> {
    await this.queue.removeJobScheduler(this.schedulerId);
  }

  /** Deletes every key of this queue (tests). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.queue.close();
    if (this.ownsConnection) await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async guard<T>(op: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConnectionError(error))
        throw new QueueUnavailableError(`queue/bullmq: ${op}: Redis is unavailable: ${(error as Error).message}`, { cause: error });
      throw error;
    }
  }
}

const COMMIT_STATE: Record<string, RunQueueState> = {
  'waiting-children': 'scoring',
  waiting: 'committing',
  prioritized: 'committing',
  delayed: 'committing',
  active: 'committing',
  completed: 'completed',
  failed: 'failed',
};

const INCREMENTAL_STATE: Record<string, RunQueueState> = {
  waiting: 'queued',
  prioritized: 'queued',
  delayed: 'queued',
  active: 'scoring',
  completed: 'completed',
  failed: 'failed',
};

function finish(status: RunQueueStatus, job: Job): RunQueueStatus {
  if (status.state === 'failed' && job.failedReason) status.failedReason = job.failedReason;
  if ((status.state === 'failed' || status.state === 'completed') && job.finishedOn)
    status.finishedAt = new Date(job.finishedOn).toISOString();
  return status;
}

export interface BullmqWorker {
  close(): Promise<void>;
}

/**
 * Starts a worker process's consumer: runs the handlers for every job of the queue, `concurrency` at a time.
 * close() stops taking jobs, waits for the running ones and releases every connection.
 */
export async function startBullmqWorker(handlers: RunHandlers, options: BullmqWorkerOptions): Promise<BullmqWorker> {
  const logger = options.logger;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (error) => logger?.debug({ err: error }, 'queue/bullmq: worker redis connection error'));
  const producer = new BullmqQueue(options, connection);
  const flows = new FlowProducer({ connection, prefix: options.prefix });
  flows.on('error', (error) => logger?.warn({ err: error }, 'queue/bullmq: flow producer error'));

  const worker = new Worker(producer.name, (job) => processJob(job, { handlers, producer, flows }), {
    connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs ?? QUEUE_DEFAULTS.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? QUEUE_DEFAULTS.stalledIntervalMs,
    // A job may be taken over twice (two crashes) before it is failed as stalled.
    maxStalledCount: 2,
  });
  worker.on('error', (error) => logger?.error({ err: error }, 'queue/bullmq: worker error'));
  worker.on('failed', (job, error) => failRunOf(job, error, handlers, logger));
  worker.on('completed', (job) => logger?.debug({ job: job.name, jobId: job.id }, 'job completed'));
  await worker.waitUntilReady();

  return {
    async close() {
      await worker.close();
      await flows.close();
      await producer.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** What a worker's jobs run with: the handlers, the queue to add follow-up jobs to, and the flow producer. */
interface WorkerParts {
  handlers: RunHandlers;
  producer: BullmqQueue;
  flows: FlowProducer;
}

/** Runs one job with its handler; errors that must not be retried become BullMQ's UnrecoverableError. */
async function processJob(job: Job, parts: WorkerParts): Promise<unknown> {
  const { handlers, producer } = parts;
  const ctx = jobContext(job);
  try {
    switch (job.name) {
      case JOB.startRun:
        return await planAndFanOut(job, ctx, parts);
      case JOB.scoreShard:
        return await handlers.scoreShard(job.data, ctx);
      case JOB.commitRun:
        return await handlers.commitRun(job.data, ctx);
      case JOB.incrementalRun: {
        if (!handlers.incrementalRun) throw new UnrecoverableError(`queue/bullmq: ${producer.name} has no incremental run`);
        const runId = runIdOf(job)!;
        // A scheduled job (no run id in its payload) queues the run under its own id, so runStatus finds it.
        if (job.id !== jobIds.incremental(runId)) {
          await producer.enqueueRun({ runId, scope: stringOr(asObject(job.data).scope, ''), kind: 'incremental' });
          return { runId, queued: true };
        }
        return await handlers.incrementalRun(job.data, ctx);
      }
      case JOB.refreshOrganisation: {
        if (!handlers.refreshOrganisation) throw new UnrecoverableError(`queue/bullmq: ${producer.name} has no organisation refresh`);
        const result = await handlers.refreshOrganisation(job.data, ctx);
        const scope = typeof asObject(job.data).scope === 'string' ? (asObject(job.data).scope as string) : '';
        if (result.cascade.length > 0) await producer.enqueueOrganisationRefresh(result.cascade, { scope, cascade: false });
        return result;
      }
      default:
        throw new UnrecoverableError(`queue/bullmq: no handler for job "${job.name}"`);
    }
  } catch (error) {
    if (isUnrecoverable(error)) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}

function jobContext(job: Job): JobContext {
  return {
    jobId: job.id ?? '',
    queuedAt: job.timestamp,
    attempt: job.attemptsMade + 1,
    progress: (value) => job.updateProgress(value),
    log: async (message) => {
      await job.log(message);
    },
  };
}

/** Plans a run, then adds its commit job with one child job per shard, atomically (one flow). */
async function planAndFanOut(job: Job, ctx: JobContext, { handlers, producer, flows }: WorkerParts): Promise<JsonObject> {
  const runId = runIdOf(job)!;
  // The flow is added atomically: once its parent exists, this run is planned (this is a retry).
  if (await producer.queue.getJob(jobIds.commit(runId))) return { runId, planned: 'before' };
  const plan = await handlers.planRun({ ...asObject(job.data), runId }, ctx);
  const jobOptions = producer.defaultJobOptions;
  const commit = {
    name: JOB.commitRun,
    queueName: producer.name,
    data: plan.commit,
    opts: { ...jobOptions, jobId: jobIds.commit(runId) },
  };
  if (plan.shards.length === 0) await producer.queue.add(commit.name, commit.data, commit.opts);
  else
    await flows.add({
      ...commit,
      children: plan.shards.map((data, index) => ({
        name: JOB.scoreShard,
        queueName: producer.name,
        data,
        opts: { ...jobOptions, jobId: jobIds.shard(runId, index), failParentOnFailure: true },
      })),
    });
  return { runId, shards: plan.shards.length };
}

/** A run's job failed for good (not just one attempt): the run will not complete, so it is marked failed. */
function failRunOf(job: Job | undefined, error: Error, handlers: RunHandlers, logger: Logger | undefined): void {
  if (!job || job.name === JOB.refreshOrganisation) return;
  void (async () => {
    // 'failed' is emitted for every failed attempt; only a job failed for good ends its run.
    if ((await job.getState()) !== 'failed') return;
    const runId = runIdOf(job);
    if (runId) await handlers.runFailed(runId, `${job.name} ${job.id}: ${error.message}`);
  })().catch((err: unknown) => logger?.error({ err, jobId: job.id }, 'queue/bullmq: could not mark the run failed'));
}

/**
 * The run a job belongs to: its payload's runId, or for a scheduled start-run one derived from the job, the
 * same on every retry: the scheduler's job id ends with the time it was due (`repeat:<id>:<ms>`).
 */
function runIdOf(job: Job): string | undefined {
  const data = asObject(job.data);
  if (typeof data.runId === 'string') return data.runId;
  if (job.name !== JOB.startRun && job.name !== JOB.incrementalRun) return undefined;
  const due = /:(\d{12,})$/.exec(job.id ?? '')?.[1];
  return newRunId(
    new Date(due ? Number(due) : job.timestamp),
    createHash('sha256')
      .update(job.id ?? '')
      .digest('hex')
      .slice(0, 4),
  );
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|connect ECONNREFUSED|Reached the max retries/.test(error.message)
  );
}
