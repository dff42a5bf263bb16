/**
 * The queued alerts run (src/alerts/jobs.ts) gives the same ledger on both queues — the in-process queue and BullMQ on
 * the real Redis (REDIS_URL, a fresh key prefix) — as the single-process run (run.ts) on the same data: each
 * organisation gets each notice once, with the same fit, reasons and partners. On the embedded store (the Neo4j store
 * is covered by the worker-kill test, tests/integration/alerts-worker-kill.test.ts). A second run reads nothing new and
 * writes nothing; a shard re-run writes nothing twice.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { getAlertRun } from '../../src/alerts/run-record.ts';
import { loadConfig } from '../../src/config.ts';
import { BullmqQueue, startBullmqWorker } from '../../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import type { JobQueue, RunHandlers } from '../../src/queue/types.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { alertJobs, alertsWorld, directLedger, entryCount, ledgerOf, RUN_AT, untilDone } from '../support/alerts-queue.ts';

const ref = defaultReference();
const { REDIS_URL } = loadConfig();

type Harness = { queue: JobQueue; close(): Promise<void> };
const QUEUES: Record<string, (handlers: RunHandlers) => Promise<Harness>> = {
  inprocess: async (handlers) => {
    const queue = new InProcessQueue(handlers, { concurrency: 2, backoffMs: 20 });
    return { queue, close: () => queue.close() };
  },
  bullmq: async (handlers) => {
    const options = { redisUrl: REDIS_URL, prefix: `test-aq-${randomBytes(4).toString('hex')}`, queueName: 'alerts-run', backoffMs: 20 };
    const queue = new BullmqQueue(options);
    const worker = await startBullmqWorker(handlers, { ...options, concurrency: 2 });
    return {
      queue,
      close: async () => {
        await worker.close();
        await queue.obliterate().catch(() => undefined);
        await queue.close();
      },
    };
  },
};

describe.each(Object.keys(QUEUES))('queued alerts run on the %s queue', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('when a run of 40 notices over 10 shards completes, then the ledger equals the single-process run, and a second run writes nothing', async () => {
    const prefix = `AQ${kind === 'bullmq' ? 'B' : 'I'}-${randomBytes(3).toString('hex')}-`;
    const world = alertsWorld(ref, prefix, 300, 40);
    cleanups.push(async () => rmSync(world.feed, { recursive: true, force: true }));
    const expected = await directLedger(ref, world, prefix);
    // The world is one where notices reach organisations. How many depends on the random prefix (ids break ties):
    // one fresh-clone CI run on 2026-12-08 drew 39, so the bound leaves room.
    expect(expected.size).toBeGreaterThan(20);

    const store = new EmbeddedStore();
    cleanups.push(() => store.close());
    await store.upsertOrganisations(world.orgs);
    const h = await QUEUES[kind](alertJobs(store, ref, world.feed, 4));
    cleanups.push(() => h.close());

    await h.queue.enqueueRun({ runId: 'alerts-1', asOf: RUN_AT });
    const status = await untilDone(h.queue, 'alerts-1');
    expect(status.shards).toMatchObject({ total: 10, done: 10, failed: 0 });
    const got = await ledgerOf(store.records, prefix);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, entry] of expected) expect(got.get(key), key).toEqual(entry);
    const run = (await getAlertRun(store.records, 'alerts-1'))!;
    expect(run).toMatchObject({ status: 'completed', shards: 10, written: expected.size, alreadyHeld: 0 });
    expect(run.notices).toHaveLength(40);

    // the feed's file is read: a second run has no notices, no shards, and writes nothing
    await h.queue.enqueueRun({ runId: 'alerts-2', asOf: RUN_AT });
    await untilDone(h.queue, 'alerts-2');
    expect(await getAlertRun(store.records, 'alerts-2')).toMatchObject({ status: 'completed', shards: 0, written: 0 });
    expect(await entryCount(store.records, prefix)).toBe(expected.size);
  });

  it('when a shard runs twice (a worker killed after writing), then it writes nothing the second time', async () => {
    const prefix = `AQS${kind === 'bullmq' ? 'B' : 'I'}-${randomBytes(3).toString('hex')}-`;
    const world = alertsWorld(ref, prefix, 200, 8, 5);
    cleanups.push(async () => rmSync(world.feed, { recursive: true, force: true }));
    const store = new EmbeddedStore();
    cleanups.push(() => store.close());
    await store.upsertOrganisations(world.orgs);
    const jobs = alertJobs(store, ref, world.feed, 8);
    // every shard is run once more right after it succeeds: the second run must find every entry held
    const again: Record<string, unknown>[] = [];
    const handlers: RunHandlers = {
      ...jobs,
      async scoreShard(data, ctx) {
        await jobs.scoreShard(data, ctx);
        const second = await jobs.scoreShard(data, ctx);
        again.push(second);
        return second;
      },
    };
    const h = await QUEUES[kind](handlers);
    cleanups.push(() => h.close());
    await h.queue.enqueueRun({ runId: 'twice', asOf: RUN_AT });
    await untilDone(h.queue, 'twice');
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ written: 0 });
    expect((again[0] as { alreadyHeld: number }).alreadyHeld).toBeGreaterThan(0);
    const expected = await directLedger(ref, world, prefix);
    expect(await entryCount(store.records, prefix)).toBe(expected.size);
  });
});
