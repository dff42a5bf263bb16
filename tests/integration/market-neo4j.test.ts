/**
 * The market view on the Neo4j store gives the same answer as on the embedded store for the same organisations: the
 * store query (filterOrganisations with the tender's covering codes and containing areas) is the only store-specific
 * part. The Neo4j database is shared with other tests, so assertions keep to this test's own organisations (ids
 * under a random prefix), in a place (the Isles of Scilly) and for services no other test writes there.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { MarketRequest } from '../../src/market/schema.ts';
import { viewMarket } from '../../src/market/view-market.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildOrganisation } from '../builders.ts';

const prefix = `MKT-${randomBytes(4).toString('hex')}-`;
const SCILLY = 'E06000053';
const CORNWALL = 'E06000052';
const HOME_CARE = '85312400';
const orgs = [
  buildOrganisation({
    id: `${prefix}local`,
    name: `Scilly Care ${prefix}`,
    staff: 5,
    services: [HOME_CARE],
    areas: [SCILLY],
    baseArea: SCILLY,
  }),
  buildOrganisation({ id: `${prefix}county`, name: `Kernow Care ${prefix}`, staff: 80, services: ['85312000'], areas: [CORNWALL, SCILLY] }),
  buildOrganisation({
    id: `${prefix}region`,
    name: `National Care ${prefix}`,
    staff: 5000,
    annualTurnoverGbp: 2e8,
    services: [HOME_CARE],
    areas: ['E12000009'],
  }),
];
const ref = defaultReference();
const now = () => new Date('2026-06-01T00:00:00Z');
const request = MarketRequest.parse({
  tender: { title: 'Home care on the Isles of Scilly', cpvCodes: [HOME_CARE], deliveryAreas: [SCILLY] },
  providers: 1000,
});

let neo4jStore: Neo4jStore;
const embedded = new EmbeddedStore();

beforeAll(async () => {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  neo4jStore = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  await neo4jStore.upsertOrganisations(orgs);
  await embedded.upsertOrganisations(orgs);
});
afterAll(async () => {
  await neo4jStore.deleteByIdPrefix(prefix);
  await neo4jStore.close();
});

async function mine(store: Store) {
  const { view } = await viewMarket({ store, ref, now }, request);
  return view.providers
    .filter((p) => p.id.startsWith(prefix))
    .map((p) => ({ id: p.id, presence: p.presence, cells: p.cells, evidence: p.evidence }));
}

describe('market view on Neo4j', () => {
  it('when the same organisations are in both stores, then their place in the market is the same: the region claim listed, never cover', async () => {
    const fromNeo4j = await mine(neo4jStore);
    expect(fromNeo4j).toEqual(await mine(embedded));
    expect(fromNeo4j.map((p) => [p.id.slice(prefix.length), p.presence, p.cells])).toEqual([
      ['county', 'local', 1],
      ['local', 'local', 1],
      ['region', 'wider claim only', 0],
    ]);
  });
});
