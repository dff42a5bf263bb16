/**
 * A minimal 5-field cron matcher (minute hour day-of-month month day-of-week; `*`, numbers, `a-b` ranges,
 * `/n` steps and comma lists; Sunday is 0 or 7), for the in-process runner's schedule. BullMQ parses the
 * same patterns itself. Day-of-month and day-of-week combine as in Vixie cron: when both are restricted, a
 * day matching either one matches. Local time.
 */
export class CronError extends Error {
  constructor(pattern: string, detail: string) {
    super(`queue/cron: invalid pattern "${pattern}": ${detail}`);
    this.name = 'CronError';
  }
}

interface Field {
  values: ReadonlySet<number>;
  any: boolean;
}

export interface CronSchedule {
  matches(at: Date): boolean;
  /** The first whole minute strictly after `after` that matches (searches up to ~4 years). */
  next(after: Date): Date;
}

const RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

export function parseCron(pattern: string): CronSchedule {
  const parts = pattern.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(pattern, `expected 5 fields, got ${parts.length}`);
  const [minute, hour, dom, month, dowRaw] = parts.map((p, i) => field(pattern, p, RANGES[i][0], RANGES[i][1]));
  const dow: Field = { any: dowRaw.any, values: new Set([...dowRaw.values].map((d) => d % 7)) };
  const matches = (at: Date) => {
    if (!minute.values.has(at.getMinutes()) || !hour.values.has(at.getHours()) || !month.values.has(at.getMonth() + 1)) return false;
    const byDom = dom.values.has(at.getDate());
    const byDow = dow.values.has(at.getDay());
    if (dom.any || dow.any) return byDom && byDow;
    return byDom || byDow;
  };
  return {
    matches,
    next(after: Date): Date {
      const t = new Date(after.getTime());
      t.setSeconds(0, 0);
      for (let i = 0; i < 4 * 366 * 24 * 60; i++) {
        t.setMinutes(t.getMinutes() + 1);
        if (matches(t)) return new Date(t.getTime());
      }
      throw new CronError(pattern, 'never matches');
    },
  };
}

function field(pattern: string, text: string, min: number, max: number): Field {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(pattern, `bad step in "${item}"`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (/^\d+-\d+$/.test(range)) [lo, hi] = range.split('-').map(Number) as [number, number];
    else if (/^\d+$/.test(range)) [lo, hi] = [Number(range), stepText === undefined ? Number(range) : max];
    else throw new CronError(pattern, `cannot read "${item}"`);
    if (lo < min || hi > max || lo > hi) throw new CronError(pattern, `"${item}" is outside ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, any: text === '*' };
}
