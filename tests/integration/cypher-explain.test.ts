/**
 * Every file in cypher/ compiles against the real Neo4j: EXPLAIN plans a query without running it, so a typo,
 * a removed function or a wrong clause order fails here rather than in production. Also checks that cypher/
 * holds exactly the queries the adapter loads, and that each `$param` a file uses has a dummy value below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOrganisation, buildTender } from '../builders.ts';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CYPHER_DIR } from '../../src/store/neo4j/cypher-loader.ts';
import { Neo4jStore, QUERY_NAMES } from '../../src/store/neo4j/neo4j-store.ts';

/** One value per parameter name used anywhere in cypher/ (shapes as the adapter sends them). */
const DUMMY: Record<string, unknown> = {
  rows: [],
  ids: ['GB-CHC-1'],
  id: 'GB-CHC-1',
  offset: neo4j.int(0),
  limit: neo4j.int(10),
  serviceCodes: ['85000000'],
  areaCodes: ['E06000001'],
  tokenQueries: ['+("service:85000000") +("area:E06000001")'],
  timeoutSeconds: neo4j.int(1),
  excludeIds: [],
  prefix: 'EXPLAIN-',
  after: '',
  afterSeq: neo4j.int(0),
  upTo: neo4j.int(10),
  changeSeq: neo4j.int(1),
  modelVersion: 1,
  seekerId: 'GB-CHC-1',
  tenderAreaCodes: ['E06000001'],
  thresholdGbp: 1_000_000.5,
  hops: neo4j.int(2),
  query: '+care*',
  words: ['care'],
  kinds: ['charity'],
  sizeBands: ['micro'],
  open: true,
  bounds: {
    staffMicro: neo4j.int(10),
    staffSmall: neo4j.int(50),
    staffMedium: neo4j.int(250),
    turnoverMicro: 1e6,
    turnoverSmall: 1.5e7,
    turnoverMedium: 5.4e7,
  },
};

/** Queries no application code runs: the peer baseline of bench/match.ts (see the file's header). */
const BENCHMARK_ONLY = ['baseline-rank-partners'];

const files = readdirSync(CYPHER_DIR)
  .filter((f) => f.endsWith('.cypher'))
  .sort();
const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const driver = neo4j.driver(
  config.NEO4J_URI,
  config.NEO4J_PASSWORD ? neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD) : undefined,
  { disableLosslessIntegers: true },
);

// Queries that name an index (the full-text index of cell keys) need it to exist: create the schema first. EXPLAIN warns
// of property keys, labels and relationship types the database has never held (a fresh database): write and delete one
// record of each kind first, so the check does not depend on what other tests happened to write before it.
beforeAll(async () => {
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  try {
    await store.ensureSchema();
    const partner = buildOrganisation({ id: 'EXPLAIN-PARTNER', services: ['85000000'], areas: ['E06000001'] });
    await store.upsertOrganisations([
      partner,
      buildOrganisation({
        id: 'EXPLAIN-ORG',
        services: ['85000000'],
        areas: ['E06000001'],
        partnerships: [
          { partnerId: partner.id, model: 'subcontracting', year: 2020, outcome: 'won', success: 4, source: { kind: 'declared' } },
        ],
        private: { doNotPartnerWith: [partner.id], redLines: [], bidPlans: [] },
      }),
    ]);
    await store.upsertTenders([buildTender({ id: 'EXPLAIN-TENDER' })]);
    await store.deleteByIdPrefix('EXPLAIN-');
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await driver.close();
});

describe('cypher/', () => {
  it('holds exactly the queries the Neo4j adapter loads, plus the benchmark-only ones', () => {
    const names = files.map((f) => f.replace(/\.cypher$/, '')).filter((n) => !BENCHMARK_ONLY.includes(n));
    expect(names.sort()).toEqual([...QUERY_NAMES].sort());
  });

  it.each(files)('%s compiles (EXPLAIN) with its parameters', async (file) => {
    const text = readFileSync(path.join(CYPHER_DIR, file), 'utf8');
    const params = [...new Set([...text.replace(/\/\/.*$/gm, '').matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]))];
    const missing = params.filter((p) => !(p in DUMMY));
    expect(missing, `no dummy value for parameter(s) of ${file}`).toEqual([]);

    const result = await driver.executeQuery(`EXPLAIN ${text}`, Object.fromEntries(params.map((p) => [p, DUMMY[p]])), {
      database: config.NEO4J_DATABASE,
    });

    expect(result.summary.queryType).toBeDefined();
    const problems = result.summary.notifications.filter((n) => n.severityLevel === 'WARNING').map((n) => `${n.code}: ${n.description}`);
    expect(problems, `warnings for ${file}`).toEqual([]);
  });
});
