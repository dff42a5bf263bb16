/**
 * The Neo4j store's read model (src/store/neo4j/read-model.ts) across store instances, as across API processes: on
 * the real Neo4j (tests/setup/neo4j.ts) and the real Redis, each test with its own id prefix, codes and Redis channel.
 * A write through store A must reach store B's memory — by polling alone, and at once with the Redis change feed —
 * closing and removing must take organisations out of B's index, B must never answer from a model further behind
 * than its bound, and a model built at start-up must answer exactly as Neo4j does.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { redisChangeFeed } from '../../src/queue/redis-change-feed.ts';
import { Neo4jStore, type Neo4jStoreOptions } from '../../src/store/neo4j/neo4j-store.ts';
import { buildOrganisation } from '../builders.ts';
import { newScope, type TestScope } from '../contract/store-contract.ts';

const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const connection = { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };

const stores: Neo4jStore[] = [];
const scopes: TestScope[] = [];
afterEach(async () => {
  const [first] = stores;
  for (const s of scopes.splice(0)) await first?.deleteByIdPrefix(s.prefix, { serviceCodes: s.serviceCodes, areaCodes: s.areaCodes });
  for (const store of stores.splice(0)) await store.close();
});

function open(options: Partial<Neo4jStoreOptions> = {}): Neo4jStore {
  const store = new Neo4jStore({ ...connection, ...options });
  stores.push(store);
  return store;
}

function scope(): TestScope {
  const s = newScope('RM');
  scopes.push(s);
  return s;
}

const feed = (channelPrefix: string) => redisChangeFeed({ redisUrl: config.REDIS_URL, prefix: channelPrefix });

/** Waits until `check` holds, up to `ms`; returns how long it took. Throws when it never does. */
async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const heldBy = (store: Neo4jStore, id: string) => store.readModel!.get([id])[0] as Organisation | undefined;

describe('Neo4j read model across store instances', () => {
  it('when store A writes, then store B takes it in by polling alone, and it leaves B when closed to partnering or removed', async () => {
    const s = scope();
    const a = open();
    const b = open({ readModel: { maxStalenessMs: 600 } }); // polls every 150 ms
    await b.readModel!.start();
    const query = { serviceCodes: [s.cpv(1)], areaCodes: [s.area(1)], excludeIds: [], limit: 10 };
    const org = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
    expect(await b.findCandidates(query)).toEqual([]);

    await a.upsertOrganisations([org]);
    const took = await within(5_000, () => heldBy(b, org.id) !== undefined);
    expect(b.readModel!.state().fresh).toBe(true);
    expect((await b.findCandidates(query)).map((o) => o.id)).toEqual([org.id]);
    console.log(`read model: a write on A was in B's memory after ${took} ms by polling (bound 600 ms)`);

    await a.upsertOrganisations([{ ...org, name: 'Renamed on A' }]);
    await within(5_000, () => heldBy(b, org.id)?.name === 'Renamed on A');
    expect((await b.getOrganisation(org.id))?.name).toBe('Renamed on A');

    await a.upsertOrganisations([{ ...org, openToPartnering: false }]);
    await within(5_000, () => heldBy(b, org.id)?.openToPartnering === false);
    expect(await b.findCandidates(query)).toEqual([]);

    await a.upsertOrganisations([org]); // open again, then removed altogether
    await within(5_000, () => heldBy(b, org.id)?.openToPartnering === true);
    expect((await b.findCandidates(query)).map((o) => o.id)).toEqual([org.id]);
    await a.deleteByIdPrefix(s.prefix);
    await within(5_000, () => heldBy(b, org.id) === undefined);
    expect(await b.findCandidates(query)).toEqual([]);
    expect(await b.getOrganisation(org.id)).toBeUndefined();
  });

  it('when both share the Redis change feed, then B takes A’s write in at once, long before its next poll', async () => {
    const s = scope();
    const channel = `test-read-model-${randomBytes(4).toString('hex')}`;
    const a = open({ changeFeed: feed(channel) });
    const b = open({ readModel: { maxStalenessMs: 120_000 }, changeFeed: feed(channel) }); // polls once a minute
    await b.readModel!.start();
    const org = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });

    await a.upsertOrganisations([org]);
    const took = await within(5_000, () => heldBy(b, org.id) !== undefined);
    expect(took).toBeLessThan(5_000);
    const query = { serviceCodes: [s.cpv(1)], areaCodes: [s.area(1)], excludeIds: [], limit: 10 };
    expect((await b.findCandidates(query)).map((o) => o.id)).toEqual([org.id]);
    console.log(`read model: a write on A was in B's memory after ${took} ms through Redis (B polls every 60 s)`);

    await a.deleteByIdPrefix(s.prefix);
    await within(5_000, () => heldBy(b, org.id) === undefined);
    expect(await b.findCandidates(query)).toEqual([]);
  });

  it('when B’s model falls further behind than its bound, then B reads Neo4j and still sees A’s write', async () => {
    const s = scope();
    const a = open();
    // Built, then never polled again and no feed: only the bound stands between B and a stale answer.
    const b = open({ readModel: { maxStalenessMs: 300, pollMs: 3_600_000 } });
    await b.readModel!.start();
    const org = buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] });
    await a.upsertOrganisations([org]);
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(heldBy(b, org.id)).toBeUndefined(); // not in B's memory…
    expect(b.readModel!.state().fresh).toBe(false);
    expect((await b.getOrganisation(org.id))?.id).toBe(org.id); // …but B answers from Neo4j
    expect(
      (await b.findCandidates({ serviceCodes: [s.cpv(1)], areaCodes: [s.area(1)], excludeIds: [], limit: 10 })).map((o) => o.id),
    ).toEqual([org.id]);
    await b.readModel!.catchUp(); // a catch-up makes it fresh again, with the write
    expect(b.readModel!.state().fresh).toBe(true);
    expect(heldBy(b, org.id)?.id).toBe(org.id);
  });

  it('when a store starts on a filled graph, then its model holds every organisation and answers as Neo4j does', async () => {
    const s = scope();
    const writer = open();
    const orgs = [
      buildOrganisation({
        id: `${s.prefix}a`,
        services: [s.cpv(1), s.cpv(2)],
        areas: [s.area(1)],
        private: { doNotPartnerWith: [`${s.prefix}c`], redLines: ['no zero-hours'], bidPlans: [] },
        partnerships: [{ partnerId: `${s.prefix}b`, model: 'subcontracting', year: 2021, outcome: 'won', success: 4 }],
      }),
      buildOrganisation({
        id: `${s.prefix}b`,
        services: [s.cpv(2)],
        areas: [s.area(1), s.area(2)],
        partnerships: [{ partnerId: `${s.prefix}ghost`, model: 'alliance', year: 2019, outcome: 'lost', success: 2 }],
      }),
      buildOrganisation({ id: `${s.prefix}c`, services: [s.cpv(1)], areas: [s.area(2)] }),
      buildOrganisation({ id: `${s.prefix}d`, services: [s.cpv(1)], areas: [s.area(1)], openToPartnering: false }),
    ];
    await writer.upsertOrganisations(orgs);

    const started = open({ readModel: {} });
    const { organisations } = await started.readModel!.start();
    expect(organisations).toBeGreaterThanOrEqual(orgs.length);
    expect(started.readModel!.state()).toMatchObject({ built: true, fresh: true });
    const ids = orgs.map((o) => o.id);
    expect(started.readModel!.get(ids).map((o) => o.id)).toEqual(ids); // in memory, every one

    // The same answers from memory as from Neo4j (the writer has no read model).
    expect(await started.getOrganisations(ids)).toEqual(await writer.getOrganisations(ids));
    for (const query of [
      { serviceCodes: [s.cpv(1), s.cpv(2)], areaCodes: [s.area(1), s.area(2)], excludeIds: [], limit: 10 },
      { serviceCodes: [s.cpv(1), s.cpv(2)], areaCodes: [s.area(1)], excludeIds: [`${s.prefix}b`], limit: 10 },
      { serviceCodes: [s.cpv(2)], excludeIds: [], limit: 1 },
    ]) {
      expect(await started.findCandidates(query)).toEqual(await writer.findCandidates(query));
    }
    expect(await started.partnershipsAround([`${s.prefix}a`], 2)).toEqual(await writer.partnershipsAround([`${s.prefix}a`], 2));
    expect((await started.partnershipsAround([`${s.prefix}a`], 2)).records).toHaveLength(2);
  });

  it('when the API starts with the read model configured, then start() builds it and logs how long it took', async () => {
    const s = scope();
    await open().upsertOrganisations([buildOrganisation({ id: `${s.prefix}a`, services: [s.cpv(1)], areas: [s.area(1)] })]);
    const lines: { msg: string; organisations?: number; ms?: number }[] = [];
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const api = open({ readModel: {} });
    await api.start(logger);
    const built = lines.find((l) => l.msg === 'read model built');
    expect(built?.organisations).toBeGreaterThanOrEqual(1);
    expect(built?.ms).toBeGreaterThanOrEqual(0);
    expect(api.readModel!.get([`${s.prefix}a`])).toHaveLength(1);
  });
});
