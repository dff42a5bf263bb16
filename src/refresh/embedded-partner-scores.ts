/**
 * Partner lists in memory, for the embedded store and the in-process runner. Lists are kept packed (ids, a
 * Float64Array of totals, a Float32Array of factor scores and weights), about 80 bytes a partner, so 100,000
 * organisations × 50 partners take ~400 MB per run. Everything here is synchronous under the hood, so each
 * method is atomic: a reader sees a run switch whole.
 */
import type { FactorScore } from '../matching/score.ts';
import { FACTORS, type FactorName } from '../matching/settings.ts';
import { RunStateError } from './errors.ts';
import type { PartnerScoreStore } from './partner-scores.ts';
import type { CommitOutcome, CurrentPartners, NewRun, PartnerList, PartnerScore, RunRecord } from './types.ts';

interface PackedList {
  computedAt: string;
  ids: string[];
  totals: Float64Array;
  /** per partner: score then weight of each factor, in FACTORS order */
  factors: Float32Array;
}

interface RunState {
  record: RunRecord;
  lists: Map<string, PackedList>;
  shards: Map<number, { lists: number; partners: number }>;
  /** partner id → seekers listing it; built on first use, dropped on every write */
  listedBy?: Map<string, string[]>;
}

const STRIDE = FACTORS.length * 2;

export class EmbeddedPartnerScores implements PartnerScoreStore {
  readonly kind = 'embedded' as const;
  private readonly runs = new Map<string, RunState>();
  private readonly current = new Map<string, string>();

  async beginRun(run: NewRun): Promise<RunRecord> {
    const existing = this.runs.get(run.runId);
    if (existing) return { ...existing.record };
    const record: RunRecord = { ...run, status: 'running', shardsDone: 0, lists: 0, partners: 0 };
    this.runs.set(run.runId, { record, lists: new Map(), shards: new Map() });
    return { ...record };
  }

  async writeShard(runId: string, shard: number, lists: readonly PartnerList[]): Promise<void> {
    const run = this.open(runId, ['running'], 'write a shard');
    this.put(run, lists);
    run.shards.set(shard, { lists: lists.length, partners: lists.reduce((n, l) => n + l.partners.length, 0) });
    let partners = 0;
    let listCount = 0;
    for (const s of run.shards.values()) {
      partners += s.partners;
      listCount += s.lists;
    }
    Object.assign(run.record, { shardsDone: run.shards.size, lists: listCount, partners });
  }

  async replaceLists(runId: string, lists: readonly PartnerList[]): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || (run.record.status !== 'running' && run.record.status !== 'current')) return false;
    this.put(run, lists);
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
    this.current.set(record.scope, runId);
    Object.assign(record, { status: 'current', committedAt: now });
    let deletedRows = 0;
    for (const other of this.runs.values()) {
      const r = other.record;
      if (r.scope !== record.scope || r.runId === runId) continue;
      if (r.runId === previousRunId) Object.assign(r, { status: 'superseded', endedAt: now });
      if (r.status === 'superseded' || r.status === 'failed') deletedRows += this.clear(other);
    }
    return { runId, outcome: 'committed', previousRunId, deletedRows };
  }

  async failRun(runId: string, reason: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run || run.record.status !== 'running') return;
    Object.assign(run.record, { status: 'failed', endedAt: new Date().toISOString(), failedReason: reason });
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
      for (const [seekerId, list] of run.lists) for (const id of list.ids) (index.get(id) ?? index.set(id, []).get(id)!).push(seekerId);
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

  private put(run: RunState, lists: readonly PartnerList[]): void {
    for (const list of lists) run.lists.set(list.seekerId, pack(list));
    run.listedBy = undefined;
  }

  /** Drops a run's rows (its record stays, for GET /v1/refresh-runs/:id); returns how many rows went. */
  private clear(run: RunState): number {
    let rows = 0;
    for (const list of run.lists.values()) rows += list.ids.length;
    run.lists.clear();
    run.listedBy = undefined;
    return rows;
  }
}

function pack(list: PartnerList): PackedList {
  const n = list.partners.length;
  const ids = new Array<string>(n);
  const totals = new Float64Array(n);
  const factors = new Float32Array(n * STRIDE);
  // Stored by rank, so position + 1 is the rank.
  const sorted = [...list.partners].sort((a, b) => a.rank - b.rank);
  sorted.forEach((p, i) => {
    ids[i] = p.partnerId;
    totals[i] = p.total;
    FACTORS.forEach((name, f) => {
      factors[i * STRIDE + 2 * f] = p.factors[name].score;
      factors[i * STRIDE + 2 * f + 1] = p.factors[name].weight;
    });
  });
  return { computedAt: list.computedAt, ids, totals, factors };
}

function unpack(list: PackedList): PartnerScore[] {
  return list.ids.map((partnerId, i) => {
    const factors = {} as Record<FactorName, FactorScore>;
    FACTORS.forEach((name, f) => {
      factors[name] = { score: round4(list.factors[i * STRIDE + 2 * f]), weight: round4(list.factors[i * STRIDE + 2 * f + 1]) };
    });
    return { partnerId, rank: i + 1, total: list.totals[i], factors };
  });
}

/** Scores and weights are rounded to 4 decimals when computed; a float32 keeps them exactly enough to round back. */
function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
