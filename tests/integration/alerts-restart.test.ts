/**
 * The embedded default (STORE=embedded, QUEUE=inprocess): an alerts run the process was running when it stopped is
 * queued again at boot (src/alerts/interrupted-runs.ts, called by startAlerts) and finishes with the same ledger as the
 * single-process run; a run stopped while delivering only delivers; a run stopped too often is failed with a reason.
 * The stopped process is played by the run's own handlers, left part way through on a store in a data directory
 * that is then closed and opened again, as the next boot opens it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { alertHandlers } from '../../src/alerts/jobs.ts';
import { alertNotice, savedPreferences } from '../../src/alerts/run.ts';
import { getAlertRun, saveAlertRun, shardsDone } from '../../src/alerts/run-record.ts';
import { ALERT_RUN_DEFAULTS } from '../../src/alerts/run-settings.ts';
import { startAlerts } from '../../src/alerts/wiring.ts';
import { loadConfig } from '../../src/config.ts';
import type { JobContext } from '../../src/queue/types.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { noEvents } from '../../src/shared/deps.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../../src/store/embedded/persistence/store-file.ts';
import { waitFor } from '../contract/queue-contract.ts';
import { directLedger, ledgerOf, northernIrelandWorld, RUN_AT, type AlertsWorld } from '../support/alerts-queue.ts';
import { tempDataDirectory } from '../support/reopening.ts';

const ref = defaultReference();
const silent = pino({ level: 'silent' });
const ctx: JobContext = { jobId: 'job', queuedAt: Date.parse(RUN_AT), attempt: 1, progress: async () => {}, log: async () => {} };
const SHARD_SIZE = 2;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A world, and a data directory whose store holds its organisations; `open` gives the store as a boot would. */
function setUp(tag: string, orgs = 200, notices = 12) {
  const prefix = `${tag}-${randomBytes(3).toString('hex')}-`;
  const world = northernIrelandWorld(ref, prefix, orgs, notices);
  cleanups.push(() => rmSync(world.feed, { recursive: true, force: true }));
  const data = tempDataDirectory('consortia-alerts-restart-');
  data.persistence.close(); // each "process" below opens the directory itself
  cleanups.push(() => rmSync(data.dir, { recursive: true, force: true }));
  const open = () => {
    const store = new EmbeddedStore({ persistence: openDataDirectory(data.dir) });
    cleanups.push(() => store.close());
    return store;
  };
  return { prefix, world, open };
}

/** The process that stops: the run's handlers on the data directory's store, with whatever `deliver` says. */
function stoppingProcess(store: EmbeddedStore, world: AlertsWorld, deliver?: () => Promise<never>) {
  return alertHandlers({ store, ref, now: () => new Date(RUN_AT), logger: silent, feed: world.feed, shardSize: SHARD_SIZE, deliver });
}

/** The next boot: the API process's alerts wiring, as main.ts starts it, on the embedded store and in-process queue. */
async function boot(store: EmbeddedStore, world: AlertsWorld) {
  const config = loadConfig({ STORE: 'embedded', QUEUE: 'inprocess', ALERTS_FEED: world.feed, ALERTS_SHARD_SIZE: String(SHARD_SIZE) });
  const alerts = await startAlerts(config, { store, ref, now: () => new Date(RUN_AT), events: noEvents, logger: silent });
  cleanups.push(() => alerts.close());
  return alerts;
}

const finished = (store: EmbeddedStore, runId: string) =>
  waitFor(
    `run ${runId} to finish`,
    async () => {
      const run = await getAlertRun(store.records, runId);
      return run?.status === 'completed' || run?.status === 'failed' ? run : undefined;
    },
    45_000,
  );

describe('alerts runs left unfinished by a stopped process, at the next boot (embedded store, in-process queue)', () => {
  it('when the process stopped mid-run, then boot queues the run again and it completes with the single-process ledger', async () => {
    const { prefix, world, open } = setUp('ARS');
    const expected = await directLedger(ref, world, prefix);
    expect(expected.size).toBeGreaterThan(12);
    const before = open();
    await before.upsertOrganisations(world.orgs);
    const stopping = stoppingProcess(before, world);
    const plan = await stopping.planRun({ runId: 'stopped', asOf: RUN_AT }, ctx);
    expect(plan.shards).toHaveLength(6);
    for (const shard of plan.shards.slice(0, 3)) await stopping.scoreShard(shard, ctx);
    // the fourth shard is cut off after its first notice: its entries are written, its result is not
    const preferences = await savedPreferences(before);
    const [cutOff] = plan.shards[3].notices as { id: string; version: string }[];
    expect(
      (await alertNotice({ store: before, ref, now: () => new Date(RUN_AT) }, cutOff, preferences, new Date(RUN_AT))).written,
    ).toBeGreaterThan(0);
    await before.close();

    const store = open();
    expect(await getAlertRun(store.records, 'stopped')).toMatchObject({ status: 'running' });
    expect(await shardsDone(store.records, 'stopped')).toBe(3);
    await boot(store, world);
    const run = await finished(store, 'stopped');

    expect(run).toMatchObject({ status: 'completed', resumes: 1, shards: 6, alreadyHeld: expect.any(Number) as number });
    expect(run.written! + run.alreadyHeld!).toBe(expected.size); // shards redone wrote nothing twice
    const got = await ledgerOf(store.records, prefix); // throws on a second entry for one organisation and notice
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, entry] of expected) expect(got.get(key), key).toEqual(entry);
    for (const notice of run.notices)
      expect((await store.records.getRecord('alert-tender', notice.id))?.doc, notice.id).toEqual({ version: notice.version });
  }, 90_000);

  it('when the process stopped while delivering, then boot finishes the delivery and the run completes', async () => {
    const { world, open } = setUp('ARD', 100, 4);
    const before = open();
    await before.upsertOrganisations(world.orgs);
    const stopping = stoppingProcess(before, world, () => new Promise<never>(() => {})); // the delivery never returns
    const plan = await stopping.planRun({ runId: 'delivering', asOf: RUN_AT }, ctx);
    for (const shard of plan.shards) await stopping.scoreShard(shard, ctx);
    void stopping.commitRun(plan.commit, ctx);
    await waitFor('the run to be delivering', async () =>
      (await getAlertRun(before.records, 'delivering'))?.status === 'delivering' ? true : undefined,
    );
    const written = (await getAlertRun(before.records, 'delivering'))!.written;
    await before.close();

    const store = open();
    await boot(store, world);
    const run = await finished(store, 'delivering');

    expect(run).toMatchObject({ status: 'completed', resumes: 1, written, delivery: { organisations: 0 } });
  }, 90_000);

  it(`when a run was interrupted ${ALERT_RUN_DEFAULTS.maxResumes} times already, then boot fails it with the reason instead of queueing it`, async () => {
    const { world, open } = setUp('ARF', 100, 4);
    const before = open();
    await before.upsertOrganisations(world.orgs);
    await stoppingProcess(before, world).planRun({ runId: 'again', asOf: RUN_AT }, ctx);
    await saveAlertRun(before.records, { ...(await getAlertRun(before.records, 'again'))!, resumes: ALERT_RUN_DEFAULTS.maxResumes });
    await before.close();

    const store = open();
    const alerts = await boot(store, world);

    expect(await getAlertRun(store.records, 'again')).toMatchObject({
      status: 'failed',
      failedReason: `interrupted: the process running it stopped ${ALERT_RUN_DEFAULTS.maxResumes + 1} times`,
      endedAt: RUN_AT,
    });
    expect(await alerts.queue.runStatus('again')).toBeUndefined();
    expect(await shardsDone(store.records, 'again')).toBe(0);
  });
});
