import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeAlertsRunContract } from './alerts-run-contract.ts';

describeAlertsRunContract('neo4j', async () => {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  return { store, cleanup: async (prefix) => void (await store.deleteByIdPrefix(prefix)) };
});
