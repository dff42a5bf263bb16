import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { computeListWithState, lowestKnown, lowestKnownId } from '../../../src/refresh/base-state.ts';
import { buildSnapshot, type ListOptions } from '../../../src/refresh/compute-lists.ts';
import { decodePackedShardState, encodeShardState, type ShardState } from '../../../src/refresh/state-blob.ts';
import { StoredStates } from '../../../src/refresh/stored-states.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
const options: ListOptions = { topK: 6, maxCandidates: 25, asOf: new Date('2026-06-01T00:00:00Z'), computedAt: 'stamp' };
const orgs = syntheticOrganisations(ref, { count: 300, seed: 8, lads: placesFor(ref, 3), idPrefix: 'ST-', partnerships: 2 });
const snapshot = buildSnapshot(ref, orgs);

// Two shards whose id tables number the same organisations differently (each numbers ids as it meets them).
function shard(index: number, seekers: typeof orgs): ShardState {
  return {
    shard: index,
    computedAt: `stamp-${index}`,
    records: seekers,
    seekers: seekers.map((org) => {
      const { state, query } = computeListWithState(ref, snapshot, org, options, { tail: 3, edge: 4 });
      return { seekerId: org.id, state, query, minServices: lowestKnown(state) };
    }),
  };
}

describe('stored states', () => {
  it('when shards are added, then each seeker’s state unpacks as it was, with its stamp, in the shards’ order', async () => {
    const shards = [shard(0, orgs.slice(200, 260)), shard(1, orgs.slice(0, 60).reverse())];
    const states = new StoredStates();
    const filed: [string, string | undefined][] = [];
    for (const s of shards) {
      const packed = await decodePackedShardState(await encodeShardState(s));
      states.addShard(packed, (_, id, last) => filed.push([id, last]));
    }

    const want = shards.flatMap((s) => s.seekers.map((seeker) => ({ ...seeker, stamp: s.computedAt })));
    expect([...states.keys()]).toEqual(want.map((w) => w.seekerId));
    expect(filed).toEqual(want.map((w) => [w.seekerId, lowestKnownId(w.state)]));
    for (const w of want) {
      const rounded = { ...w.state, tailTotals: w.state.tailTotals.map((t) => Math.round(t * 10_000) / 10_000) };
      expect(states.get(w.seekerId)).toEqual(rounded);
      expect(states.stampOf(w.seekerId)).toBe(w.stamp);
    }
    expect(states.get('ST-nobody')).toBeUndefined();
    expect(states.stampOf('ST-nobody')).toBeUndefined();
  });
});
