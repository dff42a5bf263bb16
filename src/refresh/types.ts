/**
 * The partner-score refresh in plain data: a run, the lists it writes and what readers get back.
 *
 * A run covers the organisations of one `scope`: those whose id starts with it ('' = every organisation, the
 * only scope production uses; tests and partitions use an id prefix). Each scope has at most one current run,
 * and readers only ever see the current run's lists.
 */
import type { FactorScore } from '../matching/score.ts';
import type { FactorName } from '../matching/settings.ts';

/** One precomputed candidate partner of an organisation. */
export interface PartnerScore {
  partnerId: string;
  /** 1 = best */
  rank: number;
  /** weighted mean of the applicable factors, in [0, 1] (4 decimals) */
  total: number;
  factors: Record<FactorName, FactorScore>;
}

/** The top-K list of one organisation (the seeker) in one run. */
export interface PartnerList {
  seekerId: string;
  /** when it was computed (ISO 8601) */
  computedAt: string;
  partners: PartnerScore[];
}

/**
 * running → current (a full run readers now see) → superseded; running → applied (an incremental run whose lists
 * were written into its base run); or running → failed.
 */
export type RunStatus = 'running' | 'current' | 'superseded' | 'failed' | 'applied';

/** A full run recomputes every list; an incremental run rewrites the lists of its base run that changes can affect. */
export type RunKind = 'full' | 'incremental';
export const RUN_KINDS = ['full', 'incremental'] as const satisfies readonly RunKind[];

export interface NewRun {
  runId: string;
  scope: string;
  /** the date the scores are computed as of (ISO 8601): fixed for the whole run */
  asOf: string;
  startedAt: string;
  organisations: number;
  shards: number;
  topK: number;
  /** absent on runs recorded before incremental runs existed: full */
  kind?: RunKind;
  /** incremental runs: the current run they were computed from and are applied to */
  baseRunId?: string;
}

/** What an incremental run did (incremental-run.ts). */
export interface IncrementCounts {
  /** organisations added, removed or changed since the base run, with each partner whose partnership records with them changed */
  changedOrganisations: number;
  /** lists written into the base run */
  listsRewritten: number;
  /** of those, lists recomputed in full rather than repaired from the base run's state */
  listsRecomputed: number;
  /** lists deleted from the base run: their organisation is gone */
  listsRemoved: number;
}

export interface RunRecord extends NewRun {
  status: RunStatus;
  /** shards whose lists are written */
  shardsDone: number;
  /** lists and partner rows written by the run's shards */
  lists: number;
  partners: number;
  committedAt?: string;
  /** when it was superseded by a later run, or failed */
  endedAt?: string;
  failedReason?: string;
  /** incremental runs, once applied */
  increment?: IncrementCounts;
  /** full runs: incremental runs applied to this one so far */
  incrementsApplied?: number;
}

export interface CommitOutcome {
  runId: string;
  /** committed: now current; already-current: a retried commit; stale: superseded or failed before it got here */
  outcome: 'committed' | 'already-current' | 'stale';
  previousRunId?: string;
  /** rows of replaced, superseded or failed runs deleted by this commit */
  deletedRows: number;
}

/**
 * What a reader gets: the current run's list for one organisation. Empty `partners` (and no computedAt) when
 * the run has no list for it: it joined after the run, or nothing passed blocking.
 */
export interface CurrentPartners {
  runId: string;
  asOf: string;
  committedAt: string;
  computedAt?: string;
  partners: PartnerScore[];
}
