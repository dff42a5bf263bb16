/**
 * Partner lists in Neo4j, as scored relationships:
 *   (:Organisation)-[:CANDIDATE_PARTNER {runId, rank, total, scores, weights, computedAt}]->(:Organisation)
 * `scores` and `weights` are float lists in the order of the run's `factors` property, so a factor added later
 * does not misread old rows. Run bookkeeping: (:PartnerScoreRun {runId, scope, status, …})-[:SHARD]->
 * (:PartnerScoreShard {shard, lists, partners}) and one (:PartnerScoreState {scope, currentRunId}) per scope.
 *
 * Queries live in cypher/partner-scores/ (one per file, loaded and checked at construction). They run through the
 * process's Neo4jClient (src/store/neo4j/client.ts), which the Store adapter shares: managed transactions whose
 * callbacks only run queries; failures the driver could not retry away become StoreUnavailableError.
 *
 * Atomicity: a shard's lists and its shard marker are written in one transaction (rerunning it replaces them);
 * the switch of the current run is one transaction holding the scope's lock; the previous run's rows are
 * deleted afterwards in batches. A reader resolves the current run and its rows in one query, then checks the
 * current run did not move meanwhile (and reads again if it did), so it never returns a half-deleted list.
 */
import { fileURLToPath } from 'node:url';
import { FACTORS, type FactorName } from '../matching/settings.ts';
import type { FactorScore } from '../matching/score.ts';
import type { Organisation } from '../organisations/schema.ts';
import { loadCypher } from '../store/neo4j/cypher-loader.ts';
import { int, Neo4jClient, type Neo4jClientSource, type Transaction } from '../store/neo4j/client.ts';
import { countOf } from '../store/neo4j/records.ts';
import type { Store } from '../store/types.ts';
import { RunStateError } from './errors.ts';
import type { Increment, OrganisationSource, PartnerScoreStore } from './partner-scores.ts';
import { REFRESH_DEFAULTS } from './settings.ts';
import { countLists, PackedListWriter, partnerLists, type ListNumbers, type PackedList, type ShardLists } from './packed-lists.ts';
import type { CommitOutcome, CurrentPartners, NewRun, PartnerList, PartnerScore, RunRecord, RunStatus } from './types.ts';

export const PARTNER_SCORES_CYPHER_DIR = fileURLToPath(new URL('../../cypher/partner-scores/', import.meta.url));

export const PARTNER_SCORE_QUERIES = [
  'schema-run-id',
  'schema-state-scope',
  'schema-candidate-run',
  'begin-run',
  'lock-run',
  'write-lists',
  'mark-shard',
  'get-run',
  'current-run',
  'running-runs',
  'recent-runs',
  'lock-scope',
  'switch-current',
  'fail-run',
  'runs-to-purge',
  'delete-run-rows',
  'mark-purged',
  'get-partners',
  'current-run-id',
  'listed-by',
  'list-organisation-ids',
  'delete-scope',
  'scope-run-ids',
  'schema-refresh-state-run',
  'write-state',
  'read-states',
  'delete-run-states',
  'read-lists',
  'delete-lists',
  'mark-applied',
  'lock-base-run',
] as const;
type QueryName = (typeof PARTNER_SCORE_QUERIES)[number];

/** Applied in order, each once per client (Neo4jClient.ensureSchema); append, never edit. */
const SCHEMA: readonly QueryName[] = ['schema-run-id', 'schema-state-scope', 'schema-candidate-run', 'schema-refresh-state-run'];

/** Connection settings (the store then owns a client of its own) or `{ client }` to share the Store's; plus: */
export type Neo4jPartnerScoresOptions = Neo4jClientSource & {
  /** lists per write statement (several statements per shard transaction) */
  writeBatch?: number;
  /** rows deleted per transaction when a replaced run is purged */
  deleteBatch?: number;
  /** lists an incremental run writes into its base run per transaction */
  applyBatch?: number;
  cypherDir?: string;
};

export class Neo4jPartnerScores implements PartnerScoreStore {
  readonly kind = 'neo4j' as const;
  private readonly client: Neo4jClient;
  private readonly ownsClient: boolean;
  private readonly q: Record<QueryName, string>;
  private readonly writeBatch: number;
  private readonly deleteBatch: number;
  private readonly applyBatch: number;

  /** Throws CypherFileMissingError when a query file is missing; connects lazily. */
  constructor(options: Neo4jPartnerScoresOptions) {
    this.q = loadCypher(PARTNER_SCORE_QUERIES, options.cypherDir ?? PARTNER_SCORES_CYPHER_DIR);
    ({ client: this.client, owned: this.ownsClient } = Neo4jClient.from(options));
    this.writeBatch = options.writeBatch ?? REFRESH_DEFAULTS.writeBatch;
    this.deleteBatch = options.deleteBatch ?? REFRESH_DEFAULTS.deleteBatch;
    this.applyBatch = options.applyBatch ?? REFRESH_DEFAULTS.applyBatch;
  }

  /** Creates the constraints and the relationship index if missing (idempotent; first write calls it). */
  ensureSchema(): Promise<void> {
    return this.client.ensureSchema(
      'partner-scores',
      SCHEMA.map((name) => this.q[name]),
    );
  }

  async beginRun(run: NewRun): Promise<RunRecord> {
    await this.ensureSchema();
    const params = {
      run: {
        ...run,
        kind: run.kind ?? 'full',
        baseRunId: run.baseRunId ?? null,
        organisations: int(run.organisations),
        shards: int(run.shards),
        topK: int(run.topK),
      },
      factors: [...FACTORS],
    };
    await this.client.write('beginRun', (tx) => tx.run(this.q['begin-run'], params));
    return (await this.getRun(run.runId))!;
  }

  async writeShard(runId: string, shard: number, shardLists: ShardLists, state?: Uint8Array): Promise<void> {
    await this.ensureSchema();
    const lists = partnerLists(shardLists);
    const rows = lists.map(toRow);
    const partners = lists.reduce((n, l) => n + l.partners.length, 0);
    await this.client.write('writeShard', async (tx) => {
      // Rows first, the run's lock last: held from the status check to the commit, so a concurrent fail or commit
      // still waits, but shards of other workers write their rows at the same time instead of one after another.
      for (let i = 0; i < rows.length; i += this.writeBatch)
        await tx.run(this.q['write-lists'], { runId, lists: rows.slice(i, i + this.writeBatch) });
      const status = await lockRun(tx, this.q['lock-run'], runId);
      if (status !== 'running') throw new RunStateError(`cannot write shard ${shard}: run ${runId} is ${status ?? 'unknown'}`);
      await tx.run(this.q['mark-shard'], { runId, shard: int(shard), lists: int(lists.length), partners: int(partners) });
      if (state) await tx.run(this.q['write-state'], { runId, shard: int(shard), blob: toBytes(state) });
    });
  }

  async readStates(runId: string): Promise<Uint8Array[]> {
    const records = await this.client.read('readStates', async (tx) => (await tx.run(this.q['read-states'], { runId })).records);
    return records.map((r) => fromBytes((r.get('state') as { blob: unknown }).blob));
  }

  async readLists(runId: string, seekerIds: readonly string[]): Promise<Map<string, PackedList>> {
    const out = new Map<string, PackedList>();
    const writer = new PackedListWriter();
    for (let i = 0; i < seekerIds.length; i += READ_BATCH) {
      const records = await this.client.read(
        'readLists',
        async (tx) => (await tx.run(this.q['read-lists'], { runId, seekerIds: seekerIds.slice(i, i + READ_BATCH) })).records,
      );
      for (const r of records) {
        const rows = r.get('partners') as Row[];
        const factors = r.get('factors') as string[];
        const seekerId = r.get('seekerId') as string;
        out.set(seekerId, writer.pack({ seekerId, computedAt: rows[0].computedAt, partners: rows.map((row) => fromRow(row, factors)) }));
      }
    }
    return out;
  }

  /** readLists without the ids: the relationships carry them anyway, so this drops them after reading. */
  async readListNumbers(runId: string, seekerIds: readonly string[]): Promise<Map<string, ListNumbers>> {
    const out = new Map<string, ListNumbers>();
    for (const [seekerId, { computedAt, totals, factors }] of await this.readLists(runId, seekerIds))
      out.set(seekerId, { computedAt, totals, factors });
    return out;
  }

  async applyIncrement(runId: string, increment: Increment): Promise<void> {
    await this.ensureSchema();
    const run = await this.getRun(runId);
    if (!run || run.status !== 'running') throw new RunStateError(`cannot apply run ${runId}: it is ${run?.status ?? 'unknown'}`);
    if (run.kind !== 'incremental' || !run.baseRunId) throw new RunStateError(`cannot apply run ${runId}: it is not incremental`);
    const baseRunId = run.baseRunId;
    // Each batch holds the base run's lock from its check to its commit: a commit superseding the base waits for it,
    // and the next batch finds the base no longer current and stops.
    const batch = async (what: string, work: (tx: Transaction) => Promise<unknown>) =>
      this.client.write(what, async (tx) => {
        const base = (await tx.run(this.q['lock-base-run'], { runId: baseRunId })).records[0];
        const status = base?.get('status') as RunStatus | undefined;
        if (status !== 'current')
          throw new RunStateError(`cannot apply increment ${runId}: base run ${baseRunId} is ${status ?? 'unknown'}`);
        if (countOf(base.get('increments')) > 0)
          throw new RunStateError(`cannot apply increment ${runId}: base run ${baseRunId} has an increment applied already`);
        await work(tx);
      });
    const rows = partnerLists(increment.lists).map(toRow);
    for (let i = 0; i < rows.length; i += this.applyBatch)
      await batch('applyIncrement', (tx) => tx.run(this.q['write-lists'], { runId: baseRunId, lists: rows.slice(i, i + this.applyBatch) }));
    for (let i = 0; i < increment.removed.length; i += this.applyBatch)
      await batch('applyIncrement', (tx) =>
        tx.run(this.q['delete-lists'], { runId: baseRunId, seekerIds: increment.removed.slice(i, i + this.applyBatch) }),
      );
    const counts = Object.fromEntries(Object.entries({ ...increment.counts, ...countLists(increment.lists) }).map(([k, v]) => [k, int(v)]));
    await batch('applyIncrement', async (tx) => {
      const marked = await tx.run(this.q['mark-applied'], { runId, now: new Date().toISOString(), counts });
      if (marked.records.length === 0) throw new RunStateError(`cannot apply run ${runId}: it is no longer running`);
    });
  }

  async replaceLists(runId: string, lists: readonly PartnerList[]): Promise<boolean> {
    await this.ensureSchema();
    const rows = lists.map(toRow);
    return this.client.write('replaceLists', async (tx) => {
      const status = await lockRun(tx, this.q['lock-run'], runId);
      if (status !== 'running' && status !== 'current') return false;
      for (let i = 0; i < rows.length; i += this.writeBatch)
        await tx.run(this.q['write-lists'], { runId, lists: rows.slice(i, i + this.writeBatch) });
      return true;
    });
  }

  async commitRun(runId: string): Promise<CommitOutcome> {
    await this.ensureSchema();
    const run = await this.getRun(runId);
    if (!run) throw new RunStateError(`cannot commit unknown run ${runId}`);
    const now = new Date().toISOString();
    const decided = await this.client.write('commitRun', async (tx) => {
      const locked = await tx.run(this.q['lock-scope'], { scope: run.scope });
      const previousRunId = (locked.records[0]?.get('currentRunId') as string | null) ?? undefined;
      const fresh = recordOf((await tx.run(this.q['get-run'], { runId })).records[0]);
      if (!fresh) throw new RunStateError(`cannot commit unknown run ${runId}`);
      if (fresh.status === 'current') return { outcome: 'already-current' as const };
      if (fresh.status !== 'running') return { outcome: 'stale' as const };
      if (fresh.shardsDone < fresh.shards)
        throw new RunStateError(`run ${runId} has ${fresh.shardsDone} of ${fresh.shards} shards written`);
      await tx.run(this.q['switch-current'], { scope: run.scope, runId, previousRunId: previousRunId ?? null, now });
      return { outcome: 'committed' as const, previousRunId };
    });
    // A retried commit (already current) purges too: the first try may have died before it got here.
    const deletedRows = decided.outcome === 'stale' ? 0 : await this.purge(run.scope);
    return { runId, ...decided, deletedRows };
  }

  async failRun(runId: string, reason: string): Promise<void> {
    await this.ensureSchema();
    const failed = await this.client.write(
      'failRun',
      async (tx) =>
        (await tx.run(this.q['fail-run'], { runId, reason: reason.slice(0, 1000), now: new Date().toISOString() })).records.length > 0,
    );
    if (!failed) return;
    const run = await this.getRun(runId);
    if (run) await this.purge(run.scope);
  }

  async getPartners(orgId: string, scope = ''): Promise<CurrentPartners | undefined> {
    for (let attempt = 0; ; attempt++) {
      const { record, after } = await this.client.read('getPartners', async (tx) => {
        const result = await tx.run(this.q['get-partners'], { scope, orgId });
        const check = await tx.run(this.q['current-run-id'], { scope });
        return { record: result.records[0], after: check.records[0]?.get('runId') as string | null };
      });
      if (!record) return undefined;
      const runId = record.get('runId') as string;
      // The current run moved while we read: the rows may be half deleted. Read again (a switch is rare).
      if (after !== runId && attempt < 3) continue;
      const factors = record.get('factors') as string[];
      const rows = record.get('partners') as Row[];
      return {
        runId,
        asOf: record.get('asOf') as string,
        committedAt: record.get('committedAt') as string,
        computedAt: rows[0]?.computedAt,
        partners: rows.map((row) => fromRow(row, factors)),
      };
    }
  }

  async listedBy(orgId: string, scope = ''): Promise<string[]> {
    const records = await this.client.read('listedBy', async (tx) => (await tx.run(this.q['listed-by'], { scope, orgId })).records);
    return records.map((r) => r.get('id') as string);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const records = await this.client.read('getRun', async (tx) => (await tx.run(this.q['get-run'], { runId })).records);
    return recordOf(records[0]);
  }

  async currentRun(scope = ''): Promise<RunRecord | undefined> {
    const records = await this.client.read('currentRun', async (tx) => (await tx.run(this.q['current-run'], { scope })).records);
    return recordOf(records[0]);
  }

  async runningRuns(scope = ''): Promise<RunRecord[]> {
    const records = await this.client.read('runningRuns', async (tx) => (await tx.run(this.q['running-runs'], { scope })).records);
    return records.map((r) => recordOf(r)!);
  }

  async recentRuns(limit: number, scope = ''): Promise<RunRecord[]> {
    const records = await this.client.read(
      'recentRuns',
      async (tx) => (await tx.run(this.q['recent-runs'], { scope, limit: int(limit) })).records,
    );
    return records.map((r) => recordOf(r)!);
  }

  /**
   * Pages of the organisations under an id prefix, keyset-paged on the id index; the records themselves come
   * from the Store (its contract decides what an organisation is).
   */
  organisationSource(store: Store): OrganisationSource {
    return {
      pages: (scope, pageSize) => this.pagesOf(store, scope, pageSize),
    };
  }

  private async *pagesOf(store: Store, scope: string, pageSize: number): AsyncIterable<Organisation[]> {
    let after = '';
    for (;;) {
      const ids = await this.client.read('listOrganisationIds', async (tx) =>
        (await tx.run(this.q['list-organisation-ids'], { prefix: scope, after, limit: int(pageSize) })).records.map(
          (r) => r.get('id') as string,
        ),
      );
      if (ids.length === 0) return;
      yield await store.getOrganisations(ids);
      if (ids.length < pageSize) return;
      after = ids[ids.length - 1];
    }
  }

  /** Deletes every row, run and the state of a scope (tests and admin; never the '' scope). */
  async deleteScope(scope: string): Promise<void> {
    if (scope === '') throw new RangeError('neo4j-partner-scores: deleteScope needs a non-empty scope');
    const runIds = await this.client.read('scopeRunIds', async (tx) =>
      (await tx.run(this.q['scope-run-ids'], { scope })).records.map((r) => r.get('runId') as string),
    );
    for (const runId of runIds) await this.deleteRows(runId);
    await this.client.write('deleteScope', (tx) => tx.run(this.q['delete-scope'], { scope }));
  }

  /** Closes the client when this store created it (see client.ts). */
  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  /** Deletes the rows of the scope's superseded and failed runs, in batches; returns how many went. */
  private async purge(scope: string): Promise<number> {
    const runIds = await this.client.read('runsToPurge', async (tx) =>
      (await tx.run(this.q['runs-to-purge'], { scope })).records.map((r) => r.get('runId') as string),
    );
    let deleted = 0;
    for (const runId of runIds) {
      deleted += await this.deleteRows(runId);
      await this.client.write('markPurged', (tx) => tx.run(this.q['mark-purged'], { runId }));
    }
    return deleted;
  }

  private async deleteRows(runId: string): Promise<number> {
    await this.client.write('deleteRunStates', (tx) => tx.run(this.q['delete-run-states'], { runId }));
    let total = 0;
    for (;;) {
      const n = await this.client.write('deleteRunRows', async (tx) =>
        countOf((await tx.run(this.q['delete-run-rows'], { runId, batch: int(this.deleteBatch) })).records[0]?.get('deleted')),
      );
      total += n;
      if (n < this.deleteBatch) return total;
    }
  }
}

/** seekers whose lists one read-lists query fetches */
const READ_BATCH = 500;

/** The driver sends and returns byte arrays as Int8Array. */
function toBytes(bytes: Uint8Array): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function fromBytes(value: unknown): Uint8Array {
  const bytes = value as Int8Array;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface Row {
  partnerId: string;
  rank: number;
  total: number;
  scores: number[];
  weights: number[];
  computedAt: string;
}

function toRow(list: PartnerList) {
  return {
    seekerId: list.seekerId,
    computedAt: list.computedAt,
    partners: list.partners.map((p) => ({
      partnerId: p.partnerId,
      rank: int(p.rank),
      total: p.total,
      scores: FACTORS.map((f) => p.factors[f].score),
      weights: FACTORS.map((f) => p.factors[f].weight),
    })),
  };
}

function fromRow(row: Row, factorNames: readonly string[]): PartnerScore {
  const factors = {} as Record<FactorName, FactorScore>;
  for (const name of FACTORS) {
    const i = factorNames.indexOf(name);
    factors[name] = i >= 0 ? { score: row.scores[i], weight: row.weights[i] } : { score: 0, weight: 0 };
  }
  return { partnerId: row.partnerId, rank: countOf(row.rank), total: row.total, factors };
}

async function lockRun(tx: Transaction, query: string, runId: string): Promise<RunStatus | undefined> {
  const result = await tx.run(query, { runId });
  return (result.records[0]?.get('status') as RunStatus | undefined) ?? undefined;
}

type Neo4jRecord = { get(key: string): unknown };

function recordOf(record: Neo4jRecord | undefined): RunRecord | undefined {
  if (!record) return undefined;
  const run = record.get('run') as Record<string, unknown>;
  const out: RunRecord = {
    runId: run.runId as string,
    scope: run.scope as string,
    status: run.status as RunStatus,
    asOf: run.asOf as string,
    startedAt: run.startedAt as string,
    organisations: countOf(run.organisations),
    shards: countOf(run.shards),
    topK: countOf(run.topK),
    shardsDone: countOf(record.get('shardsDone')),
    lists: countOf(record.get('lists')),
    partners: countOf(record.get('partners')),
  };
  if (typeof run.committedAt === 'string') out.committedAt = run.committedAt;
  if (typeof run.endedAt === 'string') out.endedAt = run.endedAt;
  if (typeof run.failedReason === 'string') out.failedReason = run.failedReason;
  if (run.kind === 'incremental' || run.kind === 'full') out.kind = run.kind;
  if (typeof run.baseRunId === 'string') out.baseRunId = run.baseRunId;
  if (run.incrementsApplied !== undefined && run.incrementsApplied !== null) out.incrementsApplied = countOf(run.incrementsApplied);
  if (out.status === 'applied') {
    out.lists = countOf(run.lists);
    out.partners = countOf(run.partners);
    out.increment = {
      changedOrganisations: countOf(run.changedOrganisations),
      listsRewritten: countOf(run.listsRewritten),
      listsRecomputed: countOf(run.listsRecomputed),
      listsRemoved: countOf(run.listsRemoved),
    };
  }
  return out;
}
