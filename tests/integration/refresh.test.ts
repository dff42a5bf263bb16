/**
 * The partner-score refresh end to end, against the real Redis and the real Neo4j (no mocks). Each test owns a
 * scope (an id prefix: its organisations, runs and current-run pointer) and a fresh BullMQ key prefix, and
 * deletes both afterwards. Datasets are a few hundred synthetic organisations in Northern Ireland.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { BullmqQueue, startBullmqWorker, type BullmqWorker } from '../../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import type { RunQueueStatus } from '../../src/queue/types.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshEvents } from '../../src/refresh/events.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import type { PartnerScoreStore } from '../../src/refresh/partner-scores.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import type { Store } from '../../src/store/types.ts';
import { finished, waitFor } from '../contract/queue-contract.ts';
import { kill, startWorkerProcess, type Child } from '../support/child-process.ts';
import {
  AS_OF,
  dataset,
  directLists,
  MAX_CANDIDATES,
  neo4jRefreshWorld,
  newScope,
  rowCounts,
  storedLists,
  testDriver,
  TOP_K,
  totalPartners,
  type Lists,
} from '../support/refresh-harness.ts';

const ref = defaultReference();
const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const neo4jOptions = { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };
const silent = pino({ level: 'silent' });
const settings = (shardSize: number) =>
  refreshSettings({ REFRESH_TOP_K: TOP_K, REFRESH_SHARD_SIZE: shardSize }, { maxCandidates: MAX_CANDIDATES });

/** Everything a test opened, closed and deleted in afterEach. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((err: unknown) => console.error('cleanup failed', err));
});

async function neo4jWorld(scope: string, orgs: readonly Organisation[]) {
  const world = await neo4jRefreshWorld(neo4jOptions, scope, orgs);
  cleanups.push(world.cleanup);
  return world;
}

async function bullmq(handlers: Parameters<typeof startBullmqWorker>[0], workers = 1) {
  const options = { redisUrl: config.REDIS_URL, prefix: `test-rf-${randomBytes(4).toString('hex')}`, backoffMs: 200, logger: silent };
  const queue = new BullmqQueue(options);
  const running: BullmqWorker[] = [];
  for (let i = 0; i < workers; i++)
    running.push(await startBullmqWorker(handlers, { ...options, concurrency: 2, lockDurationMs: 5000, stalledIntervalMs: 5000 }));
  cleanups.push(async () => {
    for (const w of running) await w.close();
    await queue.obliterate();
    await queue.close();
  });
  return { queue, options };
}

function handlersFor(store: Store, scores: PartnerScoreStore, source = storeOrganisationSource(store), shardSize = 40) {
  return refreshHandlers({ ref, store, scores, source, settings: settings(shardSize), now: () => new Date(), logger: silent });
}

function expectSameLists(actual: Lists, expected: Lists): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, list] of expected) expect(actual.get(id), `list of ${id}`).toEqual(list);
}

describe('partner-score refresh (real Redis and Neo4j)', () => {
  let scope: string;
  let orgs: Organisation[];
  let expected: Lists;

  const prepare = async (tag: string, count = 240) => {
    scope = newScope(tag);
    orgs = dataset(ref, scope, count);
    expected = await directLists(ref, orgs);
    expect(totalPartners(expected)).toBeGreaterThan(count); // the dataset does produce lists
  };

  it('when a run completes on BullMQ workers against Neo4j, then every list equals a direct in-process computation', async () => {
    await prepare('RFA');
    const { store, scores, source } = await neo4jWorld(scope, orgs);
    const { queue } = await bullmq(handlersFor(store, scores, source));

    const { runId } = await queue.enqueueRun({ runId: `${scope}run`, scope, asOf: AS_OF });
    const status = await finished(queue, runId);

    expect(status).toMatchObject({ state: 'completed', shards: { total: 6, done: 6, failed: 0 } });
    const stored = await storedLists(
      scores,
      scope,
      orgs.map((o) => o.id),
    );
    expect([...stored.runIds]).toEqual([runId]);
    expectSameLists(stored.lists, expected);
    const driver = testDriver(config.NEO4J_URI);
    cleanups.push(() => driver.close());
    expect(await rowCounts(driver, runId)).toEqual({ rows: totalPartners(expected), pairs: totalPartners(expected) });
    expect(await scores.getRun(runId)).toMatchObject({
      status: 'current',
      organisations: orgs.length,
      lists: orgs.length,
      partners: totalPartners(expected),
    });
  }, 90_000);

  it('when the in-process runner and BullMQ refresh the same organisations, then they store the same lists', async () => {
    await prepare('RFD');
    const world = await neo4jWorld(scope, orgs);
    const { queue } = await bullmq(handlersFor(world.store, world.scores, world.source));
    const embeddedStore = new EmbeddedStore();
    await embeddedStore.upsertOrganisations(orgs);
    const embeddedScores = new EmbeddedPartnerScores();
    const inProcess = new InProcessQueue(handlersFor(embeddedStore, embeddedScores), { concurrency: 2, backoffMs: 200 });
    cleanups.push(() => inProcess.close());

    const viaBullmq = await queue.enqueueRun({ runId: `${scope}bullmq`, scope, asOf: AS_OF });
    const viaInProcess = await inProcess.enqueueRun({ runId: `${scope}inproc`, scope, asOf: AS_OF });
    expect((await finished(queue, viaBullmq.runId)).state).toBe('completed');
    expect((await finished(inProcess, viaInProcess.runId)).state).toBe('completed');

    const ids = orgs.map((o) => o.id);
    const fromBullmq = await storedLists(world.scores, scope, ids);
    const fromInProcess = await storedLists(embeddedScores, scope, ids);
    expectSameLists(fromInProcess.lists, fromBullmq.lists);
    expectSameLists(fromInProcess.lists, expected);
  }, 90_000);

  it('when two runs start at once, then the later commit wins, its lists are complete and the other run leaves no rows', async () => {
    await prepare('RFC');
    const { store, scores, source } = await neo4jWorld(scope, orgs);
    const { queue } = await bullmq(handlersFor(store, scores, source, 20), 2);

    const [a, b] = await Promise.all([
      queue.enqueueRun({ runId: `${scope}a`, scope, asOf: AS_OF }),
      queue.enqueueRun({ runId: `${scope}b`, scope, asOf: AS_OF }),
    ]);
    const statuses = await Promise.all([finished(queue, a.runId), finished(queue, b.runId)]);

    expect(statuses.map((s: RunQueueStatus) => s.state)).toEqual(['completed', 'completed']);
    const [runA, runB] = await Promise.all([scores.getRun(a.runId), scores.getRun(b.runId)]);
    const [later, earlier] = Date.parse(runA!.committedAt!) >= Date.parse(runB!.committedAt!) ? [runA!, runB!] : [runB!, runA!];
    expect(later.status).toBe('current');
    expect(earlier.status).toBe('superseded');
    const stored = await storedLists(
      scores,
      scope,
      orgs.map((o) => o.id),
    );
    expect([...stored.runIds]).toEqual([later.runId]);
    expectSameLists(stored.lists, expected);
    const driver = testDriver(config.NEO4J_URI);
    cleanups.push(() => driver.close());
    expect(await rowCounts(driver, later.runId)).toEqual({ rows: totalPartners(expected), pairs: totalPartners(expected) });
    expect(await rowCounts(driver, earlier.runId)).toEqual({ rows: 0, pairs: 0 });
  }, 90_000);

  it('when a worker process is killed mid-run, then a restarted worker completes the run with the same lists and no duplicate rows', async () => {
    await prepare('RFB', 300);
    const { scores } = await neo4jWorld(scope, orgs);
    const prefix = `test-rfk-${randomBytes(4).toString('hex')}`;
    const queue = new BullmqQueue({ redisUrl: config.REDIS_URL, prefix, logger: silent });
    const children: Child[] = [];
    cleanups.push(async () => {
      for (const child of children) await kill(child);
      await queue.obliterate();
      await queue.close();
    });
    const env = {
      ...process.env,
      QUEUE: 'bullmq',
      STORE: 'neo4j',
      NEO4J_URI: config.NEO4J_URI,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: prefix,
      REFRESH_TOP_K: String(TOP_K),
      REFRESH_SHARD_SIZE: '10',
      WORKER_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
      DEMO_DATA: 'false',
    };

    const first = await startWorkerProcess(env, { readyTimeoutMs: 30_000 });
    children.push(first);
    const { runId } = await queue.enqueueRun({ runId: `${scope}killed`, scope, asOf: AS_OF });
    const atKill = await waitFor(
      'some shards to be written',
      async () => {
        const run = await scores.getRun(runId);
        return run && run.shardsDone >= 3 ? run : undefined;
      },
      60_000,
    );
    await kill(first);

    expect(atKill.shardsDone).toBeLessThan(atKill.shards); // it really was mid-run
    expect((await scores.getRun(runId))?.status).toBe('running');
    expect(await scores.getPartners(orgs[0].id, scope)).toBeUndefined(); // readers saw nothing of it

    children.push(await startWorkerProcess(env, { readyTimeoutMs: 30_000 }));
    const status = await finished(queue, runId).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; run: ${JSON.stringify(await scores.getRun(runId))}`);
    });

    expect(status.state).toBe('completed');
    const stored = await storedLists(
      scores,
      scope,
      orgs.map((o) => o.id),
    );
    expect([...stored.runIds]).toEqual([runId]);
    expectSameLists(stored.lists, expected);
    const driver = testDriver(config.NEO4J_URI);
    cleanups.push(() => driver.close());
    expect(await rowCounts(driver, runId)).toEqual({ rows: totalPartners(expected), pairs: totalPartners(expected) });
  }, 120_000);

  it('when an organisation changes after a run, then its list and the lists that include it are recomputed in the current run', async () => {
    await prepare('RFE', 200);
    const store = new EmbeddedStore();
    await store.upsertOrganisations(orgs);
    const scores = new EmbeddedPartnerScores();
    const queue = new InProcessQueue(handlersFor(store, scores), { concurrency: 2, backoffMs: 50, debounceMs: 20 });
    cleanups.push(() => queue.close());
    const { runId } = await queue.enqueueRun({ runId: `${scope}base`, scope, asOf: AS_OF });
    await finished(queue, runId);
    const changedId = [...expected.entries()].find(([, l]) => l.length > 0)![1][0].partnerId; // someone's best partner
    const listers = await scores.listedBy(changedId, scope);
    expect(listers.length).toBeGreaterThan(0);

    // It stops being open to partnering: it must vanish from every list that had it.
    const before = (await store.getOrganisation(changedId))!;
    await store.upsertOrganisations([{ ...before, openToPartnering: false }]);
    await refreshEvents(queue, silent, scope).organisationsChanged([changedId]);
    await queue.whenIdle();

    const now = await directLists(ref, await store.getOrganisations(orgs.map((o) => o.id)));
    for (const id of [changedId, ...listers]) {
      const got = await scores.getPartners(id, scope);
      expect(got?.runId).toBe(runId);
      expect(
        got?.partners.some((p) => p.partnerId === changedId),
        `${id} still lists it`,
      ).toBe(false);
      expect(
        got?.partners.map((p) => ({ partnerId: p.partnerId, total: p.total, factors: p.factors })),
        `list of ${id}`,
      ).toEqual(now.get(id));
      expect(got?.partners.some((p) => p.partnerId === changedId)).toBe(false);
    }
  }, 60_000);
});
