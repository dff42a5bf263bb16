/**
 * ALERTS_SHARD_SIZE: validated once at boot (a bad value is refused naming the variable) and used by the alerts run's
 * planning step, which cuts the feed's notices into shards of that many (default ALERT_RUN_DEFAULTS.shardSize).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { getAlertRun } from '../../../src/alerts/run-record.ts';
import { ALERT_RUN_DEFAULTS } from '../../../src/alerts/run-settings.ts';
import { createAlertHandlers } from '../../../src/alerts/wiring.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import type { JobContext } from '../../../src/queue/types.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { alertsWorld, RUN_AT } from '../../support/alerts-queue.ts';

const ref = defaultReference();
const ctx: JobContext = { jobId: 'plan', queuedAt: Date.parse(RUN_AT), attempt: 1, progress: async () => {}, log: async () => {} };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('ALERTS_SHARD_SIZE', () => {
  it.each(['0', '-3', '2.5', 'twenty', String(ALERT_RUN_DEFAULTS.maxShardSize + 1)])(
    'when it is %s, then the configuration is refused naming ALERTS_SHARD_SIZE',
    (value) => {
      expect(() => loadConfig({ ALERTS_SHARD_SIZE: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ALERTS_SHARD_SIZE: value })).toThrow(/ALERTS_SHARD_SIZE/);
    },
  );

  it('when it is unset or within bounds, then it is accepted', () => {
    expect(loadConfig({}).ALERTS_SHARD_SIZE).toBeUndefined();
    expect(loadConfig({ ALERTS_SHARD_SIZE: '1' }).ALERTS_SHARD_SIZE).toBe(1);
    expect(loadConfig({ ALERTS_SHARD_SIZE: String(ALERT_RUN_DEFAULTS.maxShardSize) }).ALERTS_SHARD_SIZE).toBe(
      ALERT_RUN_DEFAULTS.maxShardSize,
    );
  });

  it.each([
    { setting: '7', sizes: [7, 7, 7, 7, 2] },
    { setting: undefined, sizes: [25, 5] },
  ])('when it is $setting and the feed has 30 notices, then the run is planned as shards of $sizes', async ({ setting, sizes }) => {
    const prefix = `SS-${randomBytes(3).toString('hex')}-`;
    const world = alertsWorld(ref, prefix, 120, 30);
    cleanups.push(() => rmSync(world.feed, { recursive: true, force: true }));
    const store = new EmbeddedStore();
    cleanups.push(() => store.close());
    await store.upsertOrganisations(world.orgs);
    const config = loadConfig({ ALERTS_FEED: world.feed, ...(setting ? { ALERTS_SHARD_SIZE: setting } : {}) });
    const alerts = createAlertHandlers(config, { store, ref, now: () => new Date(RUN_AT), logger: pino({ level: 'silent' }) });
    cleanups.push(() => alerts.close());

    const plan = await alerts.handlers.planRun({ runId: 'plan-1', asOf: RUN_AT }, ctx);

    expect(plan.shards.map((s) => (s.notices as unknown[]).length)).toEqual(sizes);
    expect(await getAlertRun(store.records, 'plan-1')).toMatchObject({ shards: sizes.length, shardSize: sizes[0] });
  });

  it('when a run planned at 7 is planned again after the setting changed to 25, then it is cut as it was first cut', async () => {
    const prefix = `SR-${randomBytes(3).toString('hex')}-`;
    const world = alertsWorld(ref, prefix, 120, 30);
    cleanups.push(() => rmSync(world.feed, { recursive: true, force: true }));
    const store = new EmbeddedStore();
    cleanups.push(() => store.close());
    await store.upsertOrganisations(world.orgs);
    const deps = { store, ref, now: () => new Date(RUN_AT), logger: pino({ level: 'silent' }) };
    const before = createAlertHandlers(loadConfig({ ALERTS_FEED: world.feed, ALERTS_SHARD_SIZE: '7' }), deps);
    const after = createAlertHandlers(loadConfig({ ALERTS_FEED: world.feed, ALERTS_SHARD_SIZE: '25' }), deps);
    cleanups.push(
      () => before.close(),
      () => after.close(),
    );

    const first = await before.handlers.planRun({ runId: 'replan', asOf: RUN_AT }, ctx);
    const again = await after.handlers.planRun({ runId: 'replan', asOf: RUN_AT }, ctx);

    expect(again.shards).toEqual(first.shards);
    expect(again.shards).toHaveLength(5);
  });
});
