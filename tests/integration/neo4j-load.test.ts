/**
 * Loading generated organisations into the real Neo4j in batches: a second load of the same data changes
 * nothing. The generator's ids carry this test's unique prefix, so partners stay inside the test's data and
 * clean-up removes all of it (Service and Area nodes are shared by code and left in place).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { iterateOrganisations } from '../../src/demo/index.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { loadOrganisations } from '../../src/store/write-in-batches.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';

describe('loading generated organisations into Neo4j', () => {
  const prefix = `LT-${randomBytes(4).toString('hex')}`;
  let store: Neo4jStore;

  beforeAll(() => {
    const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
    store = new Neo4jStore({
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
    });
  });
  afterAll(async () => {
    await store.deleteByIdPrefix(`${prefix}-`);
    await store.close();
  });

  it('when the same generated dataset is loaded twice, then the second load reports everything unchanged', async () => {
    const generate = () => iterateOrganisations(defaultReference(), { count: 250, seed: 3, idPrefix: prefix });

    const first = await loadOrganisations(store, generate(), { batchSize: 100 });
    const second = await loadOrganisations(store, generate(), { batchSize: 60 });

    expect(first).toMatchObject({ created: 250, updated: 0, unchanged: 0, batches: 3 });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 250, batches: 5 });
    const sample = [...generate()].slice(0, 5);
    expect(await store.getOrganisations(sample.map((o) => o.id))).toHaveLength(5);
  });
});
