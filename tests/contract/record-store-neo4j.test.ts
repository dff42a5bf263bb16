import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { RECORD_QUERIES, RECORDS_CYPHER_DIR } from '../../src/store/neo4j/neo4j-records.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeRecordStoreContract } from './record-store-contract.ts';

function newStore(): Neo4jStore {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  return new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
}

describeRecordStoreContract('neo4j', async () => {
  const store = newStore();
  return {
    records: store.records,
    cleanup: async (prefix) => void (await store.records.deleteByIdPrefix(prefix)),
    close: () => store.close(),
  };
});

describe('cypher/records/', () => {
  const files = readdirSync(RECORDS_CYPHER_DIR).filter((f) => f.endsWith('.cypher'));
  it('holds exactly the queries the records adapter loads', () => {
    expect(files.map((f) => f.replace(/\.cypher$/, '')).sort()).toEqual([...RECORD_QUERIES].sort());
  });

  it.each(files)('%s compiles (EXPLAIN) without warnings', async (file) => {
    const store = newStore();
    try {
      await store.records.ensureSchema();
      const text = readFileSync(path.join(RECORDS_CYPHER_DIR, file), 'utf8');
      const record = { uid: 'x/y', kind: 'audit', id: 'y', json: '{}', at: '', key1: null, key2: null, expiresAt: null };
      const dummy: Record<string, unknown> = {
        record,
        now: '',
        expectedAt: '',
        uid: 'x/y',
        uids: ['x/y'],
        keys: ['k'],
        puts: [record],
        inserts: [record],
        kind: 'audit',
        key: 'k',
        prefix: 'EXPLAIN-',
        offset: neo4j.int(0),
        limit: neo4j.int(1),
      };
      const result = await store.client.read('explain', (tx) => tx.run(`EXPLAIN ${text}`, dummy));
      const warnings = result.summary.notifications.filter((n) => n.severityLevel === 'WARNING').map((n) => n.description);
      expect(warnings).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
