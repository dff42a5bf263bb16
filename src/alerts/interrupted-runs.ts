/**
 * Alerts runs the last process left unfinished, at boot. In-process jobs die with the process (src/queue/
 * inprocess-queue.ts), so a run it had in hand would stay 'running' for ever. The refresh fails such runs, because
 * its next run recomputes every list; an alerts run is queued again instead, because failing it would lose its
 * notices: their feed files are already marked read (feed.ts), so no later run would read them, and only the run's
 * record still names them. Re-planning finds those notices in the record, shards already done are redone writing
 * nothing (ledger ids are deterministic), and a run that was delivering only delivers. A run interrupted
 * `maxResumes` times is failed instead, saying so, so a run that brings the process down cannot do it at every boot.
 *
 * Only for a process that owns its runs (the embedded store with the in-process queue, as the refresh's
 * equivalent in src/refresh/wiring.ts): with BullMQ the jobs outlive the process and are taken over, and with
 * Neo4j another API process may be running the run. Throws StoreUnavailableError (retriable) or QueueUnavailableError.
 */
import type { Logger } from 'pino';
import type { JobQueue } from '../queue/types.ts';
import type { RecordStore } from '../store/records.ts';
import { saveAlertRun, unfinishedAlertRuns } from './run-record.ts';
import { ALERT_RUN_DEFAULTS } from './run-settings.ts';

export interface InterruptedRuns {
  /** queued again, by run id */
  resumed: string[];
  /** failed for having been interrupted too often */
  failed: string[];
}

export async function resumeInterruptedAlertRuns(
  deps: { records: RecordStore; now: () => Date; logger: Logger },
  queue: JobQueue,
): Promise<InterruptedRuns> {
  const out: InterruptedRuns = { resumed: [], failed: [] };
  for (const run of await unfinishedAlertRuns(deps.records)) {
    const resumes = run.resumes ?? 0;
    if (resumes >= ALERT_RUN_DEFAULTS.maxResumes) {
      const reason = `interrupted: the process running it stopped ${resumes + 1} times`;
      await saveAlertRun(deps.records, { ...run, status: 'failed', failedReason: reason, endedAt: deps.now().toISOString() });
      deps.logger.warn({ runId: run.runId, resumes }, 'alerts run failed: interrupted too often');
      out.failed.push(run.runId);
      continue;
    }
    await saveAlertRun(deps.records, { ...run, resumes: resumes + 1 });
    await queue.enqueueRun({ runId: run.runId });
    deps.logger.info({ runId: run.runId, status: run.status, resumes: resumes + 1 }, 'alerts run interrupted by a stop: queued again');
    out.resumed.push(run.runId);
  }
  return out;
}
