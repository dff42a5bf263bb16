import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../../src/store/embedded/persistence/database.ts';
import {
  LIST_NUMBERS_OF_SEEKERS_HEX,
  LISTS_OF_SEEKERS,
  sqlitePartnerScorePersistence,
} from '../../../src/store/embedded/persistence/partner-scores-file.ts';
import { FACTORS } from '../../../src/matching/settings.ts';
import { ListScratch, packList } from '../../../src/refresh/packed-lists.ts';

describe('partner lists in the data directory', () => {
  it("when many seekers' lists are read at once, then SQLite searches the key per seeker rather than scanning the run's lists", () => {
    const database = openEmbeddedDatabase(':memory:');
    for (const sql of [LISTS_OF_SEEKERS, LIST_NUMBERS_OF_SEEKERS_HEX]) {
      const plan = database.db
        .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all('run', '["a"]')
        .map((row) => row.detail);
      expect(plan.some((step) => /^SEARCH partner_lists .*\(run_id=\? AND seeker_id=\?\)/.test(step))).toBe(true);
      expect(plan.some((step) => /^SCAN partner_lists/.test(step))).toBe(false);
    }
    database.close();
  });

  it("when many seekers' lists are read at once, then those the run holds come back equal to what was written", () => {
    const database = openEmbeddedDatabase(':memory:');
    const persistence = sqlitePartnerScorePersistence(database);
    const factors = { score: 0.5, weight: 1 };
    const list = (seekerId: string, partnerId: string) =>
      packList({
        seekerId,
        computedAt: 'at',
        partners: [{ partnerId, rank: 1, total: 0.75, factors: Object.fromEntries(FACTORS.map((f) => [f, factors])) as never }],
      });
    const entries = [list('s1', 'p1'), list('s2', 'p2'), list('s3', 'p3')].map((l, i) => [`s${i + 1}`, l] as const);
    persistence.save({ lists: { runId: 'run', entries } });

    const got = new Map(persistence.loadListsOf('run', ['s3', 'nobody', 's1']));

    expect([...got.keys()].sort()).toEqual(['s1', 's3']);
    expect(got.get('s3')).toEqual(entries[2][1]);
    expect(got.get('s1')!.ids).toEqual(['p1']);

    // with a scratch: the same lists, their numbers in it, and the next read reuses it from the start
    const scratch = new ListScratch();
    const first = new Map(persistence.loadListsOf('run', ['s3', 'nobody', 's1'], scratch));
    expect(first).toEqual(got);
    const second = new Map(persistence.loadListsOf('run', ['s2'], scratch));
    expect(second.get('s2')).toEqual(entries[1][1]);
    expect(second.get('s2')!.totals.buffer).toBe(first.get('s3')!.totals.buffer);
    expect(second.get('s2')!.totals.byteOffset).toBe(Math.min(...[...first.values()].map((l) => l.totals.byteOffset)));

    // the numbers alone: the same stamps, totals and factors, no ids
    const numbers = new Map(persistence.loadListNumbersOf('run', ['s3', 'nobody', 's1'], scratch));
    expect([...numbers.keys()].sort()).toEqual(['s1', 's3']);
    expect(numbers.get('s3')).toEqual({ computedAt: 'at', totals: entries[2][1].totals, factors: entries[2][1].factors });
    expect(numbers.get('s1')).not.toHaveProperty('ids');
    database.close();
  });
});
