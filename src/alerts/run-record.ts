/**
 * The durable facts of a queued alerts run (src/alerts/jobs.ts), kept in the RecordStore so both stores hold them
 * and any worker, or the API, reads them:
 *
 *  'alert-run'        id = runId, key1 = its state: the notices the run's feed read gave (saved before the feed's
 *                     files are marked read, so a planning step killed after the read plans the same notices
 *                     again), its shards, state and, once every shard is done, the counts and the delivery report
 *  'alert-run-shard'  id = runId:shard, key1 = runId: one shard done, with what it wrote (a re-run replaces it)
 *
 * Throws StoreUnavailableError when the store cannot be reached (retriable).
 */
import { ConflictError } from '../shared/errors.ts';
import type { RecordStore } from '../store/records.ts';

export type AlertRunStatus = 'running' | 'delivering' | 'completed' | 'failed';

export interface AlertRunNotice {
  id: string;
  version: string;
}

export interface AlertRunRecord {
  runId: string;
  status: AlertRunStatus;
  feed: string;
  /** the run's clock: entries are created at it, notices' deadlines are judged against it */
  asOf: string;
  startedAt: string;
  notices: AlertRunNotice[];
  /** notices per shard when the run was planned (ALERTS_SHARD_SIZE then; absent in runs recorded before it was kept) */
  shardSize?: number;
  shards: number;
  /** what the feed read gave, once the read is over */
  feedSummary?: { read: number; skipped: number; imported: number; updated: number; unchanged: number; rejected: number };
  /** summed over the shards when the last is done */
  written?: number;
  alreadyHeld?: number;
  /** when every shard was done */
  alertedAt?: string;
  /** when the delivery after it finished */
  completedAt?: string;
  delivery?: { organisations: number; sent: Record<string, number>; failed: Record<string, number>; entries: Record<string, number> };
  endedAt?: string;
  failedReason?: string;
  /** times the run was queued again at boot after the process running it stopped (interrupted-runs.ts) */
  resumes?: number;
}

export interface AlertShardResult {
  runId: string;
  shard: number;
  notices: number;
  written: number;
  alreadyHeld: number;
  doneAt: string;
}

export async function getAlertRun(records: RecordStore, runId: string): Promise<AlertRunRecord | undefined> {
  return (await records.getRecord('alert-run', runId))?.doc as AlertRunRecord | undefined;
}

/** Registers the run; when it is registered already (a retried planning step), answers the one held. */
export async function beginAlertRun(records: RecordStore, run: AlertRunRecord): Promise<AlertRunRecord> {
  try {
    await records.insertRecord({ kind: 'alert-run', id: run.runId, doc: run, at: run.startedAt, key1: run.status });
    return run;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return (await getAlertRun(records, run.runId))!;
  }
}

export async function saveAlertRun(records: RecordStore, run: AlertRunRecord): Promise<void> {
  await records.putRecord({ kind: 'alert-run', id: run.runId, doc: run, at: run.startedAt, key1: run.status });
}

export async function putShardResult(records: RecordStore, result: AlertShardResult): Promise<void> {
  await records.putRecord({
    kind: 'alert-run-shard',
    id: `${result.runId}:${result.shard}`,
    doc: result,
    at: result.doneAt,
    key1: result.runId,
  });
}

/** The run's finished shards (at most `shards`). */
export async function shardResults(records: RecordStore, runId: string, shards: number): Promise<AlertShardResult[]> {
  const page = await records.findRecords({ kind: 'alert-run-shard', key: runId, offset: 0, limit: Math.max(1, shards) });
  return page.items.map((r) => r.doc as AlertShardResult);
}

/** The runs not yet completed or failed ('running' or 'delivering'), found by the state their record is keyed by. */
export async function unfinishedAlertRuns(records: RecordStore): Promise<AlertRunRecord[]> {
  const out: AlertRunRecord[] = [];
  for (const status of ['running', 'delivering'] as const satisfies readonly AlertRunStatus[]) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await records.findRecords({ kind: 'alert-run', key: status, offset, limit: PAGE });
      out.push(...page.items.map((r) => r.doc as AlertRunRecord));
      if (page.items.length === 0 || offset + page.items.length >= page.total) break;
    }
  }
  return out;
}
const PAGE = 100;

/** How many of the run's shards are done. */
export async function shardsDone(records: RecordStore, runId: string): Promise<number> {
  return (await records.findRecords({ kind: 'alert-run-shard', key: runId, offset: 0, limit: 1 })).total;
}
