/**
 * The alerts run on the queue (issue #19), as the steps of a sharded run (RunHandlers, src/queue/types.ts), the same
 * for BullMQ workers and the in-process queue; src/alerts/wiring.ts puts them on a queue of their own.
 *
 *   start-run    read the feed once (imports new and changed notices) → register the run with its notices
 *                (before the feed's files are marked read) → shards of `shardSize` notices
 *   score-shard  for each notice of the shard: candidates → digest → ledger → notice marked alerted (alertNotice,
 *                run.ts, the step the single-process run takes too) → the shard's result recorded
 *   commit-run   every shard is done: sum the counts, then the delivery job (deliverDigests) runs
 *
 * Shards are of notices, not of organisations: a notice's digest needs all its candidates at once (partners are
 * chosen among them), and the candidate index answers per notice, so each notice is looked up exactly once.
 * Idempotent: entry ids are deterministic (ledger.ts), so a shard re-run after a killed worker writes nothing twice;
 * a planning step re-run finds the run's notices in its record.
 *
 * Errors: AlertJobError (bad payload, run not open, no feed) is not retried; StoreUnavailableError and anything else
 * is rethrown for the queue to retry with backoff.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { JobContext, JsonObject, RunHandlers, RunPlan } from '../queue/types.ts';
import { RUN_ID_PATTERN } from '../queue/types.ts';
import type { Reference } from '../reference/types.ts';
import { AppError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';
import type { DeliveryReport } from './deliver.ts';
import { FEED_DEFAULTS, readFeed } from './feed.ts';
import { alertNotice, savedPreferences } from './run.ts';
import {
  beginAlertRun,
  getAlertRun,
  putShardResult,
  saveAlertRun,
  shardResults,
  type AlertRunNotice,
  type AlertRunRecord,
} from './run-record.ts';
import { ALERT_RUN_DEFAULTS } from './run-settings.ts';

/** A job that cannot succeed by retrying (bad payload, a run not open for the step, no feed configured). */
export class AlertJobError extends AppError {
  readonly code = 'RUN_STATE';
  readonly retriable = false;
  constructor(message: string) {
    super(`alerts: ${message}`);
    this.name = 'AlertJobError';
  }
}

export interface AlertJobsDeps {
  store: Store;
  ref: Reference;
  now: () => Date;
  logger: Logger;
  /** ALERTS_FEED: a directory of OCDS release packages or an http(s) URL; undefined: runs fail at once, saying so */
  feed: string | undefined;
  /** notices per shard (ALERTS_SHARD_SIZE); default ALERT_RUN_DEFAULTS.shardSize */
  shardSize?: number;
  /** the delivery job run once every shard is done (deliverDigests over this store); absent: no delivery */
  deliver?: () => Promise<DeliveryReport>;
}

const RunId = z.string().max(100).regex(RUN_ID_PATTERN, 'letters, digits, ".", "_" or "-", at most 100');
export const AlertStartPayload = z.object({ runId: RunId, asOf: z.iso.datetime().max(40).optional() });
export const AlertShardPayload = z.object({
  runId: RunId,
  shard: z.number().int().min(0),
  notices: z
    .array(z.object({ id: z.string().min(1).max(200), version: z.string().min(1).max(200) }))
    .min(1)
    .max(ALERT_RUN_DEFAULTS.maxShardSize),
  asOf: z.iso.datetime().max(40),
});
export const AlertCommitPayload = z.object({ runId: RunId });

export function alertHandlers(deps: AlertJobsDeps): RunHandlers {
  const { store, logger } = deps;
  const records = store.records;
  const shardSize = deps.shardSize ?? ALERT_RUN_DEFAULTS.shardSize;

  return {
    async planRun(data: unknown, ctx: JobContext): Promise<RunPlan> {
      const p = parse(AlertStartPayload, data, 'start-run');
      let run = await getAlertRun(records, p.runId);
      if (run === undefined) {
        if (!deps.feed) throw new AlertJobError('no feed to read: set ALERTS_FEED to a directory or an http(s) URL');
        const asOf = p.asOf ?? new Date(ctx.queuedAt).toISOString();
        const feed = deps.feed;
        let registered: AlertRunRecord | undefined;
        const report = await readFeed(
          { store, ref: deps.ref },
          feed,
          { ...FEED_DEFAULTS },
          {
            beforeMarks: async (tenders) => {
              const notices: AlertRunNotice[] = tenders.map((t) => ({ id: t.id, version: t.version }));
              registered = await beginAlertRun(records, {
                runId: p.runId,
                status: 'running',
                feed,
                asOf,
                startedAt: deps.now().toISOString(),
                notices,
                shardSize,
                shards: Math.ceil(notices.length / shardSize),
              });
            },
          },
        );
        run = registered!;
        run.feedSummary = {
          read: report.read.length,
          skipped: report.skipped,
          imported: report.imported,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected.length,
        };
        await saveAlertRun(records, run);
      }
      // a run resumed at boot after every shard was done (interrupted-runs.ts) has only its delivery left
      if (run.status === 'delivering') return { runId: run.runId, shards: [], commit: { runId: run.runId } };
      if (run.status !== 'running') throw new AlertJobError(`run ${p.runId} is ${run.status} already`);
      // a re-planned run is cut as it was first cut, even if ALERTS_SHARD_SIZE changed since (shard results are by
      // index); a run recorded before the size was kept was cut at the default
      const size = run.shardSize ?? ALERT_RUN_DEFAULTS.shardSize;
      const shards: JsonObject[] = [];
      for (let i = 0; i * size < run.notices.length; i++)
        shards.push({ runId: run.runId, shard: i, notices: run.notices.slice(i * size, (i + 1) * size), asOf: run.asOf });
      logger.info({ runId: run.runId, notices: run.notices.length, shards: shards.length }, 'alerts run planned');
      return { runId: run.runId, shards, commit: { runId: run.runId } };
    },

    async scoreShard(data: unknown, ctx: JobContext): Promise<JsonObject> {
      const p = parse(AlertShardPayload, data, 'score-shard');
      await openRun(records, p.runId, 'alert a shard of');
      const preferences = await savedPreferences(store);
      const asOf = new Date(p.asOf);
      let written = 0;
      let alreadyHeld = 0;
      for (const [i, notice] of p.notices.entries()) {
        const result = await alertNotice(deps, notice, preferences, asOf);
        written += result.written;
        alreadyHeld += result.alreadyHeld;
        void ctx.progress(Math.round((100 * (i + 1)) / p.notices.length)).catch(() => undefined);
      }
      await putShardResult(records, {
        runId: p.runId,
        shard: p.shard,
        notices: p.notices.length,
        written,
        alreadyHeld,
        doneAt: deps.now().toISOString(),
      });
      return { runId: p.runId, shard: p.shard, notices: p.notices.length, written, alreadyHeld };
    },

    async commitRun(data: unknown): Promise<JsonObject> {
      const p = parse(AlertCommitPayload, data, 'commit-run');
      const run = await getAlertRun(records, p.runId);
      if (run === undefined) throw new AlertJobError(`cannot complete unknown run ${p.runId}`);
      if (run.status === 'failed' || run.status === 'completed')
        throw new AlertJobError(`cannot complete run ${p.runId}: it is ${run.status}`);
      if (run.status === 'running') {
        const results = await shardResults(records, run.runId, run.shards);
        if (results.length < run.shards) throw new Error(`alerts: run ${run.runId}: ${results.length} of ${run.shards} shards recorded`);
        run.written = results.reduce((n, r) => n + r.written, 0);
        run.alreadyHeld = results.reduce((n, r) => n + r.alreadyHeld, 0);
        run.alertedAt = deps.now().toISOString();
        run.status = 'delivering';
        await saveAlertRun(records, run);
        logger.info({ runId: run.runId, written: run.written, alreadyHeld: run.alreadyHeld }, 'alerts run: every shard done');
      }
      // a retried commit (the delivery failed) delivers again: at-least-once, under the same digest ids (deliver.ts)
      if (deps.deliver) run.delivery = await deps.deliver();
      run.status = 'completed';
      run.completedAt = deps.now().toISOString();
      run.endedAt = run.completedAt;
      await saveAlertRun(records, run);
      return { runId: run.runId, written: run.written ?? 0, alreadyHeld: run.alreadyHeld ?? 0, delivered: run.delivery !== undefined };
    },

    async runFailed(runId: string, reason: string): Promise<void> {
      logger.warn({ runId, reason }, 'alerts run failed');
      const run = await getAlertRun(records, runId);
      if (run === undefined || run.status === 'completed') return;
      await saveAlertRun(records, { ...run, status: 'failed', failedReason: reason.slice(0, 2000), endedAt: deps.now().toISOString() });
    },
  };
}

async function openRun(records: Store['records'], runId: string, action: string): Promise<AlertRunRecord> {
  const run = await getAlertRun(records, runId);
  if (!run) throw new AlertJobError(`cannot ${action} unknown run ${runId}`);
  if (run.status !== 'running') throw new AlertJobError(`cannot ${action} run ${runId}: it is ${run.status}`);
  return run;
}

function parse<S extends z.ZodType>(schema: S, data: unknown, job: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success)
    throw new AlertJobError(
      `invalid ${job} payload: ${result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')}`,
    );
  return result.data;
}
