/**
 * The queued alerts run (src/alerts/jobs.ts) survives a worker process killed mid-run (issue #19), against the real
 * Redis and the real Neo4j, no mocks: `npm run worker` processes (workers/refresh-worker.ts, STORE=neo4j,
 * QUEUE=bullmq) run the shards; the first is SIGKILLed once at least 3 of ~20 shards are recorded and before the last,
 * a second takes over the killed worker's shard when its lock lapses and finishes the run. The ledger then equals the
 * single-process run's (alertNotice in src/alerts/run.ts, what `consortia alerts run` does) on the same data, holds
 * each notice at most once per organisation, and every notice of the run is marked alerted at its version.
 *
 * The world: 1,000 synthetic organisations in Northern Ireland (a shared Neo4j holds English ones; these are the only
 * candidates for the notices) and 40 notices drawn from them, in 20 shards of 2 (ALERTS_SHARD_SIZE). The notices reach
 * about 2,000 entries, so a shard writes about a hundred (≈ 4 record writes each) and takes a second or more: 17 shards
 * are left when the kill comes within milliseconds of the third, so it lands mid-run without slowing anything
 * artificially (and the assertion after the kill would say so if it did not).
 * Ids are under a fresh prefix, the BullMQ keys under a fresh prefix; both are deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { getAlertRun, shardsDone } from '../../src/alerts/run-record.ts';
import { loadConfig } from '../../src/config.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { waitFor } from '../contract/queue-contract.ts';
import { kill, startWorkerProcess, type Child } from '../support/child-process.ts';
import { directLedger, entryCount, ledgerOf, northernIrelandWorld, RUN_AT, untilDone } from '../support/alerts-queue.ts';
import { testDriver } from '../support/refresh-harness.ts';

const ref = defaultReference();
const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
const silent = pino({ level: 'silent' });
const ORGANISATIONS = 1000;
const NOTICES = 40;
const SHARD_SIZE = 2;
const SHARDS = NOTICES / SHARD_SIZE;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((err: unknown) => console.error('cleanup failed', err));
});

describe('queued alerts run with a worker process killed (real Redis and Neo4j)', () => {
  it('when a worker is SIGKILLed mid-run, then a second worker completes it with the single-process ledger, no entry twice, every notice alerted', async () => {
    const prefix = `AWK-${randomBytes(4).toString('hex')}-`;
    const world = northernIrelandWorld(ref, prefix, ORGANISATIONS, NOTICES);
    cleanups.push(async () => rmSync(world.feed, { recursive: true, force: true }));
    const expected = await directLedger(ref, world, prefix);
    expect(expected.size).toBeGreaterThan(10 * NOTICES); // notices reach many organisations each: shards take a while

    const store = new Neo4jStore({
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
    });
    const driver = testDriver(config.NEO4J_URI);
    cleanups.push(async () => {
      await store.deleteByIdPrefix(prefix);
      // the run's records and the ledger's: every alerts record naming one of this test's ids
      await driver.executeQuery(
        "MATCH (r:Record) WHERE r.kind STARTS WITH 'alert' AND (r.id CONTAINS $prefix OR r.json CONTAINS $prefix) DELETE r",
        {
          prefix,
        },
      );
      await driver.close();
      await store.close();
    });
    await store.upsertOrganisations(world.orgs);

    const queuePrefix = `test-awk-${randomBytes(4).toString('hex')}`;
    const queue = new BullmqQueue({ redisUrl: config.REDIS_URL, prefix: queuePrefix, queueName: 'alerts-run', logger: silent });
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
      QUEUE_PREFIX: queuePrefix,
      ALERTS_FEED: world.feed,
      ALERTS_SHARD_SIZE: String(SHARD_SIZE),
      WORKER_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
      DEMO_DATA: 'false',
    };

    const first = await startWorkerProcess(env, { readyTimeoutMs: 60_000 });
    children.push(first);
    const runId = `${prefix}run`;
    await queue.enqueueRun({ runId, asOf: RUN_AT });
    await waitFor('3 shards to be recorded', async () => ((await shardsDone(store.records, runId)) >= 3 ? true : undefined), 120_000);
    await kill(first);

    // Counted after the process is gone, so nothing it did can come later: it really was mid-run.
    const atKill = (await getAlertRun(store.records, runId))!;
    const doneAtKill = await shardsDone(store.records, runId);
    expect(atKill).toMatchObject({ status: 'running', shards: SHARDS, shardSize: SHARD_SIZE });
    expect(atKill.notices).toHaveLength(NOTICES);
    expect(doneAtKill).toBeGreaterThanOrEqual(3);
    expect(doneAtKill).toBeLessThan(SHARDS);

    children.push(await startWorkerProcess(env, { readyTimeoutMs: 60_000 }));
    const status = await untilDone(queue, runId, 240_000).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; run: ${JSON.stringify(await getAlertRun(store.records, runId))}`);
    });

    expect(status.shards).toMatchObject({ total: SHARDS, done: SHARDS, failed: 0 });
    const run = (await getAlertRun(store.records, runId))!;
    expect(run).toMatchObject({ status: 'completed' });
    // the same entries as the single-process run, field for field; ledgerOf throws on a second entry for a key
    const got = await ledgerOf(store.records, prefix);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, entry] of expected) expect(got.get(key), key).toEqual(entry);
    expect(await entryCount(store.records, prefix)).toBe(expected.size);
    // the killed shard was redone: what it wrote before the kill is counted as already held, the rest as written
    expect(run.written! + run.alreadyHeld!).toBe(expected.size);
    for (const notice of run.notices) {
      const alerted = (await store.records.getRecord('alert-tender', notice.id))?.doc as { version: string } | undefined;
      expect(alerted?.version, `${notice.id} marked alerted`).toBe(notice.version);
    }
  }, 480_000);
});
