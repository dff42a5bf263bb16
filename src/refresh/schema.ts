/** HTTP shapes of the refresh slice: the single source for validation, response types and OpenAPI. */
import { z } from 'zod';
import { MatchCandidate } from '../matching/schema.ts';
import { AsOf, OrgId } from '../shared/codes.ts';
import { RUN_ID_PATTERN } from '../queue/types.ts';
import { RUN_KINDS } from './types.ts';

export const RunId = z
  .string()
  .max(100)
  .regex(RUN_ID_PATTERN, 'letters, digits, ".", "_" or "-" (at most 100), starting with a letter or digit')
  .meta({ id: 'RunId', example: 'run-20260115T020000Z-3f9c' });

export const OrgIdParams = z.object({ id: OrgId });
export const RunIdParams = z.object({ id: RunId });

export const StartRunRequest = z
  .object({
    runId: RunId.optional().describe('Choose the id (an idempotency key: the same id runs once); generated when absent'),
    asOf: AsOf.optional().describe('Score as at this time (years trading, partnership recency); default now. Full runs only'),
    kind: z
      .enum(RUN_KINDS)
      .optional()
      .describe(
        'full (default): recompute every list. incremental: rewrite only the lists of the current run that the organisations changed since it can affect, as of its asOf (needs a current full run that kept its state and has no increment applied yet)',
      ),
  })
  .strict()
  .meta({ id: 'StartRefreshRunRequest' });
export type StartRunRequest = z.infer<typeof StartRunRequest>;

export const StartRunResponse = z
  .object({ runId: RunId, state: z.literal('queued'), links: z.object({ self: z.string() }) })
  .meta({ id: 'StartRefreshRunResponse' });

export const RunState = z.enum(['queued', 'planning', 'scoring', 'committing', 'current', 'superseded', 'failed', 'applied']).meta({
  id: 'RefreshRunState',
  description:
    'A full run: queued → planning (listing organisations) → scoring (shards running) → committing → current (readers see it); later superseded by a newer run; or failed (its lists were dropped, readers kept the previous run). An incremental run: queued → scoring → applied (its lists were written into its base run, which readers see) or failed',
});

export const RunView = z
  .object({
    runId: RunId,
    kind: z.enum(RUN_KINDS),
    baseRunId: RunId.optional().describe('incremental runs: the current run they rewrite lists of'),
    state: RunState,
    progress: z.object({
      shardsTotal: z.number().int(),
      shardsDone: z.number().int(),
      shardsFailed: z.number().int(),
      percent: z.number().describe('0–100, by shards written'),
    }),
    counts: z.object({
      organisations: z.number().int().optional().describe('organisations the run covers'),
      lists: z.number().int().optional().describe('partner lists written so far'),
      partners: z.number().int().optional().describe('scored partner rows written so far'),
      changedOrganisations: z
        .number()
        .int()
        .optional()
        .describe(
          'incremental runs: organisations added, removed or changed since the base run, with each partner whose partnership records with them changed',
        ),
      listsRewritten: z.number().int().optional().describe('incremental runs: lists written into the base run'),
      listsRecomputed: z
        .number()
        .int()
        .optional()
        .describe('incremental runs: of those, lists recomputed in full (the rest were repaired)'),
      listsRemoved: z.number().int().optional().describe('incremental runs: lists deleted from the base run (organisation gone)'),
    }),
    topK: z.number().int().optional(),
    asOf: z.string().optional(),
    queuedAt: z.string().optional(),
    startedAt: z.string().optional(),
    committedAt: z.string().optional(),
    endedAt: z.string().optional().describe('when it failed, or was superseded'),
    durationSeconds: z.number().optional().describe('start (or queueing) to commit or failure; so far, while it runs'),
    failedReason: z.string().optional(),
  })
  .meta({ id: 'RefreshRun' });
export type RunView = z.infer<typeof RunView>;

export const PartnerListResponse = z
  .object({
    organisation: z.object({ id: z.string(), name: z.string() }),
    run: z
      .object({
        runId: RunId,
        asOf: z.string().describe('scores are computed as of this time'),
        committedAt: z.string(),
        computedAt: z.string().optional().describe("when this organisation's list was computed"),
        ageSeconds: z.number().describe('seconds since the list was computed (or the run committed)'),
      })
      .nullable()
      .describe('null until a refresh run has completed'),
    partners: z
      .array(MatchCandidate)
      .describe('Best first. Totals and factor scores are the precomputed ones; reasons are written from the current records'),
    notes: z.array(z.string()),
  })
  .meta({ id: 'PartnerList' });
export type PartnerListResponse = z.infer<typeof PartnerListResponse>;
