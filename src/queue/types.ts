/**
 * The job queue behind the partner-score refresh, as a small interface with two implementations: BullMQ on
 * Redis (src/queue/bullmq-queue.ts, the only module importing bullmq or ioredis; workers run in
 * `npm run worker` processes) and an in-process runner (src/queue/inprocess-queue.ts) that runs the same
 * handlers inside the API process, for the embedded default. tests/contract/queue-contract.ts runs against both.
 *
 * The queue knows the shape of a run (plan → shards in parallel → commit) but nothing of what the steps do:
 * those are the RefreshHandlers, implemented in src/refresh/jobs.ts. Handlers receive payloads as `unknown`
 * and parse them first; the queue only decides from what they throw whether a job is retried:
 * an error with `retriable === false` (validation, domain) fails the job for good, anything else is retried
 * with exponential backoff until the attempts run out.
 */

/** Retry, debounce and lock defaults of the queues (the lock settings apply to BullMQ only). */
export const QUEUE_DEFAULTS = Object.freeze({
  /** tries per job, the first included, for retriable errors */
  attempts: 5,
  /** first retry delay in ms; each further retry waits twice as long */
  backoffMs: 2000,
  /** an organisation refresh waits this long (ms) so a burst of changes to it becomes one job */
  debounceMs: 1000,
  /** BullMQ: how long (ms) a job's lock lasts without renewal; a killed worker's job is taken over after about this long */
  lockDurationMs: 30_000,
  /** BullMQ: how often (ms) workers look for stalled jobs */
  stalledIntervalMs: 30_000,
});

/** Job names, as shown on the dashboard. */
export const JOB = {
  startRun: 'start-run',
  scoreShard: 'score-shard',
  commitRun: 'commit-run',
  refreshOrganisation: 'refresh-organisation',
  incrementalRun: 'incremental-run',
} as const;
export type JobName = (typeof JOB)[keyof typeof JOB];

export type JsonObject = { [key: string]: unknown };

export interface RunRequest {
  /** letters, digits, '.', '_' and '-'; generated when absent */
  runId?: string;
  /**
   * full (the default: plan → shards → commit) or incremental (one `incremental-run` job rewriting the lists of the
   * current run that changes can affect; refresh only)
   */
  kind?: 'full' | 'incremental';
  /** organisations whose id starts with this ('' = all, the default) */
  scope?: string;
  /** scoring date (ISO 8601), default: when the run was queued */
  asOf?: string;
}

/** What a handler may do besides returning: report progress and log to the job. */
export interface JobContext {
  /** the queue's id of this job */
  readonly jobId: string;
  /** when the job was first queued (ms since epoch); the same on every retry */
  readonly queuedAt: number;
  /** 1 on the first try */
  readonly attempt: number;
  progress(value: number | JsonObject): Promise<void>;
  log(message: string): Promise<void>;
}

/** A planned run: the shard payloads to fan out and the commit payload of the parent. */
export interface RunPlan {
  runId: string;
  shards: readonly JsonObject[];
  commit: JsonObject;
}

/**
 * The steps of a sharded run (plan → shards in parallel → commit), whatever the run computes: the partner refresh
 * (src/refresh/jobs.ts) and the alerts run (src/alerts/jobs.ts) each implement them, on a queue of their own.
 */
export interface RunHandlers {
  /** Reads what the run works on and registers the run; returns its shards. */
  planRun(data: unknown, ctx: JobContext): Promise<RunPlan>;
  scoreShard(data: unknown, ctx: JobContext): Promise<JsonObject>;
  /** Runs once every shard is done. */
  commitRun(data: unknown, ctx: JobContext): Promise<JsonObject>;
  /** A run that will not complete (a shard or the commit failed for good): mark it failed, drop its rows. */
  runFailed(runId: string, reason: string): Promise<void>;
  /** Recomputes one organisation's list; returns the ids to refresh next (without cascading further). Refresh only. */
  refreshOrganisation?(data: unknown, ctx: JobContext): Promise<{ cascade: readonly string[] } & JsonObject>;
  /** An incremental run, in one job (src/refresh/incremental-run.ts). Refresh only. */
  incrementalRun?(data: unknown, ctx: JobContext): Promise<JsonObject>;
}

export interface RefreshHandlers extends RunHandlers {
  refreshOrganisation(data: unknown, ctx: JobContext): Promise<{ cascade: readonly string[] } & JsonObject>;
  incrementalRun(data: unknown, ctx: JobContext): Promise<JsonObject>;
}

export type RunQueueState = 'queued' | 'planning' | 'scoring' | 'committing' | 'completed' | 'failed';

/** A run as the queue sees it; durable facts (counts, times) live in the PartnerScoreStore. */
export interface RunQueueStatus {
  runId: string;
  /** full unless the queue knows it as an incremental run */
  kind?: 'full' | 'incremental';
  state: RunQueueState;
  shards: { total: number; done: number; failed: number };
  failedReason?: string;
  queuedAt?: string;
  finishedAt?: string;
}

export interface JobCounts {
  waiting: number;
  active: number;
  failed: number;
}

export interface QueueHealth {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface JobQueue {
  readonly kind: 'inprocess' | 'bullmq';
  /** Queues a full refresh run now. Idempotent per run id: queuing the same id twice runs it once. */
  enqueueRun(request?: RunRequest): Promise<{ runId: string }>;
  /**
   * Queues a refresh of these organisations' lists (and, with cascade, of the lists that include them).
   * One job per organisation id: a refresh already waiting for the same id absorbs the new one.
   */
  enqueueOrganisationRefresh(orgIds: readonly string[], options?: { scope?: string; cascade?: boolean }): Promise<void>;
  /**
   * Creates or replaces the cron schedule of full runs, or with `kind: 'incremental'` the separate schedule of
   * incremental runs (src/queue/cron.ts: 5 or 6 fields, server time zone).
   */
  scheduleRuns(cron: string, request?: Omit<RunRequest, 'runId' | 'asOf'>): Promise<void>;
  /** undefined when the queue has never heard of the run (or has forgotten it). */
  runStatus(runId: string): Promise<RunQueueStatus | undefined>;
  health(): Promise<QueueHealth>;
  /**
   * Whether the nightly schedule of full runs (scheduleRuns) exists now. A Redis that restarted empty has lost it
   * (src/refresh/watchdog.ts re-creates it); false before scheduleRuns is first called.
   */
  isScheduled(): Promise<boolean>;
  /** Jobs by state, for /metrics: waiting (incl. delayed and waiting for children), active, failed (kept). */
  jobCounts(): Promise<JobCounts>;
  /** Stops scheduling, waits for running jobs, releases connections. */
  close(): Promise<void>;
}

/** Job ids derived from the run id, so a repeated request collapses into the same jobs. */
export const jobIds = {
  start: (runId: string) => `${runId}-start`,
  commit: (runId: string) => `${runId}-commit`,
  shard: (runId: string, index: number) => `${runId}-shard-${index}`,
  incremental: (runId: string) => `inc-${runId}`,
  organisation: (scope: string, orgId: string, cascade: boolean) =>
    `org-${cascade ? 'c' : 'n'}-${scope ? `${scope}~` : ''}${orgId}`.replace(/:/g, '_'),
};

/** `run-20261127T020000Z-3f9c`: sortable, no ':' (BullMQ job ids may not contain one). */
export function newRunId(at: Date, entropy: string): string {
  return `run-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${entropy}`;
}

export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Whether a thrown error should fail the job for good (see the module comment). */
export function isUnrecoverable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === false;
}
