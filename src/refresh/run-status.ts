/**
 * One view of a run from its two sources: the queue (where its jobs are) and the partner-score store (the
 * durable facts: counts, times, whether it is current). The store wins once the run is committed or failed.
 */
import type { RunQueueStatus } from '../queue/types.ts';
import type { RunView } from './schema.ts';
import type { RunRecord } from './types.ts';

export function runView(runId: string, queued: RunQueueStatus | undefined, record: RunRecord | undefined, now: Date): RunView | undefined {
  if (!queued && !record) return undefined;
  const state = stateOf(queued, record);
  const shardsTotal = record?.shards ?? queued?.shards.total ?? 0;
  const shardsDone = record ? record.shardsDone : (queued?.shards.done ?? 0);
  const start = record?.startedAt ?? queued?.queuedAt;
  const end = record?.committedAt ?? record?.endedAt ?? (state === 'failed' ? queued?.finishedAt : undefined);
  const view: RunView = {
    runId,
    kind: record?.kind ?? queued?.kind ?? 'full',
    state,
    progress: {
      shardsTotal,
      shardsDone,
      shardsFailed: queued?.shards.failed ?? 0,
      percent:
        state === 'current' || state === 'superseded' || state === 'applied'
          ? 100
          : shardsTotal > 0
            ? Math.round((1000 * shardsDone) / shardsTotal) / 10
            : 0,
    },
    counts: record ? { organisations: record.organisations, lists: record.lists, partners: record.partners, ...record.increment } : {},
  };
  if (record?.baseRunId) view.baseRunId = record.baseRunId;
  if (record) Object.assign(view, { topK: record.topK, asOf: record.asOf, startedAt: record.startedAt });
  if (queued?.queuedAt) view.queuedAt = queued.queuedAt;
  if (record?.committedAt) view.committedAt = record.committedAt;
  if (record?.endedAt) view.endedAt = record.endedAt;
  if (start) view.durationSeconds = Math.max(0, Math.round((Date.parse(end ?? now.toISOString()) - Date.parse(start)) / 100) / 10);
  const failedReason = record?.failedReason ?? queued?.failedReason;
  if (state === 'failed' && failedReason) view.failedReason = failedReason;
  return view;
}

function stateOf(queued: RunQueueStatus | undefined, record: RunRecord | undefined): RunView['state'] {
  if (record?.status === 'current' || record?.status === 'superseded' || record?.status === 'failed' || record?.status === 'applied')
    return record.status;
  if (queued?.state === 'failed') return 'failed';
  if (!queued) return 'scoring'; // running in the store, unknown to this queue (restarted in-process runner)
  if (queued.state === 'completed') return 'committing';
  return queued.state;
}
