import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { computeListWithState, lowestKnown } from '../../../src/refresh/base-state.ts';
import { buildSnapshot, type ListOptions } from '../../../src/refresh/compute-lists.ts';
import { decodeShardState, encodeShardState, StateBlobError, type ShardState } from '../../../src/refresh/state-blob.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
const options: ListOptions = { topK: 6, maxCandidates: 25, asOf: new Date('2026-06-01T00:00:00Z'), computedAt: 'stamp' };

function shardOf(count: number): ShardState {
  const orgs = syntheticOrganisations(ref, { count, seed: 5, lads: placesFor(ref, 3), idPrefix: 'BLOB-', partnerships: 2 });
  const snapshot = buildSnapshot(ref, orgs);
  const seekers = orgs.slice(0, 120).map((org) => {
    const { state, query } = computeListWithState(ref, snapshot, org, options);
    return { seekerId: org.id, state, query, minServices: lowestKnown(state) };
  });
  return { shard: 3, computedAt: '2026-06-01T02:00:00.000Z', records: orgs.slice(0, 120), seekers };
}

describe('state blob', () => {
  it('when a shard state is encoded, then decoding gives back its records, states, queries and stamp', async () => {
    const shard = shardOf(300);
    const decoded = await decodeShardState(await encodeShardState(shard));
    expect(decoded.shard).toBe(3);
    expect(decoded.computedAt).toBe(shard.computedAt);
    expect(decoded.records).toEqual(shard.records);
    expect(decoded.seekers.map((s) => s.seekerId)).toEqual(shard.seekers.map((s) => s.seekerId));
    for (let i = 0; i < shard.seekers.length; i++) {
      const [got, want] = [decoded.seekers[i], shard.seekers[i]];
      expect(got.minServices).toBe(want.minServices);
      expect(got.state).toEqual({ ...want.state, tailTotals: want.state.tailTotals.map((t) => Math.round(t * 10_000) / 10_000) });
      expect(got.query.limit).toBe(want.query.limit);
      expect([...got.query.serviceCodes].sort()).toEqual([...new Set(want.query.serviceCodes)].sort());
      expect(got.query.areaCodes).toEqual(want.query.areaCodes ? [...want.query.areaCodes] : undefined);
      expect(got.query.excludeIds).toEqual([...want.query.excludeIds]);
    }
  });

  it('when it is encoded, then it is gzip (the states are up to 344 bytes a list before compression)', async () => {
    const blob = await encodeShardState(shardOf(300));
    expect([blob[0], blob[1]]).toEqual([0x1f, 0x8b]);
  });

  it('when the bytes are not a blob, then decoding says so', async () => {
    await expect(decodeShardState(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(StateBlobError);
  });
});
