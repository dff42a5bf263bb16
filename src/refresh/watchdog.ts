/**
 * Keeps the refresh honest when Redis restarts empty (issue #16 item 5): BullMQ's job scheduler (the nightly run)
 * and every queued or running job live only in Redis, so an empty restart silently drops the schedule and leaves a
 * run the durable store still calls "scoring" for ever. The watchdog, run every `intervalMs` and on /healthz:
 *  - re-creates the schedule when the queue no longer has it;
 *  - fails every run the durable store says is running but the queue no longer knows (an orphan: nothing will ever
 *    finish it), then queues a fresh run of the same scope and kind (full or incremental) in its place, so the lists
 *    are still refreshed;
 * and reports both in its health check. A Redis that is down skips a round (the queue's own check says so).
 */
import type { Logger } from 'pino';
import type { HealthCheck } from '../http/app.ts';
import type { JobQueue } from '../queue/types.ts';
import { QueueUnavailableError } from '../shared/errors.ts';
import type { PartnerScoreStore } from './partner-scores.ts';

export const WATCHDOG_DEFAULTS = Object.freeze({
  /** how often the schedule and the running runs are checked, in ms */
  intervalMs: 60_000,
  /**
   * a run younger than this (ms since it began) is never called an orphan: the queue may not have recorded its jobs
   * yet in the instant between two reads
   */
  graceMs: 10_000,
  /** /healthz waits at most this long (ms) for a round; a queue that does not answer is reported, not waited for */
  healthWaitMs: 3000,
});

export interface WatchdogEvent {
  at: string;
  what: 'schedule-recreated' | 'orphan-failed';
  detail: string;
}

export interface WatchdogOptions {
  queue: JobQueue;
  scores: PartnerScoreStore;
  /** the nightly cron pattern, to re-create the schedule with */
  cron: string;
  /** the incremental runs' cron pattern (REFRESH_INCREMENTAL_CRON), re-created with the nightly one: Redis loses both */
  incrementalCron?: string;
  logger: Logger;
  now?: () => Date;
  intervalMs?: number;
  graceMs?: number;
  /**
   * Look for orphaned runs (default true). Only where the queue is shared by every process (BullMQ): an in-process
   * queue knows only its own runs, and another API process's run would look orphaned to it.
   */
  detectOrphans?: boolean;
}

export interface CheckResult {
  scheduleRecreated: boolean;
  orphans: string[];
  replacements: string[];
}

export class RefreshWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CheckResult> | undefined;
  /** the latest events, newest last (at most 20) */
  private readonly events: WatchdogEvent[] = [];
  private lastError: string | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    const every = this.options.intervalMs ?? WATCHDOG_DEFAULTS.intervalMs;
    this.timer = setInterval(() => void this.check().catch(() => undefined), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round (concurrent callers share it). Never throws for an unreachable queue: that is reported instead. */
  check(): Promise<CheckResult> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The health checks /healthz shows: the schedule, and orphaned runs found (and failed) lately. */
  async health(): Promise<HealthCheck[]> {
    const wait = WATCHDOG_DEFAULTS.healthWaitMs;
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      this.check(),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), wait))),
    ]).finally(() => clearTimeout(timer));
    if (!result) this.lastError = `not checked: the queue did not answer within ${wait / 1000} s`;
    const recent = this.events.slice(-5).map((e) => `${e.at} ${e.detail}`);
    const scheduleEvents = this.events.filter((e) => e.what === 'schedule-recreated');
    const orphanEvents = this.events.filter((e) => e.what === 'orphan-failed');
    const schedule: HealthCheck = {
      name: 'refresh:schedule',
      ok: this.lastError === undefined,
      detail:
        this.lastError ??
        (scheduleEvents.length > 0
          ? `nightly run scheduled (${this.options.cron}); re-created ${scheduleEvents.length} time(s) after it went missing, last at ${scheduleEvents.at(-1)!.at}`
          : `nightly run scheduled (${this.options.cron})`),
    };
    const runs: HealthCheck = {
      name: 'refresh:orphaned-runs',
      ok: true,
      detail:
        orphanEvents.length === 0
          ? 'none'
          : `${orphanEvents.length} run(s) the queue had lost were failed and replaced${result && result.orphans.length > 0 ? ' just now' : ''}: ${recent.filter((r) => r.includes('orphan')).join('; ')}`,
    };
    return [schedule, runs];
  }

  private async round(): Promise<CheckResult> {
    const { queue, scores, cron, logger } = this.options;
    const result: CheckResult = { scheduleRecreated: false, orphans: [], replacements: [] };
    try {
      if (!(await queue.isScheduled())) {
        await queue.scheduleRuns(cron);
        if (this.options.incrementalCron) await queue.scheduleRuns(this.options.incrementalCron, { kind: 'incremental' });
        result.scheduleRecreated = true;
        this.record('schedule-recreated', `the nightly schedule (${cron}) was missing and has been re-created`);
        logger.warn({ cron }, 'refresh watchdog: the nightly schedule was missing (Redis restarted empty?); re-created');
      }
      const grace = this.options.graceMs ?? WATCHDOG_DEFAULTS.graceMs;
      const running = this.options.detectOrphans === false ? [] : await scores.runningRuns();
      for (const run of running) {
        const startedAt = Date.parse(run.startedAt);
        if (Number.isFinite(startedAt) && this.now().getTime() - startedAt < grace) continue;
        if ((await queue.runStatus(run.runId)) !== undefined) continue;
        await scores.failRun(run.runId, 'orphaned: the queue lost its jobs (Redis restarted empty, or the process running it stopped)');
        const { runId } = await queue.enqueueRun({ scope: run.scope, kind: run.kind ?? 'full' });
        result.orphans.push(run.runId);
        result.replacements.push(runId);
        this.record('orphan-failed', `orphaned run ${run.runId} failed; ${runId} queued in its place`);
        logger.warn({ runId: run.runId, replacement: runId }, 'refresh watchdog: orphaned run failed and replaced');
      }
      this.lastError = undefined;
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) logger.error({ err: error }, 'refresh watchdog: check failed');
      this.lastError = `not checked: ${error instanceof Error ? error.message : String(error)}`;
    }
    return result;
  }

  private record(what: WatchdogEvent['what'], detail: string): void {
    this.events.push({ at: this.now().toISOString(), what, detail });
    if (this.events.length > 20) this.events.shift();
  }
}
