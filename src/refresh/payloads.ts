/**
 * The payloads of the refresh's jobs, as zod schemas: what the queue carries between planRun, scoreShard, commitRun
 * and refreshOrganisation (src/refresh/jobs.ts), and what the shard computers (shard-computer.ts, the worker
 * threads) receive. Handlers parse a payload before anything else (InvalidJobError when it does not parse).
 */
import { z } from 'zod';
import { RUN_ID_PATTERN } from '../queue/types.ts';

const RunId = z.string().max(100).regex(RUN_ID_PATTERN, 'letters, digits, ".", "_" or "-", at most 100');
/** '' (every organisation) or an id prefix */
const Scope = z
  .string()
  .max(120)
  .regex(/^[A-Za-z0-9._:~-]*$/, 'an organisation id prefix');

export const StartRunPayload = z.object({ runId: RunId, scope: Scope.default(''), asOf: z.iso.datetime().max(40).optional() });
export const ShardPayload = z.object({
  runId: RunId,
  scope: Scope,
  shard: z.number().int().min(0),
  orgIds: z.array(z.string().min(1).max(120)).min(1).max(100_000),
  asOf: z.iso.datetime().max(40),
  topK: z.number().int().min(1).max(500),
  maxCandidates: z.number().int().min(1).max(100_000),
});
/** An incremental run (incremental-run.ts): its base is the scope's current run when it first runs. */
export const IncrementalRunPayload = z.object({ runId: RunId, scope: Scope.default('') });
export const CommitPayload = z.object({ runId: RunId, scope: Scope });
export const OrganisationRefreshPayload = z.object({
  orgId: z.string().min(1).max(120),
  scope: Scope.default(''),
  cascade: z.boolean().default(true),
});

export type ShardPayload = z.infer<typeof ShardPayload>;
