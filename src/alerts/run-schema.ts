/** HTTP shapes of the queued alerts runs (POST /v1/alert-runs, GET /v1/alert-runs/{id}): validation, types, OpenAPI. */
import { z } from 'zod';
import { RUN_ID_PATTERN } from '../queue/types.ts';

const RunId = z
  .string()
  .max(100)
  .regex(RUN_ID_PATTERN, 'letters, digits, ".", "_" or "-" (at most 100), starting with a letter or digit')
  .meta({ id: 'AlertRunId', example: 'run-20261205T211500Z-3f9c' });

export const AlertRunIdParams = z.object({ id: RunId });

export const StartAlertRunRequest = z
  .object({
    runId: RunId.optional().describe('Choose the id (an idempotency key: the same id runs once); generated when absent'),
  })
  .strict()
  .meta({ id: 'StartAlertRunRequest' });
export type StartAlertRunRequest = z.infer<typeof StartAlertRunRequest>;

export const StartAlertRunResponse = z
  .object({ runId: RunId, state: z.literal('queued'), links: z.object({ self: z.string() }) })
  .meta({ id: 'StartAlertRunResponse' });

export const AlertRunState = z.enum(['queued', 'planning', 'alerting', 'delivering', 'completed', 'failed']).meta({
  id: 'AlertRunState',
  description:
    'queued → planning (reading the feed) → alerting (shards of notices computed by workers) → delivering (the delivery job) → completed; or failed',
});

const Counts = z.record(z.string(), z.number().int());

export const AlertRunView = z
  .object({
    runId: RunId,
    state: AlertRunState,
    progress: z.object({
      shardsTotal: z.number().int(),
      shardsDone: z.number().int(),
      shardsFailed: z.number().int(),
      percent: z.number().describe('0–100, by shards done'),
    }),
    counts: z.object({
      notices: z.number().int().optional().describe('new or changed notices the feed gave this run'),
      written: z.number().int().optional().describe('digest entries written (once every shard is done)'),
      alreadyHeld: z.number().int().optional().describe('entries found already written (a re-run, or a killed worker’s shard)'),
    }),
    feed: z
      .object({
        read: z.number().int(),
        skipped: z.number().int(),
        imported: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
        rejected: z.number().int(),
      })
      .optional()
      .describe('what the feed read gave: files or pages read, unchanged files skipped, tenders imported, updated, unchanged, rejected'),
    delivery: z
      .object({ organisations: z.number().int(), sent: Counts, failed: Counts, entries: Counts })
      .optional()
      .describe('the delivery job after the run: digests sent and failed by channel'),
    queuedAt: z.string().optional(),
    startedAt: z.string().optional(),
    alertedAt: z.string().optional().describe('when every shard was done'),
    completedAt: z.string().optional(),
    endedAt: z.string().optional(),
    durationSeconds: z.number().optional(),
    failedReason: z.string().optional(),
  })
  .meta({ id: 'AlertRun' });
export type AlertRunView = z.infer<typeof AlertRunView>;
