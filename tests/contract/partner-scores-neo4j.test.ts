/**
 * The PartnerScoreStore contract on the real Neo4j (tests/setup/neo4j.ts), shared with other suites: each test
 * has its own scope and id prefix and deletes both afterwards.
 */
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Neo4jPartnerScores } from '../../src/refresh/neo4j-partner-scores.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describePartnerScoresContract } from './partner-scores-contract.ts';

const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const connection = { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };

describePartnerScoresContract('neo4j', async () => {
  const store = new Neo4jStore(connection);
  const scores = new Neo4jPartnerScores({ client: store.client }); // one driver, as in production
  return {
    scores,
    addOrganisations: async (orgs) => {
      await store.upsertOrganisations(orgs);
    },
    cleanup: async (scope) => {
      await scores.deleteScope(scope);
      await store.deleteByIdPrefix(scope);
    },
    close: async () => {
      await scores.close();
      await store.close();
    },
  };
});
