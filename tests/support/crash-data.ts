/** The records tests/support/crash-writer.ts writes, rebuilt by the test to check what survived. */
import { FACTORS, type FactorName } from '../../src/matching/settings.ts';
import type { FactorScore } from '../../src/matching/score.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import type { NewRun, PartnerList } from '../../src/refresh/types.ts';
import { buildOrganisation } from '../builders.ts';

export const BATCH = 200;

export const CRASH_RUN: NewRun = {
  runId: 'crash-run',
  scope: '',
  asOf: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  organisations: 1_000_000,
  shards: 5_000,
  topK: 3,
};

export const crashId = (n: number, i: number) => `CRASH-${String(n).padStart(4, '0')}-${String(i).padStart(3, '0')}`;

export function crashBatch(n: number): Organisation[] {
  return Array.from({ length: BATCH }, (_, i) =>
    buildOrganisation({
      id: crashId(n, i),
      name: `Crash test organisation ${n}/${i} ${'with a longer name to make the row bigger '.repeat(4)}`,
      services: ['85311000', '85312000'],
      areas: ['E08000009'],
      staff: n * 1000 + i,
    }),
  );
}

export function crashLists(n: number): PartnerList[] {
  const factors = Object.fromEntries(FACTORS.map((f) => [f, { score: 0.5, weight: 0.125 }])) as Record<FactorName, FactorScore>;
  return Array.from({ length: BATCH }, (_, i) => ({
    seekerId: crashId(n, i),
    computedAt: CRASH_RUN.asOf,
    partners: [0, 1, 2].map((k) => ({ partnerId: crashId(n, (i + k + 1) % BATCH), rank: k + 1, total: 0.9 - k / 10, factors })),
  }));
}
