/**
 * The JobQueue contract (src/queue/types.ts), one suite run against the in-process runner and BullMQ on the
 * real Redis. The handlers here are plain recording implementations (no store), so the suite is about the
 * queue only: the order of a run's steps, retries, unrecoverable failures, de-duplication and status.
 * Each test gets a fresh queue (BullMQ: a fresh key prefix, obliterated afterwards).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CronError } from '../../src/queue/cron.ts';
import type { JobContext, JobQueue, JsonObject, RefreshHandlers, RunPlan, RunQueueStatus } from '../../src/queue/types.ts';
import { StoreUnavailableError } from '../../src/shared/errors.ts';
import { InvalidJobError } from '../../src/refresh/errors.ts';

export interface QueueHarness {
  queue: JobQueue;
  close(): Promise<void>;
}

/** Creates a queue running `handlers` (with worker(s) attached) with fast retries: backoff ~20 ms, debounce ~50 ms. */
export type QueueFactory = (handlers: RefreshHandlers) => Promise<QueueHarness>;

/** Records every call; shards listed in `flaky` fail once (retriably), those in `broken` fail for good. */
export class RecordingHandlers implements RefreshHandlers {
  readonly calls: string[] = [];
  readonly failedRuns: { runId: string; reason: string }[] = [];
  readonly refreshed: JsonObject[] = [];
  readonly attempts = new Map<string, number>();
  flaky = new Set<number>();
  broken = new Set<number>();
  /** organisation refresh → ids it says to cascade to */
  cascades = new Map<string, string[]>();
  shardsPerRun = 3;
  /** incremental runs fail for good with this (unrecoverable) reason */
  incrementalFails: string | undefined;
  private active = 0;
  maxActive = 0;

  async planRun(data: unknown, ctx: JobContext): Promise<RunPlan> {
    const { runId } = data as { runId: string };
    this.calls.push(`plan ${runId}`);
    await ctx.progress({ phase: 'planning' });
    const shards = Array.from({ length: this.shardsPerRun }, (_, shard) => ({ runId, shard }));
    return { runId, shards, commit: { runId } };
  }

  async scoreShard(data: unknown, ctx: JobContext): Promise<JsonObject> {
    const { runId, shard } = data as { runId: string; shard: number };
    const key = `${runId}/${shard}`;
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (this.broken.has(shard)) throw new InvalidJobError('score-shard', `shard ${shard} is broken`);
      if (this.flaky.has(shard) && this.attempts.get(key) === 1) throw new StoreUnavailableError(`shard ${shard}: store blinked`);
      await ctx.progress(100);
      this.calls.push(`shard ${runId}/${shard}`);
      return { shard };
    } finally {
      this.active--;
    }
  }

  async commitRun(data: unknown): Promise<JsonObject> {
    const { runId } = data as { runId: string };
    this.calls.push(`commit ${runId}`);
    return { runId };
  }

  async runFailed(runId: string, reason: string): Promise<void> {
    this.failedRuns.push({ runId, reason });
  }

  async incrementalRun(data: unknown, ctx: JobContext): Promise<JsonObject> {
    const { runId } = data as { runId: string };
    this.calls.push(`incremental ${runId} ${ctx.jobId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.incrementalFails) throw new InvalidJobError('incremental-run', this.incrementalFails);
    return { runId };
  }

  async refreshOrganisation(data: unknown): Promise<{ cascade: readonly string[] } & JsonObject> {
    const payload = data as { orgId: string; cascade: boolean };
    this.refreshed.push(payload);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { orgId: payload.orgId, cascade: payload.cascade ? (this.cascades.get(payload.orgId) ?? []) : [] };
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function finished(queue: JobQueue, runId: string): Promise<RunQueueStatus> {
  return waitFor(`run ${runId} to finish`, async () => {
    const status = await queue.runStatus(runId);
    return status && (status.state === 'completed' || status.state === 'failed') ? status : undefined;
  });
}

export function describeQueueContract(name: string, factory: QueueFactory): void {
  describe(`JobQueue contract: ${name}`, () => {
    let harness: QueueHarness | undefined;
    const start = async (handlers: RefreshHandlers) => {
      harness = await factory(handlers);
      return harness.queue;
    };
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    it('when a run is queued, then it is planned, every shard runs once and the commit runs after all of them', async () => {
      const handlers = new RecordingHandlers();
      const queue = await start(handlers);

      const { runId } = await queue.enqueueRun({ runId: 'run-order' });
      const status = await finished(queue, runId);

      expect(status).toMatchObject({ runId, state: 'completed', shards: { total: 3, done: 3, failed: 0 } });
      expect(handlers.calls[0]).toBe('plan run-order');
      expect(handlers.calls.at(-1)).toBe('commit run-order');
      expect(handlers.calls.slice(1, -1).sort()).toEqual(['shard run-order/0', 'shard run-order/1', 'shard run-order/2']);
      expect(handlers.failedRuns).toEqual([]);
    });

    it('when an incremental run is queued, then one incremental-run job (inc-<run>) runs it, and no plan, shard or commit', async () => {
      const handlers = new RecordingHandlers();
      const queue = await start(handlers);

      await queue.enqueueRun({ runId: 'run-inc', kind: 'incremental' });
      await queue.enqueueRun({ runId: 'run-inc', kind: 'incremental' });
      const status = await finished(queue, 'run-inc');

      expect(status).toMatchObject({ runId: 'run-inc', state: 'completed', shards: { total: 0, done: 0, failed: 0 } });
      expect(handlers.calls).toEqual(['incremental run-inc inc-run-inc']);
      expect(handlers.failedRuns).toEqual([]);
    });

    it('when an incremental run fails for good, then its status says why and the run is marked failed', async () => {
      const handlers = new RecordingHandlers();
      handlers.incrementalFails = 'base run has no state; run a full refresh';
      const queue = await start(handlers);

      const status = await finished(queue, (await queue.enqueueRun({ runId: 'run-inc-bad', kind: 'incremental' })).runId);

      expect(status.state).toBe('failed');
      expect(status.failedReason).toContain('base run has no state; run a full refresh');
      await waitFor('the run to be marked failed', async () => (handlers.failedRuns.length > 0 ? true : undefined));
      expect(handlers.failedRuns[0]).toMatchObject({ runId: 'run-inc-bad' });
      expect(handlers.failedRuns[0].reason).toContain('base run has no state');
      expect(handlers.calls).toEqual(['incremental run-inc-bad inc-run-inc-bad']);
    });

    it('when incremental runs are scheduled, then the full runs stay scheduled as they were', async () => {
      const queue = await start(new RecordingHandlers());
      expect(await queue.isScheduled()).toBe(false);
      await queue.scheduleRuns('0 3 * * *', { kind: 'incremental' });
      expect(await queue.isScheduled()).toBe(false);
      await queue.scheduleRuns('0 2 * * *');
      await queue.scheduleRuns('*/30 * * * *', { kind: 'incremental' });
      expect(await queue.isScheduled()).toBe(true);
    });

    it('when no run id is given, then one is generated and reported', async () => {
      const queue = await start(new RecordingHandlers());
      const { runId } = await queue.enqueueRun();
      expect(runId).toMatch(/^run-\d{8}T\d{6}Z-[0-9a-f]{4}$/);
      expect((await finished(queue, runId)).state).toBe('completed');
    });

    it('when the same run id is queued twice, then the run happens once', async () => {
      const handlers = new RecordingHandlers();
      const queue = await start(handlers);

      await queue.enqueueRun({ runId: 'run-twice' });
      await queue.enqueueRun({ runId: 'run-twice' });
      await finished(queue, 'run-twice');

      expect(handlers.calls.filter((c) => c.startsWith('plan'))).toEqual(['plan run-twice']);
      expect(handlers.calls.filter((c) => c.startsWith('commit'))).toEqual(['commit run-twice']);
    });

    it('when a shard fails with a retriable error, then it is retried and the run completes', async () => {
      const handlers = new RecordingHandlers();
      handlers.flaky = new Set([1]);
      const queue = await start(handlers);

      const status = await finished(queue, (await queue.enqueueRun({ runId: 'run-flaky' })).runId);

      expect(status.state).toBe('completed');
      expect(handlers.attempts.get('run-flaky/1')).toBe(2);
      expect(handlers.calls).toContain('commit run-flaky');
    });

    it('when a shard fails with an unrecoverable error, then it is not retried, the run fails and never commits', async () => {
      const handlers = new RecordingHandlers();
      handlers.broken = new Set([2]);
      const queue = await start(handlers);

      const status = await finished(queue, (await queue.enqueueRun({ runId: 'run-broken' })).runId);

      expect(status.state).toBe('failed');
      expect(handlers.attempts.get('run-broken/2')).toBe(1);
      expect(handlers.calls).not.toContain('commit run-broken');
      await waitFor('the run to be marked failed', async () => (handlers.failedRuns.length > 0 ? true : undefined));
      expect(handlers.failedRuns[0].runId).toBe('run-broken');
      expect(handlers.failedRuns[0].reason).toMatch(/shard 2 is broken/);
    });

    it('when a run has no organisations, then it commits straight away', async () => {
      const handlers = new RecordingHandlers();
      handlers.shardsPerRun = 0;
      const queue = await start(handlers);

      const status = await finished(queue, (await queue.enqueueRun({ runId: 'run-empty' })).runId);

      expect(status).toMatchObject({ state: 'completed', shards: { total: 0, done: 0 } });
      expect(handlers.calls).toEqual(['plan run-empty', 'commit run-empty']);
    });

    it('when an organisation refresh is queued several times at once, then it runs once, and its cascade runs without cascading further', async () => {
      const handlers = new RecordingHandlers();
      handlers.cascades.set('ORG-A', ['ORG-B', 'ORG-C']);
      handlers.cascades.set('ORG-B', ['ORG-A']);
      const queue = await start(handlers);

      await queue.enqueueOrganisationRefresh(['ORG-A', 'ORG-A']);
      await queue.enqueueOrganisationRefresh(['ORG-A']);

      await waitFor('the cascade', async () => (handlers.refreshed.length >= 3 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seen = handlers.refreshed.map((r) => `${String(r.orgId)}:${String(r.cascade)}`).sort();
      expect(seen).toEqual(['ORG-A:true', 'ORG-B:false', 'ORG-C:false']);
    });

    it('when a run is unknown, then its status is undefined', async () => {
      const queue = await start(new RecordingHandlers());
      expect(await queue.runStatus('run-nobody-queued')).toBeUndefined();
    });

    it('when a cron pattern is scheduled, then a valid one is accepted and a bad one is refused', async () => {
      const queue = await start(new RecordingHandlers());
      await expect(queue.scheduleRuns('0 2 * * *')).resolves.toBeUndefined();
      await expect(queue.scheduleRuns('every night')).rejects.toBeInstanceOf(CronError);
    });

    it('when the nightly run is scheduled, then the queue says so, and not before', async () => {
      const queue = await start(new RecordingHandlers());
      expect(await queue.isScheduled()).toBe(false);
      await queue.scheduleRuns('0 2 * * *');
      expect(await queue.isScheduled()).toBe(true);
    });

    it('when runs have completed, then no job is counted waiting or active', async () => {
      const queue = await start(new RecordingHandlers());
      await finished(queue, (await queue.enqueueRun({ runId: 'run-counted' })).runId);
      expect(await queue.jobCounts()).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    });

    it('when the queue is up, then its health check says so', async () => {
      const queue = await start(new RecordingHandlers());
      expect(await queue.health()).toMatchObject({ ok: true });
    });
  });
}
