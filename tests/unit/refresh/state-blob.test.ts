import { gunzipSync, gzipSync } from 'node:zlib';
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

  it('when it is encoded, then it is gzip (the states are up to 546 bytes a list before compression)', async () => {
    const blob = await encodeShardState(shardOf(300));
    expect([blob[0], blob[1]]).toEqual([0x1f, 0x8b]);
  });

  it('when seekers share an area list, then their decoded queries share one array, and blobs written before (codes inline, records in the header) still decode', async () => {
    const shard = shardOf(300);
    const blob = await encodeShardState(shard);
    const decoded = await decodeShardState(blob);
    const lists = decoded.seekers.map((s) => s.query.areaCodes).filter((a) => a !== undefined);
    const distinct = new Set(lists.map((a) => a.join(' ')));
    expect(new Set(lists).size).toBe(distinct.size);
    expect(distinct.size).toBeLessThan(lists.length);

    // as written before 2026-12-07: each seeker's area codes inline (null: anywhere), the records in the header
    const raw = gunzipSync(blob);
    const length = raw.readUInt32LE(0);
    const header = JSON.parse(raw.subarray(4, 4 + length).toString()) as Record<string, unknown> & {
      areas: string[][];
      seekers: number[][];
    };
    const statesEnd = header.seekers.reduce((n, seeker) => n + seeker[6], 4 + length);
    const old = {
      ...header,
      areas: undefined,
      recordIds: undefined,
      recordEnds: undefined,
      records: shard.records,
      seekers: header.seekers.map(([o, set, areas, ...rest]) => [o, set, areas < 0 ? null : header.areas[areas], ...rest]),
    };
    const json = Buffer.from(JSON.stringify(old));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(json.length, 0);
    const older = await decodeShardState(new Uint8Array(gzipSync(Buffer.concat([prefix, json, raw.subarray(4 + length, statesEnd)]))));
    expect(older.records).toEqual(shard.records);
    expect(older.seekers.map((s) => s.query)).toEqual(decoded.seekers.map((s) => s.query));
    expect(older.seekers.map((s) => s.state)).toEqual(decoded.seekers.map((s) => s.state));
  });

  it('when the bytes are not a blob, then decoding says so', async () => {
    await expect(decodeShardState(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(StateBlobError);
  });
});
