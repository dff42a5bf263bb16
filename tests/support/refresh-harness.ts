/**
 * Helpers for the refresh integration tests: a scoped dataset, the direct in-process computation every run
 * is compared against, and reading a run's lists back.
 */
import { randomBytes } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { candidateQueryFor } from '../../src/matching/candidates.ts';
import { buildContext } from '../../src/matching/context.ts';
import { PartnershipGraph } from '../../src/organisations/partnership-graph.ts';
import { rankCandidates } from '../../src/matching/rank.ts';
import { prepareForMatching, profileOf } from '../../src/matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../../src/matching/settings.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import type { Reference } from '../../src/reference/types.ts';
import type { PartnerScoreStore } from '../../src/refresh/partner-scores.ts';
import type { PartnerScore } from '../../src/refresh/types.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { Neo4jPartnerScores, type Neo4jPartnerScoresOptions } from '../../src/refresh/neo4j-partner-scores.ts';
import type { Neo4jClientSource } from '../../src/store/neo4j/client.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { syntheticOrganisations } from './refresh-dataset.ts';
import { HONOUR_NO_VETO } from '../../src/matching/vetoes.ts';

export const AS_OF = '2026-03-01T02:00:00.000Z';
export const TOP_K = 10;
export const MAX_CANDIDATES = 300;

export function newScope(tag = 'RF'): string {
  return `${tag}-${randomBytes(4).toString('hex')}-`;
}

/**
 * A Neo4j store holding `orgs` and a partner-score store on its driver (one driver, as in production), and what
 * deletes the scope's organisations and lists and closes both: the caller runs it after the test.
 */
export async function neo4jRefreshWorld(
  connection: Neo4jClientSource,
  scope: string,
  orgs: readonly Organisation[],
  scoreOptions: Pick<Neo4jPartnerScoresOptions, 'writeBatch' | 'deleteBatch' | 'applyBatch'> = {},
) {
  const store = new Neo4jStore(connection);
  const scores = new Neo4jPartnerScores({ ...scoreOptions, client: store.client });
  const cleanup = async () => {
    await scores.deleteScope(scope);
    await store.deleteByIdPrefix(scope);
    await scores.close();
    await store.close();
  };
  try {
    await store.upsertOrganisations(orgs);
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { store, scores, source: scores.organisationSource(store), cleanup };
}

export function dataset(ref: Reference, scope: string, count = 240, seed = 7): Organisation[] {
  return syntheticOrganisations(ref, { count, seed, idPrefix: scope });
}

export type Lists = Map<string, { partnerId: string; total: number; factors: PartnerScore['factors'] }[]>;

/**
 * The reference answer: for each organisation, the matching engine called directly (Store.findCandidates on an
 * embedded store holding only the dataset, then rankCandidates), with no queue, shard, index or score store.
 */
export async function directLists(
  ref: Reference,
  orgs: readonly Organisation[],
  options: { topK?: number; maxCandidates?: number; asOf?: string } = {},
): Promise<Lists> {
  const store = new EmbeddedStore();
  await store.upsertOrganisations(orgs);
  const out: Lists = new Map();
  for (const { id } of orgs) {
    const seeker = (await store.getOrganisation(id))!;
    const ctx = buildContext(ref, profileOf(seeker, ref), undefined, {
      weights: { ...DEFAULT_WEIGHTS },
      now: new Date(options.asOf ?? AS_OF),
      partnerships: PartnershipGraph.fromNeighbourhood(await store.partnershipsAround([id], 2)),
      vetoes: HONOUR_NO_VETO,
    });
    const query = candidateQueryFor(ctx, options.maxCandidates ?? MAX_CANDIDATES);
    const found = await store.findPreparedCandidates(query, prepareForMatching(ref));
    out.set(
      id,
      rankCandidates(ctx, found, options.topK ?? TOP_K).map((s) => ({ partnerId: s.organisation.id, total: s.total, factors: s.factors })),
    );
  }
  return out;
}

/** The current run's lists of these organisations, as stored. */
export async function storedLists(
  scores: PartnerScoreStore,
  scope: string,
  ids: readonly string[],
): Promise<{ runIds: Set<string>; lists: Lists }> {
  const lists: Lists = new Map();
  const runIds = new Set<string>();
  for (const id of ids) {
    const got = await scores.getPartners(id, scope);
    if (got) runIds.add(got.runId);
    lists.set(
      id,
      (got?.partners ?? []).map((p) => ({ partnerId: p.partnerId, total: p.total, factors: p.factors })),
    );
  }
  return { runIds, lists };
}

export function testDriver(uri: string): Driver {
  return neo4j.driver(uri, undefined, { disableLosslessIntegers: true });
}

/** CANDIDATE_PARTNER rows of a run, and how many distinct (seeker, partner) pairs they hold. */
export async function rowCounts(driver: Driver, runId: string): Promise<{ rows: number; pairs: number }> {
  const { records } = await driver.executeQuery(
    'MATCH (s:Organisation)-[r:CANDIDATE_PARTNER {runId: $runId}]->(c:Organisation) RETURN count(r) AS rows, count(DISTINCT [s.id, c.id]) AS pairs',
    { runId },
  );
  return { rows: records[0].get('rows') as number, pairs: records[0].get('pairs') as number };
}

export function totalPartners(lists: Lists): number {
  let n = 0;
  for (const l of lists.values()) n += l.length;
  return n;
}
