/**
 * Where precomputed partner lists live: in memory (EmbeddedPartnerScores) or as scored relationships in Neo4j
 * (Neo4jPartnerScores). One contract (tests/contract/partner-scores-contract.ts) runs against both.
 *
 * Visibility: a run's lists are written while it is `running` and read by nobody; `commitRun` makes it the
 * scope's current run in one step and then deletes the previous run's rows. Readers resolve the current run
 * and read its rows only, so they see the old lists or the new ones, never a mix or a half-written run.
 *
 * Every method throws StoreUnavailableError when the backing database cannot be reached (retriable), and
 * RunStateError when a run is not in the state the step needs (not retriable).
 */
import type { Organisation } from '../organisations/schema.ts';
import type { StoreKind } from '../store/types.ts';
import type { ListNumbers, ListScratch, PackedList, ShardLists } from './packed-lists.ts';
import type { CommitOutcome, CurrentPartners, IncrementCounts, NewRun, PartnerList, RunRecord } from './types.ts';

/** An incremental run's result, applied to its base run by PartnerScoreStore.applyIncrement. */
export interface Increment {
  /** the rewritten lists, as objects or packed (an incremental step packs them as it makes them) */
  lists: ShardLists;
  /** seekers whose lists are deleted */
  removed: readonly string[];
  counts: IncrementCounts;
}

export interface PartnerScoreStore {
  readonly kind: StoreKind;

  /** Registers a run as `running`. Idempotent: a run that exists already is returned unchanged. */
  beginRun(run: NewRun): Promise<RunRecord>;

  /**
   * Replaces the lists of these seekers in a running run and records the shard as done with its counts, with the
   * shard's state blob for incremental runs (state-blob.ts) when given, kept with the run until its rows go.
   * Rerunning a shard replaces its lists and blob: never a duplicate row. RunStateError unless the run is running.
   * The lists come as objects or already packed (from a scoring thread: packed-lists.ts).
   */
  writeShard(runId: string, shard: number, lists: ShardLists, state?: Uint8Array): Promise<void>;

  /** The state blobs a run's shards wrote, by shard (empty when it kept none: a run from before they existed). */
  readStates(runId: string): Promise<Uint8Array[]>;

  /**
   * Those of these seekers' lists that the run holds, packed (an incremental run reads its base run's lists by seeker
   * and repairs them without unpacking: packed-lists.ts). With a `scratch`, a store may put their numbers in it: the
   * lists are then valid until the next read with the same scratch.
   */
  readLists(runId: string, seekerIds: readonly string[], scratch?: ListScratch): Promise<Map<string, PackedList>>;

  /**
   * readLists without the partner ids: each list's stamp and numbers (totals, factors; the list's length is
   * `totals.length`). An incremental run holds the base lists' partners in their states already (base-state.ts
   * listIds), and reading ≈ 42,000,000 ids as text at 1,000,000 organisations only to drop them was most of its
   * reading (docs/refresh.md).
   */
  readListNumbers(runId: string, seekerIds: readonly string[], scratch?: ListScratch): Promise<Map<string, ListNumbers>>;

  /**
   * Applies an incremental run to its base run: replaces the rewritten lists and deletes the gone seekers' lists in
   * the base run, counts the increment on the base run, and marks the incremental run `applied` with its counts.
   * Embedded: one step. Neo4j: in batches, each holding the base run's lock, so readers may see some of the lists
   * rewritten and others not yet while it runs (each list is whole). RunStateError unless the incremental run is
   * running and its base run is current with no increment applied yet (a base superseded, or incremented by another
   * run, meanwhile stops it between batches).
   */
  applyIncrement(runId: string, increment: Increment): Promise<void>;

  /**
   * Replaces single lists outside any shard (incremental refresh) in a run that is current or running; a
   * run in any other state is skipped silently (it is being deleted). Returns whether anything was written.
   */
  replaceLists(runId: string, lists: readonly PartnerList[]): Promise<boolean>;

  /**
   * Makes the run its scope's current run if every shard is done, marks the run it replaces `superseded` and
   * deletes that run's rows (and any left by failed runs of the scope). The later commit wins: committing an
   * older run after a newer one still makes it current. A retried commit of the current run does nothing; a
   * commit of a superseded or failed run is `stale` and changes nothing.
   * RunStateError when the run is unknown or shards are missing.
   */
  commitRun(runId: string): Promise<CommitOutcome>;

  /** Marks a running run failed and deletes its rows. No-op for other states. */
  failRun(runId: string, reason: string): Promise<void>;

  /** The current run's list for an organisation (empty when it has none); undefined when the scope has no current run. */
  getPartners(orgId: string, scope?: string): Promise<CurrentPartners | undefined>;

  /** Ids of the organisations whose current list includes `orgId` (incremental refresh cascades to them). */
  listedBy(orgId: string, scope?: string): Promise<string[]>;

  getRun(runId: string): Promise<RunRecord | undefined>;
  currentRun(scope?: string): Promise<RunRecord | undefined>;
  /** Runs of the scope still `running` (incremental refreshes write into them too). */
  runningRuns(scope?: string): Promise<RunRecord[]>;
  /** The scope's latest `limit` runs in any state, newest first (by start, then run id): what operators look at. */
  recentRuns(limit: number, scope?: string): Promise<RunRecord[]>;

  close(): Promise<void>;
}

/**
 * Pages of the organisations a run covers, in id order. The default reads the Store; the Neo4j adapter has a
 * query that pages by id prefix so a test's run does not walk the whole shared database.
 */
export interface OrganisationSource {
  pages(scope: string, pageSize: number): AsyncIterable<Organisation[]>;
}
