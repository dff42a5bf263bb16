/**
 * An incremental run, the story: register it against the scope's current run (its base) → read the base run's state
 * blobs (the organisations as it saw them, each list's state, each seeker's blocking query) → load the organisations
 * now → find what changed and the lists it can affect (incremental.ts, pure) → read those lists of the base run →
 * rewrite them → apply the result into the base run (PartnerScoreStore.applyIncrement) and mark the run `applied`.
 * The lists are as of the base run's asOf, so the base run then equals a full run with that asOf on today's data.
 *
 * Throws RunStateError (not retriable) when there is no current run, when the base run kept no state (a run from
 * before state blobs: "run a full refresh"), when an increment was applied to it already (increments do not chain),
 * or when the base stops being current meanwhile; StoreUnavailableError (retriable) from the stores.
 *
 * A base list that was rewritten since its shard wrote it (an organisation refresh, or an earlier attempt of this run
 * that stopped half-applied on Neo4j) no longer matches its state: its stamp (computedAt) differs from the shard's,
 * and it is recomputed in full instead of repaired. The step reads the base lists a slice of the seekers at a time (at
 * a million organisations the changes reach nearly all of them) and runs where `computer` says: split over a
 * ThreadComputer's threads, part by part, while this thread reads the next slice (incremental-work.ts).
 */
import type { Logger } from 'pino';
import type { Reference } from '../reference/types.ts';
import type { Organisation } from '../organisations/schema.ts';
import { buildSnapshot } from './compute-lists.ts';
import { RunStateError } from './errors.ts';
import { changedHitsBySeeker, emptyCounts, markChange } from './incremental.ts';
import { addCounts, inlineStep, type StepPart, type StepSetup, type StepWork } from './incremental-work.ts';
import type { ShardComputer } from './shard-computer.ts';
import type { OrganisationSource, PartnerScoreStore } from './partner-scores.ts';
import { ReverseBlockingIndex } from './reverse-blocking.ts';
import type { RefreshSettings } from './settings.ts';
import { loadOrganisations } from './snapshot.ts';
import type { RecordComparison } from './record-changes.ts';
import { decodePackedShardState } from './state-blob.ts';
import { StoredStates } from './stored-states.ts';
import { ListScratch, type ListNumbers, type PackedList } from './packed-lists.ts';
import type { IncrementCounts, RunRecord } from './types.ts';

/** Base lists read (and held) at once: a slice of the seekers the changes reach. */
const READ_SLICE = 20_000;
/**
 * Changed seekers recomputed in full in one part: about what a slice's repairs cost (a full list ≈ 1.1 ms, a repair
 * ≈ 0.3 ms at 100,000), so that the parts keep the threads evenly busy.
 */
const RECOMPUTE_SLICE = 5_000;

export interface IncrementalRunDeps {
  ref: Reference;
  scores: PartnerScoreStore;
  source: OrganisationSource;
  settings: Pick<RefreshSettings, 'maxCandidates' | 'pageSize'>;
  now: () => Date;
  logger?: Pick<Logger, 'info'>;
  /** base lists read and held at once (READ_SLICE) */
  readSlice?: number;
  /** where the step runs: a ThreadComputer splits it over its threads; the calling thread without one */
  computer?: ShardComputer;
}

export interface IncrementalRunOutcome extends IncrementCounts {
  runId: string;
  baseRunId: string;
  /** already applied by an earlier attempt: nothing was done */
  already?: boolean;
  /** seconds: reading the state and the organisations now; the pure step; reading the base lists it visits; writing */
  seconds: { load: number; step: number; read: number; apply: number };
}

/** The base run as the incremental step reads it, rebuilt from its state blobs against the organisations now. */
export interface DecodedBase {
  /**
   * The changed organisations as the base run saw them, and nothing else: the blobs hold every record, and keeping a
   * million of them beside the million now was what filled the heap (docs/refresh.md).
   */
  before: Map<string, Organisation>;
  /** what changedOrganisations finds between the base run's records and `now` */
  changed: Set<string>;
  /** each seeker's state, packed, and the computedAt its shard stamped its list with */
  states: StoredStates;
  reach: ReverseBlockingIndex;
}

/**
 * The blobs decoded one at a time, each record compared with the organisation now as it is read (see DecodedBase) —
 * or, given `compared` (a ThreadComputer comparing them on its threads meanwhile: record-changes.ts), only their
 * states, the records' differences taken from there. `organisations`: the organisations now, as `compared` indexes
 * them. With `compared`, `changesKnown` is called as soon as `before` and `changed` are complete, while the states are
 * still being decoded into `states` and `reach` (the step can start with the changed seekers).
 */
export async function decodeBase(
  blobs: readonly Uint8Array[],
  now: ReadonlyMap<string, Organisation>,
  compared?: { organisations: readonly Organisation[]; comparison: Promise<RecordComparison> },
  changesKnown: (base: DecodedBase) => void = () => {},
): Promise<DecodedBase> {
  const base: DecodedBase = {
    before: new Map(),
    changed: new Set(),
    states: new StoredStates((id) => now.get(id)?.id ?? id),
    reach: new ReverseBlockingIndex(),
  };
  // Organisations now that no record names are new since the base run.
  const early = compared?.comparison.then(({ differing, seen }) => {
    for (const [id, was] of differing) base.before.set(id, JSON.parse(was) as Organisation);
    findChanges(
      base,
      now,
      compared.organisations.filter((_, i) => seen[i] === 0),
    );
    changesKnown(base);
  });
  // Awaited below; a failure in the loop first must not leave it unhandled.
  early?.catch(() => undefined);
  const seen = new Set<string>();
  for (const blob of blobs) {
    const shard = await decodePackedShardState(blob, { records: !compared });
    // The record as the run saw it is parsed only when its text differs from the record now's.
    shard.recordIds.forEach((id, i) => {
      seen.add(id);
      const is = now.get(id);
      const was = shard.recordTexts[i];
      if (!is || was !== JSON.stringify(is)) base.before.set(id, JSON.parse(was) as Organisation);
    });
    base.states.addShard(shard, (s, seekerId, lowestKnownId) => base.reach.add(seekerId, s.query, s.minServices, lowestKnownId));
  }
  if (early) await early;
  else {
    findChanges(
      base,
      now,
      [...now.values()].filter((org) => !seen.has(org.id)),
    );
  }
  return base;
}

/** changedOrganisations, from the records that differ (`base.before` so far) and the organisations no record names. */
function findChanges(base: DecodedBase, now: ReadonlyMap<string, Organisation>, unseen: readonly Organisation[]): void {
  for (const [id, was] of base.before) markChange(base.changed, was, now.get(id));
  for (const is of unseen) markChange(base.changed, undefined, is);
  // A partner whose own record did not change was as it is: the step looks every changed organisation up as it was.
  const unseenIds = new Set(unseen.map((org) => org.id));
  for (const id of base.changed) if (!base.before.has(id) && now.has(id) && !unseenIds.has(id)) base.before.set(id, now.get(id)!);
}

export async function runIncremental(
  deps: IncrementalRunDeps,
  p: { runId: string; scope: string },
  progress: (phase: string) => Promise<void> = async () => {},
): Promise<IncrementalRunOutcome> {
  const { ref, scores, source, settings, now } = deps;
  const seconds = { load: 0, step: 0, read: 0, apply: 0 };
  let t = performance.now();
  const lap = () => {
    const s = Math.round(performance.now() - t) / 1000;
    t = performance.now();
    return s;
  };

  const run = await registered(scores, p, now);
  const baseRunId = run.baseRunId;
  if (!baseRunId) throw new RunStateError(`incremental run ${p.runId}: the scope has no current run to start from; run a full refresh`);
  if (run.status === 'applied') return { runId: p.runId, baseRunId, already: true, ...run.increment!, seconds };
  if (run.status !== 'running') throw new RunStateError(`incremental run ${p.runId} is ${run.status}`);
  const base = await scores.getRun(baseRunId);
  if (!base || base.status !== 'current')
    throw new RunStateError(
      `incremental run ${p.runId}: base run ${baseRunId} is ${base?.status ?? 'unknown'}, not current; run a full refresh`,
    );
  if ((base.incrementsApplied ?? 0) > 0)
    throw new RunStateError(
      `incremental run ${p.runId}: base run ${baseRunId} already has an increment applied (increments do not chain); run a full refresh`,
    );

  // Each phase is reported to the job and logged as it starts: at a million organisations the run takes minutes.
  const phase = async (name: string) => {
    await progress(name);
    deps.logger?.info({ runId: p.runId, baseRunId, phase: name, seconds }, 'incremental refresh run phase');
  };
  await phase('reading state');
  const blobs = await scores.readStates(baseRunId);
  if (blobs.length === 0) throw new RunStateError(`incremental run ${p.runId}: base run ${baseRunId} has no state; run a full refresh`);
  if (blobs.length < base.shards)
    throw new RunStateError(
      `incremental run ${p.runId}: base run ${baseRunId} has state for ${blobs.length} of ${base.shards} shards; run a full refresh`,
    );
  await phase('loading organisations');
  const organisations = await loadOrganisations(source, p.scope, settings.pageSize);
  // The threads build their snapshots of the organisations now while this thread decodes the state, then compare the
  // base run's records with them (record-changes.ts): this thread decodes only the states.
  deps.computer?.prepareIncrement(p.runId, organisations);
  const comparison = deps.computer?.compareRecords?.(p.runId, organisations, blobs);
  // Awaited in decodeBase; a failure there first must not leave this one unhandled.
  comparison?.catch(() => undefined);
  // Records by id are all this thread needs unless the step runs here (then inlineStep builds the snapshot).
  const after = { byId: new Map(organisations.map((org) => [org.id, org])) };
  await phase('decoding state');
  const options = { topK: base.topK, maxCandidates: settings.maxCandidates, asOf: new Date(base.asOf), computedAt: now().toISOString() };
  const lists: (readonly [string, PackedList])[] = [];
  const counts = emptyCounts();
  let work: StepWork | undefined;
  let parts: PartsInFlight | undefined;
  let recomputing: Promise<void> | undefined;
  // The step starts with the changed seekers as soon as they are known: when the threads compare the records, before
  // this thread has decoded the states (the threads recompute while it decodes; they read the states at the first
  // repair), and their lists count in the load's seconds; otherwise once the states are decoded.
  const startStep = (known: DecodedBase) => {
    const setup: StepSetup = {
      runId: p.runId,
      organisations,
      after: () => buildSnapshot(ref, organisations),
      before: known.before,
      changed: known.changed,
      states: known.states,
      options,
    };
    const started = deps.computer?.increment(setup) ?? inlineStep(ref, setup);
    const inFlight = new PartsInFlight(started.parallel + 1, (part) => {
      for (const entry of part.lists.packed) lists.push(entry);
      addCounts(counts, part.counts);
    });
    [work, parts] = [started, inFlight];
    // In parts the size of a slice's recomputations.
    const changedNow = [...known.changed].filter((id) => after.byId.has(id));
    recomputing = (async () => {
      for (let i = 0; i < changedNow.length; i += RECOMPUTE_SLICE) {
        await inFlight.room();
        inFlight.add(started.recompute(changedNow.slice(i, i + RECOMPUTE_SLICE)));
      }
    })();
    // Awaited below; a failure while the states are decoded must not leave it unhandled.
    recomputing.catch(() => undefined);
  };
  let decoded: DecodedBase;
  try {
    decoded = await decodeBase(blobs, after.byId, comparison && { organisations, comparison }, startStep);
    blobs.length = 0;
    seconds.load = lap();

    await phase('computing');
    if (!work) startStep(decoded);
    await recomputing;
    const [step, inFlight] = [work!, parts!];
    const { changed } = decoded;
    const reached = inStoredOrder(changedHitsBySeeker(decoded.reach, { byId: decoded.before }, after, changed), decoded.states.keys());
    // The base lists a slice of seekers at a time: at a million organisations nearly all of them are visited.
    const sliceSize = deps.readSlice ?? READ_SLICE;
    // A slice's lists share one scratch (ListScratch): the step reads them before the next slice is read.
    const scratch = new ListScratch();
    while (reached.length > 0) {
      // Taken off the queue: a repaired slice's changed hits (~16 a seeker at a million) are garbage from then on.
      const slice = reached.splice(0, sliceSize);
      await inFlight.room();
      seconds.step += lap();
      const seekerIds = slice.map(([seekerId]) => seekerId);
      // The partners' ids are in the states (base-state.ts listIds) unless the base run is older than that.
      const idsInStates = seekerIds.every((id) => !decoded.states.has(id) || decoded.states.holdsList(id));
      const stored = idsInStates
        ? await scores.readListNumbers(baseRunId, seekerIds, scratch)
        : await scores.readLists(baseRunId, seekerIds, scratch);
      seconds.read += lap();
      // A list stamped otherwise than its shard was rewritten since: its state no longer describes it.
      const listOf = (id: string) => matching(stored.get(id), decoded.states.stampOf(id));
      inFlight.add(step.repair(slice, listOf));
    }
    await inFlight.all();
  } finally {
    work?.close();
  }
  const { changed } = decoded;
  seconds.step += lap();

  await phase('applying');
  // Seekers that had a list and are gone.
  const removed = [...changed].filter((id) => decoded.before.has(id) && !after.byId.has(id));
  const increment: IncrementCounts = {
    changedOrganisations: changed.size,
    listsRewritten: lists.length,
    listsRecomputed: Object.values(counts.recomputed).reduce((n, c) => n + c, 0),
    listsRemoved: removed.length,
  };
  await scores.applyIncrement(p.runId, { lists: { packed: lists }, removed, counts: increment });
  seconds.apply = lap();
  deps.logger?.info({ runId: p.runId, baseRunId, ...increment, seconds }, 'incremental refresh run applied');
  return { runId: p.runId, baseRunId, ...increment, seconds };
}

/**
 * The step's parts in flight, at most `limit` at once: each part's outcome is taken as it comes (`take`), and the
 * first failure is thrown by the next `room` or `all`.
 */
class PartsInFlight {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly limit: number,
    private readonly take: (part: StepPart) => void,
  ) {}

  add(part: Promise<StepPart>): void {
    const done: Promise<void> = part
      .then(this.take, (error: unknown) => void (this.failure ??= { error }))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Waits until another part may be added. */
  async room(): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    this.check();
  }

  async all(): Promise<void> {
    await Promise.all(this.inFlight);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** The run's record, registered against the scope's current run the first time (a retry finds it). */
async function registered(scores: PartnerScoreStore, p: { runId: string; scope: string }, now: () => Date): Promise<RunRecord> {
  const existing = await scores.getRun(p.runId);
  if (existing) {
    if (existing.kind !== 'incremental') throw new RunStateError(`run ${p.runId} exists and is not incremental`);
    return existing;
  }
  const base = await scores.currentRun(p.scope);
  return scores.beginRun({
    runId: p.runId,
    scope: p.scope,
    kind: 'incremental',
    baseRunId: base?.runId,
    asOf: base?.asOf ?? now().toISOString(),
    startedAt: now().toISOString(),
    organisations: base?.organisations ?? 0,
    shards: 0,
    topK: base?.topK ?? 0,
  });
}

/**
 * The reached seekers in the order the base run's shards hold them (`stored`: the decoded states, shard by shard), then
 * any without state. A shard's lists were written together, so a slice of seekers in this order reads one stretch of
 * the store instead of rows spread over all of it (at 1,000,000 organisations, a data directory of several GB).
 */
export function inStoredOrder<T>(reached: Map<string, T>, stored: Iterable<string>): [string, T][] {
  const out: [string, T][] = [];
  for (const id of stored) {
    const hits = reached.get(id);
    if (hits === undefined) continue;
    out.push([id, hits]);
    reached.delete(id);
  }
  for (const entry of reached) out.push(entry);
  return out;
}

function matching<L extends ListNumbers>(list: L | undefined, stamp: string | undefined): L | undefined {
  return list && list.computedAt === stamp ? list : undefined;
}
