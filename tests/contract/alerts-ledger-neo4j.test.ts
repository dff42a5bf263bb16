import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeAlertsLedgerContract } from './alerts-ledger-contract.ts';

describeAlertsLedgerContract('neo4j', async () => {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  return { records: store.records, close: () => store.close() };
});
