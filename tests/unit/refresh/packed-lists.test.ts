import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildSnapshot, computeList, type ListOptions } from '../../../src/refresh/compute-lists.ts';
import {
  countLists,
  fromWire,
  ListScratch,
  PackedListWriter,
  packedEntries,
  partnerLists,
  WireListsBuilder,
  wireTransfer,
} from '../../../src/refresh/packed-lists.ts';
import { FACTORS } from '../../../src/matching/settings.ts';
import type { ShardPayload } from '../../../src/refresh/payloads.ts';
import { InlineComputer } from '../../../src/refresh/shard-computer.ts';
import { ThreadComputer } from '../../../src/refresh/thread-computer.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
const options: ListOptions = { topK: 8, maxCandidates: 40, asOf: new Date('2026-06-01T00:00:00Z'), computedAt: '2026-06-01T02:00:00.000Z' };

describe('packed partner lists', () => {
  const orgs = syntheticOrganisations(ref, { count: 300, seed: 5, lads: placesFor(ref, 3), idPrefix: 'PKL-', partnerships: 2 });
  const snapshot = buildSnapshot(ref, orgs);
  const lists = orgs.slice(0, 120).map((org) => computeList(ref, snapshot, org, options));
  const ordinals = new Map(orgs.map((org, i) => [org.id, i]));
  const ordinalOf = (id: string) => ordinals.get(id) ?? -1;

  it('when lists are packed and unpacked, then they are the lists computed, ranks, totals and factors', () => {
    expect(lists.some((l) => l.partners.length === options.topK)).toBe(true);
    expect(partnerLists({ packed: packedEntries(lists) })).toEqual(lists);
  });

  it('when lists go over the wire as ordinals, then they come back as the same packed lists, the arrays grown as needed', () => {
    // capacity for 2 partners a list: the builder must grow its arrays several times
    const builder = new WireListsBuilder(options.computedAt, lists.length, 2, ordinalOf);
    for (const list of lists) builder.add(list);
    const wire = builder.finish();
    expect(wire.seekers).toHaveLength(lists.length);
    const back = fromWire(structuredClone(wire, { transfer: wireTransfer(wire) }), (ordinal) => orgs[ordinal].id);
    expect(back.packed).toEqual(packedEntries(lists));
    expect(partnerLists(back)).toEqual(lists);
    expect(countLists(back)).toEqual(countLists(lists));
    expect(countLists(back).partners).toBe(lists.reduce((n, l) => n + l.partners.length, 0));
  });

  it("when a builder takes over the last one's arrays, then both shards' lists come back whole, and the arrays are reused", () => {
    const first = new WireListsBuilder(options.computedAt, 60, options.topK, ordinalOf);
    for (const list of lists.slice(0, 60)) first.add(list);
    const firstWire = first.finish();
    const second = new WireListsBuilder(options.computedAt, 60, options.topK, ordinalOf, first);
    for (const list of lists.slice(60)) second.add(list);
    const secondWire = second.finish();
    expect(partnerLists(fromWire(firstWire, (ordinal) => orgs[ordinal].id))).toEqual(lists.slice(0, 60));
    expect(partnerLists(fromWire(secondWire, (ordinal) => orgs[ordinal].id))).toEqual(lists.slice(60));
    const arrays = (b: WireListsBuilder) => Object.values(b).filter((v) => ArrayBuffer.isView(v));
    expect(arrays(second)).toHaveLength(5);
    arrays(second).forEach((a, i) => expect(a).toBe(arrays(first)[i]));
    // too small to take over: fresh arrays
    const third = new WireListsBuilder(options.computedAt, 61, options.topK, ordinalOf, second);
    expect(arrays(third)[0]).not.toBe(arrays(second)[0]);
  });

  it('when a list names an organisation outside the run, or the shard overflows, or the date differs, then the builder says so', () => {
    const builder = new WireListsBuilder(options.computedAt, 1, 8, ordinalOf);
    expect(() => builder.add({ ...lists[0], seekerId: 'NOT-IN-RUN' })).toThrow(/NOT-IN-RUN is not among the run's organisations/);
    const other = new WireListsBuilder(options.computedAt, 1, 8, ordinalOf);
    other.add(lists[0]);
    expect(() => other.add(lists[1])).toThrow(/more lists than the shard holds/);
    expect(() => new WireListsBuilder('another time', 1, 8, ordinalOf).add(lists[0])).toThrow(/computed at/);
  });
});

describe('memory for many lists', () => {
  const list = (n: number) => ({
    seekerId: 's',
    computedAt: 'at',
    partners: Array.from({ length: n }, (_, i) => ({
      partnerId: `p${i}`,
      rank: i + 1,
      total: 1 - i / 100,
      factors: Object.fromEntries(FACTORS.map((f) => [f, { score: 0.5, weight: 1 }])) as never,
    })),
  });

  it('when a growing writer fills its chunks, then each chunk holds twice the last, up to the most it may', () => {
    const writer = new PackedListWriter(4, 16);
    // 4 partners a list: chunks of 4, 8, 16, 16 partners hold lists 1, 2–3, 4–7, 8–11
    const chunks = Array.from({ length: 11 }, () => writer.pack(list(4)).totals.buffer);
    const sizes = [...new Set(chunks)].map((b) => b.byteLength / Float64Array.BYTES_PER_ELEMENT);
    expect(sizes).toEqual([4, 8, 16, 16]);
    expect(new PackedListWriter(4).pack(list(4)).totals.buffer).not.toBe(chunks[0]);
  });

  it('when lists are read with a scratch, then each read reuses its memory from the start, aligned, and a read too large takes more', () => {
    const scratch = new ListScratch();
    const a = scratch.take(3);
    const b = scratch.take(16);
    expect(b.buffer).toBe(a.buffer);
    expect(b.byteOffset).toBe(8);
    scratch.reset();
    expect(scratch.take(8).byteOffset).toBe(0);
    const big = scratch.take(a.buffer.byteLength + 1);
    expect(big.buffer).not.toBe(a.buffer);
    expect(a.byteLength).toBe(3);
  });
});

describe('scoring threads', () => {
  const orgs = syntheticOrganisations(ref, { count: 400, seed: 9, lads: placesFor(ref, 3), idPrefix: 'THR-', partnerships: 2 });
  const shard = (runId: string, orgIds: string[]): ShardPayload => ({
    runId,
    scope: '',
    shard: 0,
    orgIds,
    asOf: options.asOf.toISOString(),
    topK: options.topK,
    maxCandidates: options.maxCandidates,
  });

  it('when a thread scores a shard, then its packed lists are the lists computed on this thread', async () => {
    const threads = new ThreadComputer(1);
    try {
      const payload = shard(
        'run-a',
        orgs.slice(0, 150).map((o) => o.id),
      );
      const inline = await new InlineComputer(ref, () => 'now', 0).compute(payload, async () => orgs);
      const threaded = await threads.compute(payload, async () => orgs);
      const asInline = partnerLists(threaded.lists).map((l) => ({ ...l, computedAt: 'now' }));
      expect(asInline).toEqual(inline.lists);
      expect(threaded.missing).toBe(0);
      expect(countLists(threaded.lists).lists).toBe(150);
    } finally {
      await threads.close();
    }
  });

  it('when a run is loaded again in another order while a thread still holds it, then the thread is sent it again', async () => {
    const threads = new ThreadComputer(2);
    try {
      // The computer keeps two runs' organisations, each thread two snapshots. Thread 1 scores run a, thread 2 run b,
      // then thread 1 run c: the computer has dropped a, thread 1 still holds it. Run a is then loaded again (here
      // reversed) for its next shard, on thread 1: its old snapshot's ordinals would name the wrong organisations.
      const loads: Record<string, Organisation[][]> = { a: [orgs, [...orgs].reverse()], b: [orgs], c: [orgs] };
      const load = (run: string) => async () => loads[run].shift()!;
      const ids = orgs.slice(0, 40).map((o) => o.id);
      const [first] = await Promise.all([threads.compute(shard('run-a', ids), load('a')), threads.compute(shard('run-b', ids), load('b'))]);
      await threads.compute(shard('run-c', ids), load('c'));
      const again = await threads.compute(shard('run-a', ids), load('a'));
      expect(loads.a).toHaveLength(0);
      const strip = (l: { seekerId: string; partners: unknown[] }) => ({ seekerId: l.seekerId, partners: l.partners });
      expect(partnerLists(again.lists).map(strip)).toEqual(partnerLists(first.lists).map(strip));
    } finally {
      await threads.close();
    }
  });

  it('when a run is forgotten (committed or failed), then the computers drop its organisations and load them again if asked', async () => {
    const threads = new ThreadComputer(1);
    try {
      for (const computer of [threads, new InlineComputer(ref, () => 'now', 0)]) {
        let loads = 0;
        const load = async () => {
          loads++;
          return orgs;
        };
        const payload = shard(
          'run-f',
          orgs.slice(0, 20).map((o) => o.id),
        );
        await computer.compute(payload, load);
        await computer.compute(payload, load);
        expect(loads).toBe(1);
        computer.forgetRun('run-f');
        const again = await computer.compute(payload, load);
        expect(loads).toBe(2);
        expect(countLists(again.lists).lists).toBe(20);
      }
    } finally {
      await threads.close();
    }
  });

  it('when a thread holds no run once one is forgotten, then it is replaced by a fresh thread, and one still holding a run is kept', async () => {
    const threads = new ThreadComputer(2);
    // The threads' ids, read from the pool (private): a replaced thread has a new one.
    const threadIds = () => (threads as unknown as { slots: { worker: { threadId: number } }[] }).slots.map((s) => s.worker.threadId);
    try {
      const ids = orgs.slice(0, 30).map((o) => o.id);
      // thread 1 scores run g, thread 2 run h (at once, so each takes one); then run g is forgotten
      const [g] = await Promise.all([
        threads.compute(shard('run-g', ids), async () => orgs),
        threads.compute(shard('run-h', ids), async () => orgs),
      ]);
      const before = threadIds();
      threads.forgetRun('run-g');
      const after = threadIds();
      expect(after.filter((id, i) => id !== before[i])).toHaveLength(1);
      // the fresh thread scores as the old one did, and the kept one still holds run h
      const again = await Promise.all([
        threads.compute(shard('run-g', ids), async () => orgs),
        threads.compute(shard('run-h', ids), async () => orgs),
      ]);
      const strip = (l: { seekerId: string; partners: unknown[] }) => ({ seekerId: l.seekerId, partners: l.partners });
      for (const result of again) expect(partnerLists(result.lists).map(strip)).toEqual(partnerLists(g.lists).map(strip));
      threads.forgetRun('run-g');
      threads.forgetRun('run-h');
      expect(threadIds().every((id) => !after.includes(id))).toBe(true);
    } finally {
      await threads.close();
    }
  });
});
