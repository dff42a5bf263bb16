/**
 * The run index's memory of blocking answers (src/refresh/memo-index.ts) must answer exactly as the cell index:
 * every seeker's query of a generated dataset, asked in id order as shards ask them, with the seeker excluded, and
 * the same queries again with other exclusions and limits, through a memory small enough to drop answers.
 */
import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { listQuery } from '../../../src/refresh/compute-lists.ts';
import { MemoCellIndex } from '../../../src/refresh/memo-index.ts';
import { partnershipGraphOf } from '../../../src/organisations/partnership-graph.ts';
import { CellIndex } from '../../../src/store/cell-index.ts';
import type { CandidateQuery } from '../../../src/store/types.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
// dense on purpose: 1,500 organisations in 3 authorities, so queries repeat and pools pass the cap
const orgs = syntheticOrganisations(ref, { count: 1500, seed: 11, idPrefix: 'MEMO-', lads: placesFor(ref, 3) });
const partnerships = partnershipGraphOf(orgs);
const queries: CandidateQuery[] = orgs.map(
  (seeker) => listQuery(ref, seeker, { asOf: new Date('2026-03-01'), maxCandidates: 40, partnerships }).query,
);
const ids = (found: { id: string }[]) => found.map((o) => o.id);

describe('MemoCellIndex', () => {
  it('when every seeker asks its blocking query, then each answer is the cell index’s, and repeated queries come from memory', () => {
    const plain = new CellIndex(orgs);
    const memo = new MemoCellIndex(orgs, undefined, 64);

    for (const query of queries) expect(ids(memo.find(query))).toEqual(ids(plain.find(query)));

    const { asked, answered, kept } = memo.memoStats();
    expect(asked).toBe(queries.length);
    expect(answered).toBeGreaterThan(queries.length / 4); // 526 distinct queries among the 1,500, 64 kept at a time
    expect(kept).toBeLessThanOrEqual(64);
  });

  it('when the same query comes with other exclusions, limits and code orders, then the answers still match', () => {
    const plain = new CellIndex(orgs);
    const memo = new MemoCellIndex(orgs, undefined, 8);
    for (let i = 0; i < 400; i++) {
      const base = queries[(i * 7) % queries.length];
      const top = plain.find({ ...base, excludeIds: [], limit: 20 });
      const variants: CandidateQuery[] = [
        base,
        // the best hits excluded, so the kept answer must reach past them
        { ...base, excludeIds: ids(top.slice(0, 5)), limit: 15 },
        { ...base, serviceCodes: [...base.serviceCodes].reverse(), areaCodes: base.areaCodes && [...base.areaCodes, ...base.areaCodes] },
        { ...base, limit: 1 + (i % 50) },
        { ...base, limit: 0 },
      ];
      for (const query of variants) expect(ids(memo.find(query))).toEqual(ids(plain.find(query)));
    }
  });

  it('when an answer is changed by its caller or the index is written, then later answers are not', () => {
    const memo = new MemoCellIndex(orgs, undefined, 8);
    const query = queries[0];
    const first = memo.find(query);
    const expected = ids(first);
    first.length = 0;
    expect(ids(memo.find(query))).toEqual(expected);

    const closed = orgs.filter((o) => expected.includes(o.id)).map((o) => ({ ...o, openToPartnering: false }));
    memo.set(closed);
    expect(ids(memo.find(query))).toEqual(ids(new CellIndex([...orgs.filter((o) => !expected.includes(o.id)), ...closed]).find(query)));
    expect(ids(memo.find(query)).some((id) => expected.includes(id))).toBe(false);
  });
});
