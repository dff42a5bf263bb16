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

export type RunStatus = 'running' | 'current' | 'superseded' | 'failed';

export interface NewRun {
  runId: string;
  scope: string;
  /** the date the scores are computed as of (ISO 8601): fixed for the whole run */
  asOf: string;
  startedAt: string;
  organisations: number;
  shards: number;
  topK: number;
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
