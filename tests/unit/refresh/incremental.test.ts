import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildSnapshot, computeList, type ListOptions, type RunSnapshot } from '../../../src/refresh/compute-lists.ts';
import { changedOrganisations, incrementalLists } from '../../../src/refresh/incremental.ts';
import type { PartnerList } from '../../../src/refresh/types.ts';
import { editSome, placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
// A small cap and K so the candidate cap binds (pools of hundreds cut to 25): the hard case for the affected set.
const options: ListOptions = { topK: 6, maxCandidates: 25, asOf: new Date('2026-06-01T00:00:00Z'), computedAt: 'fixed' };

function fullLists(snapshot: RunSnapshot): Map<string, PartnerList> {
  return new Map([...snapshot.byId.values()].map((o) => [o.id, computeList(ref, snapshot, o, options)]));
}

describe('incremental refresh (pure)', () => {
  const lads = placesFor(ref, 4);
  // each seed's run, computed once (the exercised-case check below reuses them, and works alone under -t)
  const runs = new Map<number, ReturnType<typeof runSeed>>();
  function runSeed(seed: number) {
    const orgs = syntheticOrganisations(ref, { count: 500, seed, lads, idPrefix: 'INC-', partnerships: 2 });
    const before = buildSnapshot(ref, orgs);
    const base = fullLists(before);
    const after = buildSnapshot(ref, editSome(orgs, seed * 7919, 0.02));
    return { base, after, result: incrementalLists(ref, before, after, (id) => base.get(id), options) };
  }
  const run = (seed: number) => runs.get(seed) ?? runs.set(seed, runSeed(seed)).get(seed)!;

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`when ~2% of organisations change (seed ${seed}), then the base lists with the recomputed ones equal a full recomputation`, () => {
      const { base, after, result } = run(seed);
      const merged = new Map(base);
      for (const id of result.removed) merged.delete(id);
      for (const list of result.lists) merged.set(list.seekerId, list);

      expect(merged).toEqual(fullLists(after));
      // not everyone: the point of the exercise
      expect(result.lists.length - result.repairs).toBeLessThan(after.byId.size * 0.5);
      expect(result.repairs).toBeGreaterThan(0);
    });
  }

  it('when the cap lets unchanged organisations into a pool, then repairs score them (the case the seeds exercise)', () => {
    expect([1, 2, 3, 4, 5, 6].reduce((sum, seed) => sum + run(seed).result.entering, 0)).toBeGreaterThan(0);
  });

  it('when nothing changed, then nothing is recomputed', () => {
    const orgs = syntheticOrganisations(ref, { count: 200, seed: 9, lads, idPrefix: 'INC-' });
    const before = buildSnapshot(ref, orgs);
    const base = fullLists(before);
    const result = incrementalLists(
      ref,
      before,
      buildSnapshot(
        ref,
        orgs.map((o) => structuredClone(o)),
      ),
      (id) => base.get(id),
      options,
    );
    expect(result).toEqual({
      changed: new Set(),
      lists: [],
      removed: [],
      repairs: 0,
      recomputed: { changedSeeker: 0, noBaseList: 0, repairIncomplete: 0 },
      entering: 0,
    });
  });

  it('when an organisation records a partnership, then both ends count as changed', () => {
    const orgs = syntheticOrganisations(ref, { count: 50, seed: 3, lads, idPrefix: 'INC-', partnerships: 0 });
    const after = orgs.map((o) => structuredClone(o));
    after[10].partnerships = [{ partnerId: after[20].id, model: 'alliance', year: 2021, outcome: 'won', success: 5 }];
    expect([...changedOrganisations(buildSnapshot(ref, orgs), buildSnapshot(ref, after))].sort()).toEqual(
      [after[10].id, after[20].id].sort(),
    );
  });
});
