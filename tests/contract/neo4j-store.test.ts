/**
 * The Store contract against a real Neo4j (started by tests/setup/neo4j.ts unless NEO4J_URI is set), plus what
 * only the Neo4j adapter can get wrong: rollback of a batch that Neo4j itself rejects half-way, an unreachable
 * server, and recovering by itself after an outage.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { StoreUnavailableError } from '../../src/shared/errors.ts';
import { createStore } from '../../src/store/registry.ts';
import type { Neo4jConnection } from '../../src/store/neo4j/client.ts';
import { MODEL_VERSION, Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { buildOrganisation } from '../builders.ts';
import { boltTarget, freePort, startTcpProxy } from '../support/tcp-proxy.ts';
import { describeStoreContract, newScope, type TestScope } from './store-contract.ts';

type Options = Neo4jConnection & { organisationCacheSize?: number; warmCacheOnStart?: boolean };

function options(overrides: Partial<Options> = {}): Options {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  return { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE, ...overrides };
}

async function cleanup(store: Neo4jStore, scope: TestScope): Promise<void> {
  await store.deleteByIdPrefix(scope.prefix, { serviceCodes: scope.serviceCodes, areaCodes: scope.areaCodes });
}

// A store (driver) per test, as the contract asks; the data is shared with everyone else on this server.
describeStoreContract('neo4j', async () => {
  const store = new Neo4jStore(options());
  return { store, exclusive: false, cleanup: (scope) => cleanup(store, scope), close: () => store.close() };
});

// The same contract with the in-process read model built first (as the API runs it): reads answered from memory,
// this store's own writes in memory before the call returns (tests/integration/neo4j-read-model.test.ts: other stores' writes).
describeStoreContract('neo4j with its read model', async () => {
  const store = new Neo4jStore({ ...options(), readModel: {} });
  await store.readModel!.start();
  return { store, exclusive: false, cleanup: (scope) => cleanup(store, scope), close: () => store.close() };
});

describe('Neo4j store, beyond the contract', () => {
  let store: Neo4jStore;
  /** a plain driver, to look at what the adapter wrote (the candidate entries) and to age a node's model */
  let driver: Driver;
  const scopes: TestScope[] = [];
  const scope = () => {
    const s = newScope('N4');
    scopes.push(s);
    return s;
  };

  beforeAll(async () => {
    store = new Neo4jStore(options());
    await store.ensureSchema();
    const o = options();
    driver = neo4j.driver(o.uri, o.password ? neo4j.auth.basic(o.user, o.password) : undefined, { disableLosslessIntegers: true });
  });
  afterEach(async () => {
    for (const s of scopes.splice(0)) await cleanup(store, s);
  });
  afterAll(async () => {
    await store?.close();
    await driver?.close();
  });
  const entriesUnder = async (prefix: string) =>
    (await driver.executeQuery('MATCH (c:CandidateEntry) WHERE c.id STARTS WITH $prefix RETURN count(c) AS n', { prefix })).records[0].get(
      'n',
    ) as number;
  const candidateIds = async (serviceCodes: string[], areaCodes: string[]) =>
    (await store.findCandidates({ serviceCodes, areaCodes, excludeIds: [], limit: 100 })).map((o) => o.id);

  it('when Neo4j rejects a value late in a batch transaction, then nothing of the batch is left behind', async () => {
    const s = scope();
    const good = [
      buildOrganisation({
        id: `${s.prefix}a`,
        services: [s.cpv(1)],
        areas: [s.area(1)],
        partnerships: [{ partnerId: `${s.prefix}p`, model: 'subcontracting', year: 2020, outcome: 'won', success: 4 }],
      }),
      buildOrganisation({ id: `${s.prefix}b`, services: [s.cpv(1)] }),
    ];
    // A map inside a list property: valid JSON, passes normalisation, and Neo4j refuses it in upsert-private,
    // the last statement of the transaction, after nodes, links and the placeholder partner were written.
    const bad = {
      ...buildOrganisation({ id: `${s.prefix}c`, services: [s.cpv(1)] }),
      private: { doNotPartnerWith: [], redLines: [{ not: 'a string' }], bidPlans: [] },
    } as unknown as Organisation;

    await expect(store.upsertOrganisations([...good, bad])).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.TypeError' });

    expect(await store.getOrganisations(good.map((o) => o.id))).toEqual([]);
    expect(await store.findCandidates({ serviceCodes: [s.cpv(1)], excludeIds: [], limit: 10 })).toEqual([]);
    expect(await candidateIds([s.cpv(1)], [s.area(1)])).toEqual([]);
    expect(await entriesUnder(s.prefix)).toBe(0);
    // deleteByIdPrefix counts placeholders too: none was left either
    expect(await store.deleteByIdPrefix(s.prefix)).toEqual({ organisations: 0, tenders: 0 });
  });

  it('when a batch that rewrites an organisation is rolled back, then the candidate index still holds the old record', async () => {
    const s = scope();
    const a = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
    await store.upsertOrganisations([a]);
    const bad = {
      ...buildOrganisation({ id: `${s.prefix}c` }),
      private: { doNotPartnerWith: [], redLines: [{ not: 'a string' }], bidPlans: [] },
    } as unknown as Organisation;

    await expect(store.upsertOrganisations([{ ...a, services: [s.cpv(2)], areas: [s.area(2)] }, bad])).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.TypeError',
    });

    expect(await candidateIds([s.cpv(1)], [s.area(1)])).toEqual([a.id]);
    expect(await candidateIds([s.cpv(2)], [s.area(2)])).toEqual([]);
    expect(await entriesUnder(s.prefix)).toBe(1);
  });

  it('when organisations close, lose their areas or are deleted, then their candidate entries go too', async () => {
    const s = scope();
    const [a, b, c] = ['a', 'b', 'c'].map((k) => buildOrganisation({ id: `${s.prefix}${k}`, services: [s.cpv(1)], areas: [s.area(1)] }));
    await store.upsertOrganisations([a, b, c]);
    expect(await entriesUnder(s.prefix)).toBe(3);

    await store.upsertOrganisations([
      { ...a, openToPartnering: false },
      { ...b, areas: [] },
    ]);
    expect(await entriesUnder(s.prefix)).toBe(1);

    await store.deleteByIdPrefix(s.prefix, { serviceCodes: s.serviceCodes, areaCodes: s.areaCodes });
    expect(await entriesUnder(s.prefix)).toBe(0);
  });

  it('when a requested code holds Lucene query syntax, then it is matched as a plain code', async () => {
    const s = scope();
    const a = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
    const b = buildOrganisation({ id: `${s.prefix}b`, services: [s.cpv(2)], areas: [s.area(2)] });
    await store.upsertOrganisations([a, b]);

    const odd = ['*', '" OR "', '\\', 'a:b', '(', ')', '-x', '+y', '"', `${s.cpv(2)}" OR "service:${s.cpv(2)}`];
    expect(await candidateIds([s.cpv(1), ...odd], [s.area(1), ...odd])).toEqual([a.id]);
    expect(await candidateIds(odd, [s.area(1), s.area(2)])).toEqual([]);
  });

  it('when an organisation was written under an older model, then reloading it makes it a candidate again', async () => {
    const s = scope();
    const a = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
    await store.upsertOrganisations([a]);
    // what a store of the previous model left behind: no candidate entry, another modelVersion
    await driver.executeQuery('MATCH (c:CandidateEntry {id: $id}) DELETE c', { id: a.id });
    await driver.executeQuery('MATCH (o:Organisation {id: $id}) SET o.modelVersion = $old', { id: a.id, old: MODEL_VERSION - 1 });
    expect(await candidateIds([s.cpv(1)], [s.area(1)])).toEqual([]);

    expect(await store.upsertOrganisations([a])).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await candidateIds([s.cpv(1)], [s.area(1)])).toEqual([a.id]);
  });

  it('when organisations were written under an older model, then they are counted, and migrateModel rewrites them from the graph alone', async () => {
    const s = scope();
    const a = buildOrganisation({
      id: `${s.prefix}a`,
      services: [s.cpv(1)],
      areas: [s.area(1)],
      private: { doNotPartnerWith: [`${s.prefix}z`], redLines: ['no zero-hours contracts'], bidPlans: [] },
      partnerships: [{ partnerId: `${s.prefix}b`, model: 'subcontracting', year: 2021, outcome: 'won', success: 4 }],
    });
    const b = buildOrganisation({ id: `${s.prefix}b`, services: [s.cpv(1)], areas: [s.area(1)] });
    await store.upsertOrganisations([a, b]);
    const before = await store.countOutdatedOrganisations();
    // what an older model left behind: an entry of another shape (no `hit`), another modelVersion
    await driver.executeQuery('MATCH (c:CandidateEntry) WHERE c.id STARTS WITH $prefix REMOVE c.hit', { prefix: s.prefix });
    await driver.executeQuery('MATCH (o:Organisation) WHERE o.id STARTS WITH $prefix SET o.modelVersion = $old', {
      prefix: s.prefix,
      old: MODEL_VERSION - 1,
    });
    expect(await candidateIds([s.cpv(1)], [s.area(1)])).toEqual([]);
    expect(await store.countOutdatedOrganisations()).toBe(before + 2);

    const batches: number[] = [];
    expect(await store.migrateModel({ batchSize: 1, onBatch: (n) => batches.push(n) })).toBeGreaterThanOrEqual(2);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(await store.countOutdatedOrganisations()).toBe(0);
    expect(await candidateIds([s.cpv(1)], [s.area(1)])).toEqual([a.id, b.id]);
    expect(await store.getOrganisation(a.id)).toEqual(a); // private part and partnership kept
    expect(await store.migrateModel()).toBe(0); // idempotent
  });

  it('when another process rewrites a candidate, then findCandidates never serves the cached old record', async () => {
    const s = scope();
    const other = new Neo4jStore(options());
    try {
      const a = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
      const query = { serviceCodes: [s.cpv(1)], areaCodes: [s.area(1)], excludeIds: [], limit: 10 };
      await store.upsertOrganisations([a]);
      const first = await store.findCandidates(query);
      expect(await store.findCandidates(query)).toEqual(first);
      const hits = store.organisationCache.hits;
      expect((await store.findCandidates(query))[0]).toBe(first[0]); // served from the cache
      expect(store.organisationCache.hits).toBeGreaterThan(hits);

      await other.upsertOrganisations([{ ...a, name: 'Renamed elsewhere' }]);
      expect((await store.findCandidates(query)).map((o) => o.name)).toEqual(['Renamed elsewhere']);

      const withPrivate = { ...a, name: 'Renamed elsewhere', private: { doNotPartnerWith: [`${s.prefix}z`], redLines: [], bidPlans: [] } };
      await other.upsertOrganisations([withPrivate]);
      expect((await store.findCandidates(query))[0]?.private?.doNotPartnerWith).toEqual([`${s.prefix}z`]);
      await other.upsertOrganisations([{ ...withPrivate, private: undefined }]);
      expect((await store.findCandidates(query))[0]?.private).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('when the API starts on a graph with organisations of an older model, then it says so and how to fix it, and warms its cache', async () => {
    const s = scope();
    const a = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
    await store.upsertOrganisations([a]);
    await driver.executeQuery('MATCH (o:Organisation {id: $id}) SET o.modelVersion = $old', { id: a.id, old: MODEL_VERSION - 1 });
    const lines: { level: number; msg: string; outdated?: number; organisations?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const entries = (await driver.executeQuery('MATCH (c:CandidateEntry) RETURN count(c) AS n')).records[0].get('n') as number;
    const started = new Neo4jStore(options({ organisationCacheSize: entries + 10, warmCacheOnStart: true }));
    try {
      await started.start(logger);
      const warning = lines.find((l) => l.level === 40);
      expect(warning?.msg).toMatch(/older version of the graph model: run `npm run load:neo4j -- --migrate`/);
      expect(warning?.outdated).toBeGreaterThanOrEqual(1);
      expect(lines.find((l) => l.msg === 'organisation cache warmed')?.organisations).toBeGreaterThanOrEqual(1);
      expect(started.organisationCache.size).toBeGreaterThanOrEqual(1);
    } finally {
      await started.close();
      await store.upsertOrganisations([a]); // rewrite it under the current model, for whoever counts next
    }
  });

  it('when the cache is warmed, then every candidate is read once, with its private part, and the next query fetches nothing', async () => {
    const s = scope();
    const a = buildOrganisation({
      id: `${s.prefix}a`,
      services: [s.cpv(1)],
      areas: [s.area(1)],
      private: { doNotPartnerWith: [`${s.prefix}z`], redLines: [], bidPlans: [] },
    });
    const b = buildOrganisation({ id: `${s.prefix}b`, services: [s.cpv(1)], areas: [s.area(1)] });
    const closed = buildOrganisation({ id: `${s.prefix}c`, services: [s.cpv(1)], areas: [s.area(1)], openToPartnering: false });
    await store.upsertOrganisations([a, b, closed]);
    // The server is shared: size the cache for every candidate entry in it, so ours are certainly read.
    const entries = (await driver.executeQuery('MATCH (c:CandidateEntry) RETURN count(c) AS n')).records[0].get('n') as number;
    const warm = new Neo4jStore(options({ organisationCacheSize: entries + 10 }));
    try {
      const pages: number[] = [];
      const read = await warm.warmOrganisationCache({ pageSize: Math.max(1, Math.ceil(entries / 3)), onPage: (n) => pages.push(n) });
      expect(read).toBeGreaterThanOrEqual(2);
      expect(read).toBeLessThanOrEqual(entries + 10); // others may write meanwhile, never more than the cache holds
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(warm.organisationCache.size).toBe(read);

      const found = await warm.findCandidates({ serviceCodes: [s.cpv(1)], areaCodes: [s.area(1)], excludeIds: [], limit: 10 });
      expect(found.map((o) => o.id)).toEqual([a.id, b.id]); // the closed one has no entry: never warmed, never found
      expect(found[0].private?.doNotPartnerWith).toEqual([`${s.prefix}z`]);
      expect(warm.organisationCache.misses).toBe(0);
    } finally {
      await warm.close();
    }
  });

  it('when the cache holds fewer organisations than there are candidates, then warming stops once it is full', async () => {
    const s = scope();
    await store.upsertOrganisations(
      ['a', 'b', 'c'].map((x) => buildOrganisation({ id: `${s.prefix}${x}`, services: [s.cpv(1)], areas: [s.area(1)] })),
    );
    const warm = new Neo4jStore(options({ organisationCacheSize: 2 }));
    try {
      expect(await warm.warmOrganisationCache({ pageSize: 1 })).toBe(2);
      expect(warm.organisationCache.size).toBe(2);
    } finally {
      await warm.close();
    }
  });

  it('when the schema is ensured again, or by several stores at once, then it is a no-op', async () => {
    const others = [new Neo4jStore(options()), new Neo4jStore(options())];
    try {
      await Promise.all([store.ensureSchema(), ...others.map((o) => o.ensureSchema())]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it('when the URI uses the neo4j:// routing scheme, then the store works the same', async () => {
    const s = scope();
    const routed = new Neo4jStore(options({ uri: inject('neo4jUri').replace(/^bolt:/, 'neo4j:') }));
    try {
      await routed.upsertOrganisations([buildOrganisation({ id: `${s.prefix}a` })]);
      expect((await store.getOrganisation(`${s.prefix}a`))?.id).toBe(`${s.prefix}a`);
      expect(await routed.health()).toMatchObject({ ok: true });
    } finally {
      await routed.close();
    }
  });

  it('when configured with STORE=neo4j, then createStore returns the Neo4j adapter', async () => {
    const created = createStore(loadConfig({ STORE: 'neo4j', NEO4J_URI: inject('neo4jUri') }));
    try {
      expect(created.kind).toBe('neo4j');
      expect(await created.health()).toMatchObject({ ok: true, store: 'neo4j' });
    } finally {
      await created.close();
    }
  });

  it('when nothing listens at the URI, then health reports it and calls throw StoreUnavailableError', async () => {
    const port = await freePort();
    const down = new Neo4jStore(options({ uri: `bolt://127.0.0.1:${port}`, maxTransactionRetryTimeMs: 200 }));
    try {
      const health = await down.health();
      expect(health.ok).toBe(false);
      expect(health.detail).toMatch(/unreachable/i);
      await expect(down.getOrganisation('GB-CHC-1')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(down.upsertOrganisations([buildOrganisation()])).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await down.close();
    }
  });

  it('when Neo4j goes away and comes back, then the same store instance recovers without a restart', async () => {
    // A TCP proxy in front of the shared Neo4j stands in for an outage: stopping it drops every connection and
    // refuses new ones, without disturbing the other suites that use the same server.
    const s = scope();
    const proxy = await startTcpProxy(boltTarget(inject('neo4jUri')));
    const flaky = new Neo4jStore(options({ uri: `bolt://127.0.0.1:${proxy.port}`, maxTransactionRetryTimeMs: 200 }));
    try {
      const a = buildOrganisation({ id: `${s.prefix}a` });
      await flaky.upsertOrganisations([a]);
      expect((await flaky.getOrganisation(a.id))?.id).toBe(a.id);

      await proxy.stop();
      await expect(flaky.getOrganisation(a.id)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect((await flaky.health()).ok).toBe(false);

      await proxy.start();
      expect((await flaky.health()).ok).toBe(true);
      expect((await flaky.getOrganisation(a.id))?.id).toBe(a.id);
      expect(await flaky.upsertOrganisations([{ ...a, name: 'After the outage' }])).toEqual({ created: 0, updated: 1, unchanged: 0 });
    } finally {
      await flaky.close();
      await proxy.stop();
    }
  });
});
