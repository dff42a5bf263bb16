import { afterEach, describe, expect, it, vi } from 'vitest';
import { CronError, parseCron } from '../../../src/queue/cron.ts';
import { InProcessQueue } from '../../../src/queue/inprocess-queue.ts';
import type { RefreshHandlers } from '../../../src/queue/types.ts';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);

describe('parseCron (cron-parser, as BullMQ parses the same patterns)', () => {
  it('when the pattern is nightly at 02:00, then the next run is the coming 02:00', () => {
    const nightly = parseCron('0 2 * * *');
    expect(nightly.next(local(2026, 3, 1, 1, 59))).toEqual(local(2026, 3, 1, 2, 0));
    expect(nightly.next(local(2026, 3, 1, 2, 0))).toEqual(local(2026, 3, 2, 2, 0));
  });

  it('when steps, ranges, lists and names are used, then they match as in cron', () => {
    expect(parseCron('*/15 9-10 * * 1-5').next(local(2026, 3, 6, 10, 50))).toEqual(local(2026, 3, 9, 9, 0)); // Friday evening → Monday 09:00
    expect(parseCron('*/15 9-10 * * MON-FRI').next(local(2026, 3, 9, 10, 30))).toEqual(local(2026, 3, 9, 10, 45));
    expect(parseCron('0 0 * * 0').next(local(2026, 3, 7))).toEqual(local(2026, 3, 8)); // Sunday as 0
    expect(parseCron('0 0 * * 7').next(local(2026, 3, 7))).toEqual(local(2026, 3, 8)); // and as 7
    expect(parseCron('0 0 10,20 * *').next(local(2026, 3, 10))).toEqual(local(2026, 3, 20));
  });

  it('when both day of month and day of week are restricted, then either one matches', () => {
    const either = parseCron('0 0 1 * 1');
    expect(either.next(local(2026, 3, 29))).toEqual(local(2026, 3, 30)); // a Monday
    expect(either.next(local(2026, 3, 30))).toEqual(local(2026, 4, 1)); // the 1st, a Wednesday
  });

  it('when a pattern is malformed or has fields missing, then CronError names it', () => {
    for (const bad of ['every night', '0 2 * *', '', '61 * * * *', '*/0 * * * *', '5-1 * * * *', '0 2 * * 1 * 9']) {
      expect(() => parseCron(bad), bad).toThrow(CronError);
    }
    expect(() => parseCron('0 2 * *')).toThrow('queue/cron: invalid pattern "0 2 * *": expected 5 fields');
  });
});

describe('the in-process runner on a schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the clock passes two due times, then a run is queued at each, and none before', async () => {
    vi.useFakeTimers({ now: local(2026, 3, 1, 1, 58, 30) });
    const planned: number[] = [];
    const handlers: RefreshHandlers = {
      planRun: async (data) => {
        planned.push(Date.now());
        return { runId: String((data as { runId: string }).runId), shards: [], commit: {} };
      },
      scoreShard: async () => ({}),
      commitRun: async () => ({}),
      runFailed: async () => {},
      refreshOrganisation: async () => ({ cascade: [] }),
      incrementalRun: async () => ({}),
    };
    const queue = new InProcessQueue(handlers, { concurrency: 1 });
    try {
      await queue.scheduleRuns('*/2 * * * *');
      await vi.advanceTimersByTimeAsync(60_000); // 01:59:30
      expect(planned).toEqual([]);
      await vi.advanceTimersByTimeAsync(4 * 60_000); // 02:03:30: due at 02:00 and 02:02
      expect(planned).toEqual([local(2026, 3, 1, 2, 0).getTime(), local(2026, 3, 1, 2, 2).getTime()]);
    } finally {
      await queue.close();
    }
  });
});
