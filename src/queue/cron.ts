/**
 * Cron patterns of the refresh schedule (REFRESH_CRON), parsed by cron-parser: the library BullMQ's job scheduler
 * parses them with, at the same version (package.json pins the one BullMQ pins, so npm keeps a single copy). Both
 * runners therefore accept the same patterns and fire at the same instants: 5 fields (minute hour day-of-month month
 * day-of-week), or 6 with seconds first; `*`, numbers, names (MON, JAN), ranges, steps, lists, `L`, `#`; Sunday is
 * 0 or 7; when day of month and day of week are both restricted, a day matching either matches. Server time zone.
 */
import { CronExpressionParser } from 'cron-parser';

export class CronError extends Error {
  constructor(pattern: string, detail: string) {
    super(`queue/cron: invalid pattern "${pattern}": ${detail}`);
    this.name = 'CronError';
  }
}

export interface CronSchedule {
  /** The first instant strictly after `after` that the pattern names. */
  next(after: Date): Date;
}

/**
 * Throws CronError naming the pattern and what is wrong with it. Stricter than cron-parser on one point: it fills
 * in missing fields ("0 2 * *", even "" is every minute), which would turn a typo into a schedule, so a pattern
 * must have 5 or 6 fields or be one of its @ names (@daily, @weekly, …).
 */
export function parseCron(pattern: string): CronSchedule {
  const text = pattern.trim();
  const fields = text.split(/\s+/).length;
  if (!text.startsWith('@') && fields !== 5 && fields !== 6)
    throw new CronError(pattern, `expected 5 fields (or 6 with seconds first), got ${text === '' ? 0 : fields}`);
  const parse = (currentDate?: Date) => {
    try {
      return CronExpressionParser.parse(text, currentDate ? { currentDate } : {});
    } catch (error) {
      throw new CronError(pattern, error instanceof Error ? error.message : String(error));
    }
  };
  parse(); // refuse a bad pattern now, not when the schedule is first due
  return { next: (after) => parse(after).next().toDate() };
}
