import { describe, expect, it } from 'vitest';
import { CronError, parseCron } from '../../../src/queue/cron.ts';

const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi);

describe('parseCron', () => {
  it('when the pattern is nightly at 02:00, then the next run is the coming 02:00', () => {
    const nightly = parseCron('0 2 * * *');
    expect(nightly.next(local(2026, 3, 1, 1, 59))).toEqual(local(2026, 3, 1, 2, 0));
    expect(nightly.next(local(2026, 3, 1, 2, 0))).toEqual(local(2026, 3, 2, 2, 0));
  });

  it('when steps, ranges and lists are used, then they match as in cron', () => {
    const every15 = parseCron('*/15 9-10 * * 1-5');
    expect(every15.next(local(2026, 3, 6, 10, 50))).toEqual(local(2026, 3, 9, 9, 0)); // Friday evening → Monday 09:00
    expect(every15.matches(local(2026, 3, 9, 10, 45))).toBe(true);
    expect(every15.matches(local(2026, 3, 9, 10, 46))).toBe(false);
    expect(parseCron('0 0 * * 0').matches(local(2026, 3, 8))).toBe(true); // Sunday as 0
    expect(parseCron('0 0 * * 7').matches(local(2026, 3, 8))).toBe(true); // and as 7
  });

  it('when both day of month and day of week are restricted, then either one matches', () => {
    const either = parseCron('0 0 1 * 1');
    expect(either.matches(local(2026, 4, 1))).toBe(true); // the 1st, a Wednesday
    expect(either.matches(local(2026, 3, 9))).toBe(true); // a Monday
    expect(either.matches(local(2026, 3, 10))).toBe(false);
  });

  it('when a pattern is malformed, then CronError names it', () => {
    for (const bad of ['every night', '0 2 * *', '61 * * * *', '0 2 * * mon', '*/0 * * * *', '5-1 * * * *']) {
      expect(() => parseCron(bad), bad).toThrow(CronError);
    }
  });
});
