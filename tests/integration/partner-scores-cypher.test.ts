/**
 * Every query in cypher/partner-scores/ compiles against the real Neo4j (EXPLAIN plans without running) with
 * no warnings, and the folder holds exactly the queries Neo4jPartnerScores loads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { PARTNER_SCORE_QUERIES, PARTNER_SCORES_CYPHER_DIR } from '../../src/refresh/neo4j-partner-scores.ts';

const DUMMY: Record<string, unknown> = {
  run: {
    runId: 'EXPLAIN-run',
    scope: 'EXPLAIN-',
    asOf: '2026-01-01T00:00:00Z',
    startedAt: '2026-01-01T00:00:00Z',
    organisations: neo4j.int(1),
    shards: neo4j.int(1),
    topK: neo4j.int(5),
  },
  factors: ['complementarity'],
  runId: 'EXPLAIN-run',
  previousRunId: null,
  lists: [],
  shard: neo4j.int(0),
  partners: neo4j.int(0),
  scope: 'EXPLAIN-',
  now: '2026-01-01T00:00:00Z',
  reason: 'explain',
  batch: neo4j.int(10),
  orgId: 'EXPLAIN-org',
  prefix: 'EXPLAIN-',
  after: '',
  limit: neo4j.int(10),
  seekerIds: ['EXPLAIN-org'],
  counts: { changedOrganisations: neo4j.int(0) },
  blob: new Int8Array([1, 2, 3]),
};

const files = readdirSync(PARTNER_SCORES_CYPHER_DIR)
  .filter((f) => f.endsWith('.cypher'))
  .sort();
const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const driver = neo4j.driver(
  config.NEO4J_URI,
  config.NEO4J_PASSWORD ? neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD) : undefined,
  { disableLosslessIntegers: true },
);

afterAll(async () => {
  await driver.close();
});

describe('cypher/partner-scores/', () => {
  it('holds exactly the queries the partner-score store loads', () => {
    expect(files.map((f) => f.replace(/\.cypher$/, '')).sort()).toEqual([...PARTNER_SCORE_QUERIES].sort());
  });

  it.each(files)('%s compiles (EXPLAIN) with its parameters and no warnings', async (file) => {
    const text = readFileSync(path.join(PARTNER_SCORES_CYPHER_DIR, file), 'utf8');
    const params = [...new Set([...text.replace(/\/\/.*$/gm, '').matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]))];
    expect(
      params.filter((p) => !(p in DUMMY)),
      `no dummy value for parameter(s) of ${file}`,
    ).toEqual([]);

    const result = await driver.executeQuery(`EXPLAIN ${text}`, Object.fromEntries(params.map((p) => [p, DUMMY[p]])), {
      database: config.NEO4J_DATABASE,
    });

    const problems = result.summary.notifications.filter((n) => n.severityLevel === 'WARNING').map((n) => `${n.code}: ${n.description}`);
    expect(problems, `warnings for ${file}`).toEqual([]);
  });
});
