/**
 * The one Neo4j client of a process (src/store/neo4j/client.ts), against the real Neo4j: the Store adapter and the
 * partner-score store share it, whoever created it closes it, and schema set-up runs once per client.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Neo4jPartnerScores } from '../../src/refresh/neo4j-partner-scores.ts';
import { int, Neo4jClient } from '../../src/store/neo4j/client.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';

const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const connection = { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };

describe('Neo4j client', () => {
  let client: Neo4jClient;
  beforeAll(() => {
    client = new Neo4jClient(connection);
  });
  afterAll(async () => {
    await client.close();
  });

  it('when the store and the partner scores are given one client, then closing either leaves it open for its owner', async () => {
    const store = new Neo4jStore({ client });
    const scores = new Neo4jPartnerScores({ client });
    expect(store.client).toBe(client);
    await scores.close();
    await store.close();
    expect((await client.probe('RETURN 1')).ok).toBe(true);
    expect(await new Neo4jStore({ client }).health()).toMatchObject({ ok: true, store: 'neo4j' });
  });

  it('when a store is built from connection settings, then it owns its client and closing the store closes it', async () => {
    const store = new Neo4jStore(connection);
    expect(store.client).not.toBe(client);
    expect((await store.health()).ok).toBe(true);
    await store.close();
    await expect(store.client.readStatement('closed', 'RETURN 1')).rejects.toThrow();
  });

  it('when one schema is ensured many times at once, then its commands run once', async () => {
    let runs = 0;
    const commands = ['CREATE CONSTRAINT neo4j_client_test_id IF NOT EXISTS FOR (n:Neo4jClientTest) REQUIRE n.id IS UNIQUE'];
    const after = async () => {
      runs++;
    };
    await Promise.all(Array.from({ length: 5 }, () => client.ensureSchema('client-test', commands, after)));
    await client.ensureSchema('client-test', commands, after);
    expect(runs).toBe(1);
    await client.write('drop test constraint', (tx) => tx.run('DROP CONSTRAINT neo4j_client_test_id IF EXISTS'));
  });

  it('when an integer parameter is negative or fractional, then it is refused rather than clamped', () => {
    expect(int(3).toNumber()).toBe(3);
    expect(() => int(-1)).toThrow(RangeError);
    expect(() => int(2.5)).toThrow(RangeError);
  });
});
