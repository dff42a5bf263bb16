import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { computeListWithState, holdsListIds, packState, remapOrdinals, unpackState } from '../../../src/refresh/base-state.ts';
import { buildSnapshot, computeList, listQuery, type ListOptions } from '../../../src/refresh/compute-lists.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
const options: ListOptions = { topK: 6, maxCandidates: 25, asOf: new Date('2026-06-01T00:00:00Z'), computedAt: 'fixed' };

describe('base-run state', () => {
  const orgs = syntheticOrganisations(ref, { count: 400, seed: 21, lads: placesFor(ref, 4), idPrefix: 'BST-', partnerships: 2 });
  const snapshot = buildSnapshot(ref, orgs);

  it('when a list is computed with its state, then the list is the one computeList computes', () => {
    for (const org of snapshot.byId.values())
      expect(computeListWithState(ref, snapshot, org, options).list).toEqual(computeList(ref, snapshot, org, options));
  });

  it("when the cap binds, then the edge holds the pool's last members and the first hits beyond it, with their counts", () => {
    let bound = 0;
    for (const org of snapshot.byId.values()) {
      const { state, query } = computeListWithState(ref, snapshot, org, options, { tail: 3, edge: 4 });
      const hits = snapshot.index.find({ ...query, limit: Number.MAX_SAFE_INTEGER });
      expect(state.poolSize).toBe(Math.min(hits.length, options.maxCandidates));
      const from = state.poolSize - state.edgeInPool;
      expect(state.edgeIds).toEqual(hits.slice(from, state.poolSize + 4).map((o) => o.id));
      expect(state.beyondComplete).toBe(hits.length - state.poolSize < 4);
      if (hits.length > options.maxCandidates) bound++;
      // counts: a hit before another has at least as many services matched
      for (let i = 1; i < state.edgeCounts.length; i++) expect(state.edgeCounts[i]).toBeLessThanOrEqual(state.edgeCounts[i - 1]);
    }
    expect(bound).toBeGreaterThan(snapshot.byId.size / 2);
  });

  it('when the tail is kept, then it continues the list: the next best pool members with their totals', () => {
    for (const org of [...snapshot.byId.values()].slice(0, 60)) {
      const { list, state } = computeListWithState(ref, snapshot, org, options, { tail: 3, edge: 2 });
      const longer = computeList(ref, snapshot, org, { ...options, topK: options.topK + 3 });
      expect(state.tailIds).toEqual(longer.partners.slice(options.topK).map((p) => p.partnerId));
      expect(state.tailTotals).toEqual(longer.partners.slice(options.topK).map((p) => p.total));
      expect(state.tailComplete).toBe(longer.partners.length < options.topK + 3);
      expect(list.partners.length).toBe(Math.min(options.topK, longer.partners.length));
    }
  });

  it("when a state is packed, then it takes 8 + 6 bytes an edge hit or tail entry, 2 + 4 a list's partner, and unpacks to the same state", () => {
    const ids = [...snapshot.byId.keys()];
    const ordinal = new Map(ids.map((id, i) => [id, i]));
    for (const org of [...snapshot.byId.values()].slice(0, 50)) {
      const { list, state } = computeListWithState(ref, snapshot, org, options);
      expect(state.listIds).toEqual(list.partners.map((p) => p.partnerId));
      const bytes = packState(state, (id) => ordinal.get(id)!);
      expect(bytes.length).toBe(8 + 6 * (state.edgeIds.length + state.tailIds.length) + 2 + 4 * list.partners.length);
      expect(holdsListIds(bytes)).toBe(true);
      expect(unpackState(bytes, (i) => ids[i])).toEqual(state);
      // with its ordinals kept: each id's ordinal, in the same places (what a scoring thread tests changes by)
      const withOrdinals = unpackState(bytes, (i) => ids[i], true);
      const ordinalsOf = (list: string[] | undefined) => list?.map((id) => ordinal.get(id));
      expect(withOrdinals.ordinals).toEqual({
        edge: ordinalsOf(state.edgeIds),
        tail: ordinalsOf(state.tailIds),
        list: ordinalsOf(state.listIds),
      });
      expect({ ...withOrdinals, ordinals: undefined }).toEqual({ ...state, ordinals: undefined });
      // a state from before the list's partners were kept: it unpacks without them, and says so
      const { listIds: _, ...older } = state;
      const olderBytes = packState(older, (id) => ordinal.get(id)!);
      expect(olderBytes.length).toBe(8 + 6 * (state.edgeIds.length + state.tailIds.length));
      expect(holdsListIds(olderBytes)).toBe(false);
      expect(unpackState(olderBytes, (i) => ids[i])).toEqual(older);
      expect(unpackState(olderBytes, (i) => ids[i], true).ordinals).toEqual({
        edge: ordinalsOf(state.edgeIds),
        tail: ordinalsOf(state.tailIds),
      });
    }
  });

  it("when a packed state's ordinals are remapped, then the list's partners are remapped with the edge and the tail", () => {
    const ids = [...snapshot.byId.keys()];
    const ordinal = new Map(ids.map((id, i) => [id, i]));
    const reversed = [...ids].reverse();
    for (const org of [...snapshot.byId.values()].slice(0, 20)) {
      const { state } = computeListWithState(ref, snapshot, org, options);
      const bytes = packState(state, (id) => ordinal.get(id)!);
      remapOrdinals(bytes, (o) => ids.length - 1 - o);
      expect(unpackState(bytes, (i) => reversed[i])).toEqual(state);
    }
  });

  it('when the query is built for the state, then it is the one listQuery builds', () => {
    const org = orgs[7];
    expect(computeListWithState(ref, snapshot, org, options).query).toEqual(
      listQuery(ref, org, { ...options, partnerships: snapshot.partnerships }).query,
    );
  });
});
