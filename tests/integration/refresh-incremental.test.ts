/**
 * The incremental refresh end to end, on both stacks (embedded store + in-process runner; Neo4j + BullMQ workers, the
 * real servers, no mocks): a full run, some organisations changed (services, areas, values, openness, partnerships,
 * new ones), an incremental run, and every list of the base run then equals a fresh full run's with the same asOf.
 * The blocking cap is small (25) so it binds and repairs move pools. Each test owns a scope and a BullMQ prefix.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { BullmqQueue, startBullmqWorker } from '../../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import type { JobQueue } from '../../src/queue/types.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { changedOrganisations } from '../../src/refresh/incremental.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import type { OrganisationSource, PartnerScoreStore } from '../../src/refresh/partner-scores.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../../src/store/embedded/persistence/store-file.ts';
import type { Store } from '../../src/store/types.ts';
import { finished } from '../contract/queue-contract.ts';
import { AS_OF, neo4jRefreshWorld, newScope, storedLists, type Lists } from '../support/refresh-harness.ts';
import { editSome, placesFor, syntheticOrganisations } from '../support/refresh-dataset.ts';

const ref = defaultReference();
const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const neo4jOptions = { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };
const silent = pino({ level: 'silent' });
const settings = refreshSettings({ REFRESH_TOP_K: 6, REFRESH_SHARD_SIZE: 70 }, { maxCandidates: 25 });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((err: unknown) => console.error('cleanup failed', err));
});

function handlersFor(store: Store, scores: PartnerScoreStore, source: OrganisationSource) {
  return refreshHandlers({ ref, store, scores, source, settings, now: () => new Date(), logger: silent });
}

/** 5% of the organisations changed or added (the Store deletes none, so editSome's deletions are left out). */
function changes(orgs: readonly Organisation[]): Organisation[] {
  const was = new Map(orgs.map((o) => [o.id, JSON.stringify(o)]));
  return editSome([...orgs], 9, 0.05).filter((o) => was.get(o.id) !== JSON.stringify(o));
}

/** Full run, changes, incremental run; then a fresh full run; returns the lists after each and the runs. */
async function scenario(world: { store: Store; queue: JobQueue; scores: PartnerScoreStore }, scope: string, orgs: Organisation[]) {
  const { store, queue, scores } = world;
  const base = await queue.enqueueRun({ runId: `${scope}full`, scope, asOf: AS_OF });
  expect((await finished(queue, base.runId)).state).toBe('completed');
  const edited = changes(orgs);
  expect(edited.length).toBeGreaterThan(5);
  await store.upsertOrganisations(edited);
  const ids = [...new Set([...orgs, ...edited].map((o) => o.id))];

  const inc = await queue.enqueueRun({ runId: `${scope}inc`, scope, kind: 'incremental' });
  const status = await finished(queue, inc.runId);
  expect(status, status.failedReason).toMatchObject({ state: 'completed' });
  const incremental = await storedLists(scores, scope, ids);

  const fresh = await queue.enqueueRun({ runId: `${scope}fresh`, scope, asOf: AS_OF });
  expect((await finished(queue, fresh.runId)).state).toBe('completed');
  const full = await storedLists(scores, scope, ids);
  return { base: base.runId, inc: inc.runId, fresh: fresh.runId, incremental, full };
}

function expectSameLists(actual: Lists, expected: Lists): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  let nonEmpty = 0;
  for (const [id, list] of expected) {
    expect(actual.get(id), `list of ${id}`).toEqual(list);
    if (list.length > 0) nonEmpty++;
  }
  expect(nonEmpty).toBeGreaterThan(expected.size / 2);
}

describe('incremental refresh (real Redis and Neo4j)', () => {
  const dataset = (scope: string) =>
    syntheticOrganisations(ref, { count: 280, seed: 13, idPrefix: scope, lads: placesFor(ref, 3), partnerships: 2 });

  it('when organisations change after a full run on the embedded store, then an in-process incremental run makes every list equal a fresh full run', async () => {
    const scope = newScope('RIE');
    const orgs = dataset(scope);
    const store = new EmbeddedStore();
    await store.upsertOrganisations(orgs);
    const scores = new EmbeddedPartnerScores();
    const queue = new InProcessQueue(handlersFor(store, scores, storeOrganisationSource(store)), { concurrency: 2, backoffMs: 50 });
    cleanups.push(() => queue.close());

    const got = await scenario({ store, queue, scores }, scope, orgs);

    expect([...got.incremental.runIds]).toEqual([got.base]);
    expectSameLists(got.incremental.lists, got.full.lists);
    const inc = await scores.getRun(got.inc);
    expect(inc).toMatchObject({ status: 'applied', kind: 'incremental', baseRunId: got.base });
    expect(inc!.increment!.listsRewritten).toBeGreaterThan(inc!.increment!.listsRecomputed);
  }, 60_000);

  it('when the embedded store restarts between the full run and the incremental run, then only the changed organisations count as changed', async () => {
    const scope = newScope('RIR');
    const orgs = dataset(scope);
    const dir = mkdtempSync(join(tmpdir(), 'consortia-restart-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const open = () => {
      const store = new EmbeddedStore({ persistence: openDataDirectory(dir) });
      const scores = new EmbeddedPartnerScores(store.partnerScorePersistence());
      const queue = new InProcessQueue(handlersFor(store, scores, storeOrganisationSource(store)), { concurrency: 2, backoffMs: 50 });
      return { store, scores, queue };
    };
    const first = open();
    await first.store.upsertOrganisations(orgs);
    const base = await first.queue.enqueueRun({ runId: `${scope}full`, scope, asOf: AS_OF });
    expect((await finished(first.queue, base.runId)).state).toBe('completed');
    await first.queue.close();
    await first.store.close();

    const { store, scores, queue } = open();
    cleanups.push(async () => {
      await queue.close();
      await store.close();
    });
    const edited = changes(orgs);
    await store.upsertOrganisations(edited);
    const inc = await queue.enqueueRun({ runId: `${scope}inc`, scope, kind: 'incremental' });
    expect((await finished(queue, inc.runId)).state).toBe('completed');

    // What changed, from the records themselves: the edited ones and their partners (incremental.ts markChange).
    const after = new Map(orgs.map((o) => [o.id, o]));
    for (const o of edited) after.set(o.id, o);
    const expected = changedOrganisations({ byId: new Map(orgs.map((o) => [o.id, o])) }, { byId: after });
    expect(expected.size).toBeLessThan(orgs.length / 2);
    const run = await scores.getRun(inc.runId);
    expect(run!.increment!.changedOrganisations).toBe(expected.size);
    expect(run!.increment!.listsRecomputed).toBeLessThan(run!.increment!.listsRewritten);
  }, 60_000);

  it('when organisations change after a full run on Neo4j, then an incremental run on BullMQ workers makes every list equal a fresh full run', async () => {
    const scope = newScope('RIN');
    const orgs = dataset(scope);
    const { store, scores, source, cleanup } = await neo4jRefreshWorld(neo4jOptions, scope, orgs, { applyBatch: 7 }); // several batches
    cleanups.push(cleanup);
    const options = { redisUrl: config.REDIS_URL, prefix: `test-ri-${randomBytes(4).toString('hex')}`, backoffMs: 200, logger: silent };
    const queue = new BullmqQueue(options);
    const worker = await startBullmqWorker(handlersFor(store, scores, source), { ...options, concurrency: 2 });
    cleanups.push(async () => {
      await worker.close();
      await queue.obliterate();
      await queue.close();
    });

    const got = await scenario({ store, queue, scores }, scope, orgs);

    expect([...got.incremental.runIds]).toEqual([got.base]);
    expectSameLists(got.incremental.lists, got.full.lists);
    const inc = await scores.getRun(got.inc);
    expect(inc).toMatchObject({ status: 'applied', kind: 'incremental', baseRunId: got.base });
    expect(inc!.increment!.listsRewritten).toBeGreaterThan(7);
    expect(await scores.getRun(got.base)).toMatchObject({ status: 'superseded', incrementsApplied: 1 });
  }, 120_000);
});
