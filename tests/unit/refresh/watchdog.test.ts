import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../../src/refresh/embedded-partner-scores.ts';
import { RefreshWatchdog } from '../../../src/refresh/watchdog.ts';
import { RecordingHandlers, waitFor } from '../../contract/queue-contract.ts';

const at = '2026-01-01T02:00:00.000Z';
const queues: InProcessQueue[] = [];
afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
});

describe('refresh watchdog', () => {
  it('when an orphaned run is replaced, then the replacement is of the same kind', async () => {
    const handlers = new RecordingHandlers();
    const queue = new InProcessQueue(handlers, { concurrency: 1, backoffMs: 5 });
    queues.push(queue);
    const scores = new EmbeddedPartnerScores();
    const base = { scope: '', asOf: at, startedAt: at, organisations: 1, shards: 0, topK: 5 };
    await scores.beginRun({ ...base, runId: 'run-lost-inc', kind: 'incremental', baseRunId: 'run-base' });
    await scores.beginRun({ ...base, runId: 'run-lost-full', shards: 1 });
    const watchdog = new RefreshWatchdog({ queue, scores, cron: '0 2 * * *', logger: pino({ level: 'silent' }), graceMs: 0 });

    const result = await watchdog.check();

    expect([...result.orphans].sort()).toEqual(['run-lost-full', 'run-lost-inc']);
    const [incReplacement, fullReplacement] = ['run-lost-inc', 'run-lost-full'].map(
      (id) => result.replacements[result.orphans.indexOf(id)],
    );
    await waitFor('both replacements to run', async () =>
      handlers.calls.includes(`incremental ${incReplacement} inc-${incReplacement}`) && handlers.calls.includes(`plan ${fullReplacement}`)
        ? true
        : undefined,
    );
    expect(handlers.calls.filter((c) => c.startsWith('incremental'))).toEqual([`incremental ${incReplacement} inc-${incReplacement}`]);
  });

  it('when the schedule went missing, then the incremental schedule is re-created with it', async () => {
    const queue = new InProcessQueue(new RecordingHandlers(), { concurrency: 1 });
    queues.push(queue);
    const scheduled: string[] = [];
    const spy = Object.assign(Object.create(queue) as InProcessQueue, {
      scheduleRuns: async (cron: string, request?: { kind?: string }) => {
        scheduled.push(`${request?.kind ?? 'full'} ${cron}`);
        await queue.scheduleRuns(cron, request as never);
      },
    });
    const watchdog = new RefreshWatchdog({
      queue: spy,
      scores: new EmbeddedPartnerScores(),
      cron: '0 2 * * *',
      incrementalCron: '0 * * * *',
      logger: pino({ level: 'silent' }),
    });

    expect((await watchdog.check()).scheduleRecreated).toBe(true);
    expect(scheduled).toEqual(['full 0 2 * * *', 'incremental 0 * * * *']);
  });
});
