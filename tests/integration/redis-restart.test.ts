/**
 * Redis restarting empty (issue #16 item 5), on the real Redis: the test deletes every key of its own prefix while a
 * run is mid-way through its shards (never FLUSHALL: the Redis is shared). Before the watchdog, the nightly schedule
 * silently went (schedulers 1 → 0) while /healthz said ok, and the run stayed at "scoring" for ever. Now /healthz
 * re-creates the schedule, fails the orphaned run, queues a fresh one in its place, and says so; a worker then
 * completes the replacement.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { BullmqQueue, startBullmqWorker, type BullmqWorker } from '../../src/queue/bullmq-queue.ts';
import type { RefreshHandlers } from '../../src/queue/types.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { RefreshWatchdog } from '../../src/refresh/watchdog.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { finished, waitFor } from '../contract/queue-contract.ts';
import { coreDeps, startTestServer } from '../e2e/helpers.ts';
import { accessSlice } from '../../src/accounts/routes.ts';
import { syntheticOrganisations } from '../support/refresh-dataset.ts';

const { REDIS_URL } = loadConfig();
const CRON = '0 2 * * *';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Deletes every key under `prefix`: what an empty restart leaves of this queue. */
async function emptyRestart(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

describe('Redis restarting empty', () => {
  it('when the keys vanish mid-run, then /healthz re-creates the schedule, fails the orphaned run, and a replacement run completes', async () => {
    const prefix = `test-restart-${randomBytes(4).toString('hex')}`;
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.quit());
    const store = new EmbeddedStore();
    const deps = coreDeps(store);
    await store.upsertOrganisations(syntheticOrganisations(deps.ref, { count: 60, seed: 5, idPrefix: 'RR-' }));
    const scores = new EmbeddedPartnerScores();
    const handlers = refreshHandlers({
      ...deps,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 20 }),
      logger: pino({ level: 'silent' }),
    });
    // The first worker scores one shard, then hangs on the next ones until released: the run sits at "scoring".
    let release!: () => void;
    const hang = new Promise<void>((resolve) => (release = resolve));
    let scored = 0;
    const stuck: RefreshHandlers = {
      ...handlers,
      scoreShard: async (data, ctx) => {
        if (scored++ >= 1) await hang;
        return handlers.scoreShard(data, ctx);
      },
    };
    const options = { redisUrl: REDIS_URL, prefix, backoffMs: 20 };
    const queue = new BullmqQueue(options);
    cleanups.push(async () => {
      await queue.obliterate();
      await queue.close();
    });
    const first: BullmqWorker = await startBullmqWorker(stuck, { ...options, concurrency: 2 });
    await queue.scheduleRuns(CRON);

    const { runId } = await queue.enqueueRun({ runId: 'run-orphaned' });
    await waitFor('the run to be scoring', async () => ((await scores.getRun(runId))?.shardsDone === 1 ? true : undefined));
    expect(await queue.isScheduled()).toBe(true);

    expect(await emptyRestart(redis, prefix)).toBeGreaterThan(0);
    release();
    await first.close();
    expect(await queue.isScheduled()).toBe(false);
    expect((await scores.runningRuns()).map((r) => r.runId)).toEqual([runId]);
    expect(await queue.runStatus(runId)).toBeUndefined();

    const watchdog = new RefreshWatchdog({ queue, scores, cron: CRON, logger: pino({ level: 'silent' }), graceMs: 0 });
    const server = await startTestServer(deps, [accessSlice(deps), refreshSlice(deps, queue, scores, { watchdog })]);
    cleanups.push(() => server.close());
    const health = await server.call('GET', '/healthz');
    const checks = health.body.checks as { name: string; ok: boolean; detail: string }[];

    expect(await queue.isScheduled()).toBe(true);
    expect(checks.find((c) => c.name === 'refresh:schedule')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/re-created 1 time/),
    });
    expect(checks.find((c) => c.name === 'refresh:orphaned-runs')?.detail).toMatch(/run-orphaned failed; run-\S+ queued in its place/);
    expect(await scores.getRun(runId)).toMatchObject({ status: 'failed', failedReason: expect.stringMatching(/^orphaned/) });
    expect((await server.asAdmin('GET', `/v1/refresh-runs/${runId}`)).body).toMatchObject({ state: 'failed' });

    // A healthy worker completes the replacement; a second check finds nothing more to do.
    const second = await startBullmqWorker(handlers, { ...options, concurrency: 2 });
    cleanups.push(() => second.close());
    const replacement = (await scores.runningRuns()).map((r) => r.runId);
    const queued = await waitFor(
      'the replacement run',
      async () => {
        const runs = await scores.recentRuns(5);
        return runs.find((r) => r.runId !== runId && r.status === 'current');
      },
      30_000,
    );
    expect(replacement.every((id) => id === queued.runId)).toBe(true);
    expect((await finished(queue, queued.runId)).state).toBe('completed');
    expect(await watchdog.check()).toEqual({ scheduleRecreated: false, orphans: [], replacements: [] });
  }, 60_000);

  it('when Redis cannot be reached, then the watchdog reports it instead of calling the schedule present', async () => {
    const queue = new BullmqQueue({ redisUrl: 'redis://127.0.0.1:1', prefix: 'test-unreachable' });
    cleanups.push(() => Promise.race([queue.close(), new Promise((resolve) => setTimeout(resolve, 1000))]));
    const watchdog = new RefreshWatchdog({ queue, scores: new EmbeddedPartnerScores(), cron: CRON, logger: pino({ level: 'silent' }) });
    const [schedule] = await watchdog.health();
    expect(schedule).toMatchObject({
      name: 'refresh:schedule',
      ok: false,
      detail: expect.stringMatching(/^not checked: /),
    });
  }, 30_000);
});
