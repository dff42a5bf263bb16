/**
 * Partner lists for the embedded store and the in-process runner. Lists are kept packed (ids, a Float64Array of
 * totals, a Float32Array of factor scores and weights), about 80 bytes a partner. Everything here is synchronous
 * under the hood, so each method is atomic: a reader sees a run switch whole.
 *
 * Without a `persistence` the lists live in memory (100,000 organisations × 50 partners ≈ 400 MB per run) and
 * nothing outlives the process. With one (the embedded store's data directory, src/store/embedded/persistence)
 * every change is written there in one transaction before the call returns, run records stay in memory, and lists
 * are read from the file when asked for — so a restart loads only the run records, and memory holds no lists.
 */
import { RunStateError } from './errors.ts';
import type { PartnerScoreStore } from './partner-scores.ts';
import {
  countLists,
  packedEntries,
  unpackList as unpack,
  type ListNumbers,
  type ListScratch,
  type PackedList,
  type ShardLists,
} from './packed-lists.ts';
import type { Increment } from './partner-scores.ts';
import type { CommitOutcome, CurrentPartners, NewRun, PartnerList, RunRecord } from './types.ts';

interface RunState {
  record: RunRecord;
  lists: ListBook;
  shards: Map<number, { lists: number; partners: number }>;
  /** shard → state blob (in memory only without persistence) */
  states: Map<number, Uint8Array>;
  /** partner id → seekers listing it; built on first use, dropped on every write */
  listedBy?: Map<string, string[]>;
}

/**
 * Where the lists and runs are kept between restarts. Each call is one transaction, durable when it returns;
 * throws StoreUnavailableError. Implemented over the embedded store's database (src/store/embedded/persistence).
 */
export interface PartnerScorePersistence {
  load(): {
    runs: RunRecord[];
    current: { scope: string; runId: string }[];
    shards: { runId: string; shard: number; lists: number; partners: number }[];
  };
  loadList(runId: string, seekerId: string): PackedList | undefined;
  /** those of these seekers' lists the run holds, in one read (their numbers in `scratch` when given: ListScratch) */
  loadListsOf(runId: string, seekerIds: readonly string[], scratch?: ListScratch): [seekerId: string, list: PackedList][];
  /** the same without the partner ids */
  loadListNumbersOf(runId: string, seekerIds: readonly string[], scratch?: ListScratch): [seekerId: string, list: ListNumbers][];
  loadLists(runId: string): Iterable<[seekerId: string, list: PackedList]>;
  /** the run's state blobs by shard */
  loadStates(runId: string): Uint8Array[];
  /** partner rows the run holds */
  countRows(runId: string): number;
  /** Writes whatever of these is given, together. */
  save(change: {
    runs?: readonly RunRecord[];
    current?: { scope: string; runId: string };
    shard?: { runId: string; shard: number; lists: number; partners: number };
    lists?: { runId: string; entries: readonly (readonly [seekerId: string, list: PackedList])[] };
    /** a shard's state blob */
    state?: { runId: string; shard: number; blob: Uint8Array };
    /** seekers whose lists in the run are deleted */
    removedLists?: { runId: string; seekerIds: readonly string[] };
    /** runs whose rows (and state blobs) are deleted */
    cleared?: readonly string[];
  }): void;
}

export class EmbeddedPartnerScores implements PartnerScoreStore {
  readonly kind = 'embedded' as const;
  private readonly runs = new Map<string, RunState>();
  private readonly current = new Map<string, string>();

  constructor(private readonly persistence?: PartnerScorePersistence) {
    if (persistence) this.restore(persistence);
  }

  private restore(persistence: PartnerScorePersistence): void {
    const saved = persistence.load();
    for (const record of saved.runs) this.runs.set(record.runId, this.newState(record));
    for (const { scope, runId } of saved.current) this.current.set(scope, runId);
    for (const { runId, shard, lists, partners } of saved.shards) this.runs.get(runId)?.shards.set(shard, { lists, partners });
  }

  private newState(record: RunRecord): RunState {
    const lists = this.persistence ? fileLists(this.persistence, record.runId) : memoryLists();
    return { record, lists, shards: new Map(), states: new Map() };
  }

  async beginRun(run: NewRun): Promise<RunRecord> {
    const existing = this.runs.get(run.runId);
    if (existing) return { ...existing.record };
    const record: RunRecord = { ...run, status: 'running', shardsDone: 0, lists: 0, partners: 0 };
    this.persistence?.save({ runs: [record] });
    this.runs.set(run.runId, this.newState(record));
    return { ...record };
  }

  async writeShard(runId: string, shard: number, lists: ShardLists, state?: Uint8Array): Promise<void> {
    const run = this.open(runId, ['running'], 'write a shard');
    const packed = packedEntries(lists);
    const counts = countLists(lists);
    const shards = new Map(run.shards).set(shard, counts);
    let partners = 0;
    let listCount = 0;
    for (const s of shards.values()) {
      partners += s.partners;
      listCount += s.lists;
    }
    const record: RunRecord = { ...run.record, shardsDone: shards.size, lists: listCount, partners };
    this.persistence?.save({
      runs: [record],
      shard: { runId, shard, ...counts },
      lists: { runId, entries: packed },
      state: state ? { runId, shard, blob: state } : undefined,
    });
    this.put(run, packed);
    if (state && !this.persistence) run.states.set(shard, state);
    run.shards.set(shard, counts);
    run.record = record;
  }

  async readStates(runId: string): Promise<Uint8Array[]> {
    const run = this.runs.get(runId);
    if (!run) return [];
    if (this.persistence) return this.persistence.loadStates(runId);
    return [...run.states.entries()].sort((a, b) => a[0] - b[0]).map(([, blob]) => blob);
  }

  async readLists(runId: string, seekerIds: readonly string[], scratch?: ListScratch): Promise<Map<string, PackedList>> {
    return this.listsOf(
      runId,
      seekerIds,
      (p) => p.loadListsOf(runId, seekerIds, scratch),
      (list) => list,
    );
  }

  async readListNumbers(runId: string, seekerIds: readonly string[], scratch?: ListScratch): Promise<Map<string, ListNumbers>> {
    return this.listsOf(
      runId,
      seekerIds,
      (p) => p.loadListNumbersOf(runId, seekerIds, scratch),
      ({ computedAt, totals, factors }) => ({ computedAt, totals, factors }),
    );
  }

  /** Those of these seekers' lists the run holds: from the file with a persistence, else from memory through `pick`. */
  private listsOf<L>(
    runId: string,
    seekerIds: readonly string[],
    fromFile: (persistence: PartnerScorePersistence) => [string, L][],
    pick: (list: PackedList) => L,
  ): Map<string, L> {
    const out = new Map<string, L>();
    const run = this.runs.get(runId);
    if (!run) return out;
    if (this.persistence) return new Map(fromFile(this.persistence));
    for (const seekerId of seekerIds) {
      const list = run.lists.get(seekerId);
      if (list) out.set(seekerId, pick(list));
    }
    return out;
  }

  async applyIncrement(runId: string, increment: Increment): Promise<void> {
    const run = this.open(runId, ['running'], 'apply an increment');
    const baseRunId = run.record.baseRunId;
    if (run.record.kind !== 'incremental' || !baseRunId) throw new RunStateError(`cannot apply run ${runId}: it is not incremental`);
    const base = this.open(baseRunId, ['current'], `apply increment ${runId}`);
    if ((base.record.incrementsApplied ?? 0) > 0)
      throw new RunStateError(`cannot apply increment ${runId}: base run ${baseRunId} has an increment applied already`);
    const packed = packedEntries(increment.lists);
    const now = new Date().toISOString();
    const applied: RunRecord = {
      ...run.record,
      status: 'applied',
      committedAt: now,
      ...countLists(increment.lists),
      increment: { ...increment.counts },
    };
    const based: RunRecord = { ...base.record, incrementsApplied: (base.record.incrementsApplied ?? 0) + 1 };
    // One transaction, then memory in one synchronous step: a reader sees the base run before or after, whole.
    this.persistence?.save({
      runs: [applied, based],
      lists: { runId: baseRunId, entries: packed },
      removedLists: { runId: baseRunId, seekerIds: increment.removed },
    });
    this.put(base, packed);
    base.lists.delete(increment.removed);
    run.record = applied;
    base.record = based;
  }

  async replaceLists(runId: string, lists: readonly PartnerList[]): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || (run.record.status !== 'running' && run.record.status !== 'current')) return false;
    const packed = packedEntries(lists);
    this.persistence?.save({ lists: { runId, entries: packed } });
    this.put(run, packed);
    return true;
  }

  async commitRun(runId: string): Promise<CommitOutcome> {
    const run = this.runs.get(runId);
    if (!run) throw new RunStateError(`cannot commit unknown run ${runId}`);
    const { record } = run;
    if (record.status === 'current') return { runId, outcome: 'already-current', deletedRows: 0 };
    if (record.status !== 'running') return { runId, outcome: 'stale', deletedRows: 0 };
    if (run.shards.size < record.shards) throw new RunStateError(`run ${runId} has ${run.shards.size} of ${record.shards} shards written`);
    const now = new Date().toISOString();
    const previousRunId = this.current.get(record.scope);
    // Decide every change first, write it in one transaction, then apply it to memory.
    const changed = new Map<RunState, RunRecord>([[run, { ...record, status: 'current', committedAt: now }]]);
    const cleared: RunState[] = [];
    for (const other of this.runs.values()) {
      const r = other.record;
      if (r.scope !== record.scope || r.runId === runId) continue;
      const next = r.runId === previousRunId ? { ...r, status: 'superseded' as const, endedAt: now } : r;
      if (next !== r) changed.set(other, next);
      if (next.status === 'superseded' || next.status === 'failed') cleared.push(other);
    }
    const deletedRows = cleared.reduce((n, state) => n + state.lists.rows(), 0);
    this.persistence?.save({
      runs: [...changed.values()],
      current: { scope: record.scope, runId },
      cleared: cleared.map((c) => c.record.runId),
    });
    this.current.set(record.scope, runId);
    for (const [state, next] of changed) state.record = next;
    for (const state of cleared) this.clear(state);
    return { runId, outcome: 'committed', previousRunId, deletedRows };
  }

  async failRun(runId: string, reason: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run || run.record.status !== 'running') return;
    const record: RunRecord = { ...run.record, status: 'failed', endedAt: new Date().toISOString(), failedReason: reason };
    this.persistence?.save({ runs: [record], cleared: [runId] });
    run.record = record;
    this.clear(run);
  }

  async getPartners(orgId: string, scope = ''): Promise<CurrentPartners | undefined> {
    const run = this.currentState(scope);
    if (!run) return undefined;
    const list = run.lists.get(orgId);
    const { runId, asOf, committedAt } = run.record;
    return { runId, asOf, committedAt: committedAt!, computedAt: list?.computedAt, partners: list ? unpack(list) : [] };
  }

  async listedBy(orgId: string, scope = ''): Promise<string[]> {
    const run = this.currentState(scope);
    if (!run) return [];
    if (!run.listedBy) {
      const index = new Map<string, string[]>();
      for (const [seekerId, list] of run.lists.entries())
        for (const id of list.ids) (index.get(id) ?? index.set(id, []).get(id)!).push(seekerId);
      run.listedBy = index;
    }
    return [...(run.listedBy.get(orgId) ?? [])].sort();
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    return run ? { ...run.record } : undefined;
  }

  async currentRun(scope = ''): Promise<RunRecord | undefined> {
    const run = this.currentState(scope);
    return run ? { ...run.record } : undefined;
  }

  async runningRuns(scope = ''): Promise<RunRecord[]> {
    return [...this.runs.values()].filter((r) => r.record.scope === scope && r.record.status === 'running').map((r) => ({ ...r.record }));
  }

  async recentRuns(limit: number, scope = ''): Promise<RunRecord[]> {
    return [...this.runs.values()]
      .map((r) => r.record)
      .filter((r) => r.scope === scope)
      .sort((a, b) => compare(b.startedAt, a.startedAt) || compare(b.runId, a.runId))
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }

  async close(): Promise<void> {}

  private currentState(scope: string): RunState | undefined {
    const id = this.current.get(scope);
    return id === undefined ? undefined : this.runs.get(id);
  }

  private open(runId: string, states: readonly RunRecord['status'][], action: string): RunState {
    const run = this.runs.get(runId);
    if (!run) throw new RunStateError(`cannot ${action}: unknown run ${runId}`);
    if (!states.includes(run.record.status)) throw new RunStateError(`cannot ${action}: run ${runId} is ${run.record.status}`);
    return run;
  }

  private put(run: RunState, lists: readonly (readonly [string, PackedList])[]): void {
    run.lists.put(lists);
    run.listedBy = undefined;
  }

  /** Drops a run's rows (its record stays, for GET /v1/refresh-runs/:id). */
  private clear(run: RunState): void {
    run.lists.clear();
    run.states.clear();
    run.listedBy = undefined;
  }
}

/**
 * A run's lists. In memory, or in the data directory: there the writes were made by PartnerScorePersistence.save
 * (in the same transaction as the run record they belong to), so `put` and `clear` have nothing left to do.
 */
interface ListBook {
  get(seekerId: string): PackedList | undefined;
  entries(): Iterable<[string, PackedList]>;
  put(lists: readonly (readonly [string, PackedList])[]): void;
  delete(seekerIds: readonly string[]): void;
  rows(): number;
  clear(): void;
}

function memoryLists(): ListBook {
  const map = new Map<string, PackedList>();
  return {
    get: (seekerId) => map.get(seekerId),
    entries: () => map.entries(),
    put: (lists) => lists.forEach(([seekerId, list]) => map.set(seekerId, list)),
    delete: (seekerIds) => seekerIds.forEach((seekerId) => map.delete(seekerId)),
    rows: () => [...map.values()].reduce((n, list) => n + list.ids.length, 0),
    clear: () => map.clear(),
  };
}

function fileLists(persistence: PartnerScorePersistence, runId: string): ListBook {
  return {
    get: (seekerId) => persistence.loadList(runId, seekerId),
    entries: () => persistence.loadLists(runId),
    put: () => {},
    delete: () => {},
    rows: () => persistence.countRows(runId),
    clear: () => {},
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
