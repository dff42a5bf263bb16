/**
 * The refresh's job handlers, the same for BullMQ workers and the in-process runner. Each reads like the story:
 * parse the payload (InvalidJobError if it does not) → check the run's state → compute → save → report.
 *
 * Errors: InvalidJobError and RunStateError are not retriable (the queue fails the job for good);
 * StoreUnavailableError and anything else is rethrown for the queue to retry with backoff.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Reference } from '../reference/types.ts';
import type { Store } from '../store/types.ts';
import type { JobContext, JsonObject, RefreshHandlers, RunPlan } from '../queue/types.ts';
import { prepareForMatching } from '../matching/profile.ts';
import { listQuery, rankList } from './compute-lists.ts';
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import { InvalidJobError, RunStateError } from './errors.ts';
import type { OrganisationSource, PartnerScoreStore } from './partner-scores.ts';
import { runIncremental } from './incremental-run.ts';
import { CommitPayload, IncrementalRunPayload, OrganisationRefreshPayload, ShardPayload, StartRunPayload } from './payloads.ts';
import type { RefreshSettings } from './settings.ts';
import { InlineComputer, type ShardComputer } from './shard-computer.ts';
import { loadOrganisations } from './snapshot.ts';
import { countLists } from './packed-lists.ts';
import type { PartnerList, RunRecord } from './types.ts';

export interface RefreshDeps {
  ref: Reference;
  store: Store;
  scores: PartnerScoreStore;
  /** the organisations of a scope, for planning and snapshots */
  source: OrganisationSource;
  settings: RefreshSettings;
  now: () => Date;
  logger: Logger;
  /** where shards are computed; default: on this thread (InlineComputer) */
  computer?: ShardComputer;
}

export function refreshHandlers(deps: RefreshDeps): RefreshHandlers {
  const { ref, store, scores, source, settings, logger } = deps;
  const computer = deps.computer ?? new InlineComputer(ref, () => deps.now().toISOString(), settings.yieldEvery);

  return {
    /** Lists the scope's organisations, cuts them into shards and registers the run as running. */
    async planRun(data: unknown, ctx: JobContext): Promise<RunPlan> {
      const p = parse(StartRunPayload, data, 'start-run');
      const asOf = p.asOf ?? new Date(ctx.queuedAt).toISOString();
      const ids = await idsByPlace(source, p.scope, settings.pageSize, ctx);
      const chunks: string[][] = [];
      for (let i = 0; i < ids.length; i += settings.shardSize) chunks.push(ids.slice(i, i + settings.shardSize));
      const run = await scores.beginRun({
        runId: p.runId,
        scope: p.scope,
        asOf,
        startedAt: deps.now().toISOString(),
        organisations: ids.length,
        shards: chunks.length,
        topK: settings.topK,
      });
      if (run.status !== 'running') throw new RunStateError(`run ${p.runId} is ${run.status} already`);
      logger.info({ runId: p.runId, scope: p.scope, organisations: ids.length, shards: chunks.length }, 'refresh run planned');
      const shards: ShardPayload[] = chunks.map((orgIds, shard) => ({
        runId: p.runId,
        scope: p.scope,
        shard,
        orgIds,
        asOf: run.asOf,
        topK: run.topK,
        maxCandidates: settings.maxCandidates,
      }));
      return { runId: p.runId, shards, commit: { runId: p.runId, scope: p.scope } };
    },

    /** Scores one shard's organisations from the run snapshot and writes their lists (replacing any). */
    async scoreShard(data: unknown, ctx: JobContext): Promise<JsonObject> {
      const p = parse(ShardPayload, data, 'score-shard');
      await openRun(scores, p.runId, 'score a shard of');
      const progress = (done: number) => void ctx.progress(Math.round((90 * done) / p.orgIds.length)).catch(() => undefined);
      const { lists, missing, state } = await computer.compute(p, () => loadOrganisations(source, p.scope, settings.pageSize), progress);
      await scores.writeShard(p.runId, p.shard, lists, state);
      await ctx.progress(100);
      return { runId: p.runId, shard: p.shard, ...countLists(lists), missing };
    },

    /** Every shard is written: make the run current and delete the run it replaces. */
    async commitRun(data: unknown, ctx: JobContext): Promise<JsonObject> {
      const p = parse(CommitPayload, data, 'commit-run');
      await ctx.progress(10);
      const outcome = await scores.commitRun(p.runId);
      computer.forgetRun(p.runId); // no more shards: the run's snapshot can go
      await ctx.progress(100);
      logger.info({ ...outcome }, 'refresh run committed');
      return { ...outcome };
    },

    /** Rewrites the lists of the current run that changes since it was computed can affect (incremental-run.ts). */
    async incrementalRun(data: unknown, ctx: JobContext): Promise<JsonObject> {
      const p = parse(IncrementalRunPayload, data, 'incremental-run');
      const outcome = await runIncremental({ ref, scores, source, settings, now: deps.now, logger, computer }, p, (phase) =>
        ctx.progress({ phase }).catch(() => undefined),
      );
      await ctx.progress(100);
      return { ...outcome };
    },

    async runFailed(runId: string, reason: string): Promise<void> {
      logger.warn({ runId, reason }, 'refresh run failed');
      computer.forgetRun(runId);
      await scores.failRun(runId, reason);
    },

    /**
     * Recomputes one organisation's list in the current run and in runs still running (so a run in progress
     * does not commit a list computed before the change), from a store query rather than a snapshot. With
     * cascade, returns the organisations whose current list includes it, to be refreshed in turn.
     */
    async refreshOrganisation(data: unknown): Promise<{ cascade: readonly string[] } & JsonObject> {
      const p = parse(OrganisationRefreshPayload, data, 'refresh-organisation');
      const current = await scores.currentRun(p.scope);
      const targets: RunRecord[] = [...(current ? [current] : []), ...(await scores.runningRuns(p.scope))];
      if (targets.length === 0) return { orgId: p.orgId, written: [], cascade: [] };
      const cascade = p.cascade ? (await scores.listedBy(p.orgId, p.scope)).filter((id) => id !== p.orgId) : [];
      const seeker = await store.getOrganisation(p.orgId);
      const written: string[] = [];
      for (const run of targets) {
        let list: PartnerList = { seekerId: p.orgId, computedAt: deps.now().toISOString(), partners: [] };
        if (seeker && seeker.id.startsWith(p.scope)) {
          const partnerships = PartnershipGraph.fromNeighbourhood(await store.partnershipsAround([seeker.id], 2));
          const { ctx, query } = listQuery(ref, seeker, { asOf: new Date(run.asOf), maxCandidates: settings.maxCandidates, partnerships });
          // candidates as the store holds them, profiles included (Store.findPreparedCandidates)
          const found = (await store.findPreparedCandidates(query, prepareForMatching(ref))).filter((c) => c.id.startsWith(p.scope));
          list = rankList(ctx, found, { topK: run.topK, computedAt: list.computedAt });
        }
        if (await scores.replaceLists(run.runId, [list])) written.push(run.runId);
      }
      return { orgId: p.orgId, written, cascade };
    },
  };
}

/**
 * The scope's organisation ids, neighbours together (by first declared area, the most local code sorts first, then
 * id): consecutive organisations then share most of their candidates, so a shard's work stays local and a worker's
 * caches stay warm (docs/refresh.md).
 */
async function idsByPlace(source: OrganisationSource, scope: string, pageSize: number, ctx: JobContext): Promise<string[]> {
  const keyed: { id: string; place: string }[] = [];
  for await (const page of source.pages(scope, pageSize)) {
    for (const org of page) keyed.push({ id: org.id, place: [...org.areas].sort()[0] ?? '' });
    await ctx.progress({ phase: 'planning', organisations: keyed.length });
  }
  keyed.sort((a, b) => (a.place < b.place ? -1 : a.place > b.place ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.id);
}

function parse<S extends z.ZodType>(schema: S, data: unknown, job: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success)
    throw new InvalidJobError(job, result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
  return result.data;
}

async function openRun(scores: PartnerScoreStore, runId: string, action: string): Promise<RunRecord> {
  const run = await scores.getRun(runId);
  if (!run) throw new RunStateError(`cannot ${action} unknown run ${runId}`);
  if (run.status !== 'running') throw new RunStateError(`cannot ${action} run ${runId}: it is ${run.status}`);
  return run;
}
