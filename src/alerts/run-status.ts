/**
 * One view of a queued alerts run from its two sources: the queue (where its jobs are) and the run's record in the
 * store (run-record.ts: notices, shards done, counts, delivery). The record wins once it says completed or failed.
 */
import type { RunQueueState, RunQueueStatus } from '../queue/types.ts';
import type { AlertRunView } from './run-schema.ts';
import type { AlertRunRecord } from './run-record.ts';

const QUEUE_STATE: Record<RunQueueState, AlertRunView['state']> = {
  queued: 'queued',
  planning: 'planning',
  scoring: 'alerting',
  committing: 'delivering',
  completed: 'completed',
  failed: 'failed',
};

export function alertRunView(
  runId: string,
  queued: RunQueueStatus | undefined,
  record: AlertRunRecord | undefined,
  shardsDone: number,
  now: Date,
): AlertRunView | undefined {
  if (!queued && !record) return undefined;
  const state = stateOf(queued, record);
  const shardsTotal = record?.shards ?? queued?.shards.total ?? 0;
  const done = record ? shardsDone : (queued?.shards.done ?? 0);
  const view: AlertRunView = {
    runId,
    state,
    progress: {
      shardsTotal,
      shardsDone: done,
      shardsFailed: queued?.shards.failed ?? 0,
      percent: state === 'completed' ? 100 : shardsTotal > 0 ? Math.round((1000 * done) / shardsTotal) / 10 : 0,
    },
    counts: {},
  };
  if (record) {
    view.counts.notices = record.notices.length;
    if (record.written !== undefined) view.counts.written = record.written;
    if (record.alreadyHeld !== undefined) view.counts.alreadyHeld = record.alreadyHeld;
    if (record.feedSummary) view.feed = record.feedSummary;
    if (record.delivery) view.delivery = record.delivery;
    for (const key of ['startedAt', 'alertedAt', 'completedAt', 'endedAt'] as const) if (record[key]) view[key] = record[key];
  }
  if (queued?.queuedAt) view.queuedAt = queued.queuedAt;
  const start = record?.startedAt ?? queued?.queuedAt;
  const end = record?.endedAt ?? (state === 'failed' ? queued?.finishedAt : undefined);
  if (start) view.durationSeconds = Math.max(0, Math.round((Date.parse(end ?? now.toISOString()) - Date.parse(start)) / 100) / 10);
  const failedReason = record?.failedReason ?? queued?.failedReason;
  if (state === 'failed' && failedReason) view.failedReason = failedReason;
  return view;
}

function stateOf(queued: RunQueueStatus | undefined, record: AlertRunRecord | undefined): AlertRunView['state'] {
  if (record?.status === 'completed' || record?.status === 'failed') return record.status;
  if (record?.status === 'delivering') return 'delivering';
  if (queued?.state === 'failed') return 'failed';
  if (!queued) return record ? 'alerting' : 'queued'; // running in the store, unknown to this queue (restarted runner)
  const state = QUEUE_STATE[queued.state];
  // the queue's commit job completed but the record is not yet saved as completed: still delivering
  return state === 'completed' ? 'delivering' : state;
}
