import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildSnapshot, computeList, type ListOptions } from '../../../src/refresh/compute-lists.ts';
import { EmbeddedPartnerScores } from '../../../src/refresh/embedded-partner-scores.ts';
import { RunStateError } from '../../../src/refresh/errors.ts';
import { inStoredOrder, runIncremental } from '../../../src/refresh/incremental-run.ts';
import type { OrganisationSource } from '../../../src/refresh/partner-scores.ts';
import { unpackList } from '../../../src/refresh/packed-lists.ts';
import { decodeShardState, encodeShardState } from '../../../src/refresh/state-blob.ts';
import { InlineComputer } from '../../../src/refresh/shard-computer.ts';
import { ThreadComputer } from '../../../src/refresh/thread-computer.ts';
import { editSome, placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
// A small cap and K so the cap binds: the hard case for the lists an increment must rewrite.
const TOP_K = 6;
const CAP = 25;
const AS_OF = '2026-06-01T00:00:00.000Z';
const settings = { maxCandidates: CAP, pageSize: 500 };
const now = () => new Date('2026-06-02T00:00:00.000Z');

/** A source over a mutable array: what the store would hold now. */
function sourceOf(holder: { orgs: Organisation[] }): OrganisationSource {
  return {
    async *pages() {
      yield holder.orgs;
    },
  };
}

/**
 * A committed full run of `orgs` with its state blobs, as the shard jobs write it (stateful: false drops the blobs;
 * 'without lists' writes them as runs did before the states held their lists' partners).
 */
async function fullRun(
  scores: EmbeddedPartnerScores,
  runId: string,
  orgs: Organisation[],
  stateful: boolean | 'without lists' = true,
): Promise<void> {
  const ids = orgs.map((o) => o.id);
  const chunks = [ids.slice(0, 150), ids.slice(150)];
  await scores.beginRun({ runId, scope: '', asOf: AS_OF, startedAt: AS_OF, organisations: ids.length, shards: 2, topK: TOP_K });
  const computer = new InlineComputer(ref, () => `${runId}-stamp`, 0);
  for (const [shard, orgIds] of chunks.entries()) {
    const payload = { runId, scope: '', shard, orgIds, asOf: AS_OF, topK: TOP_K, maxCandidates: CAP };
    const { lists, state } = await computer.compute(payload, async () => orgs);
    await scores.writeShard(runId, shard, lists, stateful === 'without lists' ? await withoutLists(state) : stateful ? state : undefined);
  }
  await scores.commitRun(runId);
}

async function withoutLists(blob: Uint8Array): Promise<Uint8Array> {
  const shard = await decodeShardState(blob);
  return encodeShardState({ ...shard, seekers: shard.seekers.map(({ state: { listIds: _, ...state }, ...s }) => ({ ...s, state })) });
}

/** The embedded store, counting how the base lists are read. */
class CountingScores extends EmbeddedPartnerScores {
  reads = { whole: 0, numbers: 0 };
  override async readLists(...args: Parameters<EmbeddedPartnerScores['readLists']>) {
    this.reads.whole++;
    return super.readLists(...args);
  }
  override async readListNumbers(...args: Parameters<EmbeddedPartnerScores['readListNumbers']>) {
    this.reads.numbers++;
    return super.readListNumbers(...args);
  }
}

function expected(orgs: Organisation[]) {
  const snapshot = buildSnapshot(ref, orgs);
  const options: ListOptions = { topK: TOP_K, maxCandidates: CAP, asOf: new Date(AS_OF), computedAt: 'x' };
  return new Map(orgs.map((o) => [o.id, computeList(ref, snapshot, o, options).partners]));
}

async function listsOf(scores: EmbeddedPartnerScores, runId: string, ids: string[]) {
  const lists = await scores.readLists(runId, ids);
  return new Map(ids.map((id) => [id, lists.has(id) ? unpackList(lists.get(id)!) : []]));
}

describe('incremental run', () => {
  const orgs = syntheticOrganisations(ref, { count: 300, seed: 11, lads: placesFor(ref, 3), idPrefix: 'IR-', partnerships: 2 });

  it.each([
    ['at once, on this thread', undefined, 0, true],
    ['7 seekers at a time, on this thread', 7, 0, true],
    ['7 seekers at a time, on two scoring threads', 7, 2, true],
    ['7 seekers at a time with their ids (states from before they held them), on this thread', 7, 0, false],
    ['7 seekers at a time with their ids (states from before they held them), on two scoring threads', 7, 2, false],
  ])(
    'when organisations change after a full run, then the increment (base lists read %s) makes every list of the base run equal a full recomputation',
    async (_, readSlice, threads, statesHoldLists) => {
      const scores = new CountingScores();
      await fullRun(scores, 'run-base', orgs, statesHoldLists ? true : 'without lists');
      // Some organisations deleted too: a base list naming one reaches a thread by the id it no longer has.
      const holder = { orgs: editSome(orgs, 3, 0.03).filter((_, i) => i % 97 !== 5) };
      const computer = threads > 0 ? new ThreadComputer(threads) : undefined;

      const outcome = await runIncremental(
        { ref, scores, source: sourceOf(holder), settings, now, readSlice, computer },
        { runId: 'run-inc', scope: '' },
      ).finally(() => computer?.close());
      // Only the numbers are read where the states hold the partners' ids; the whole lists where they do not.
      expect(scores.reads).toEqual(
        statesHoldLists ? { whole: 0, numbers: expect.any(Number) as number } : { whole: expect.any(Number) as number, numbers: 0 },
      );
      expect(statesHoldLists ? scores.reads.numbers : scores.reads.whole).toBeGreaterThan(0);

      const ids = [...new Set([...orgs, ...holder.orgs].map((o) => o.id))];
      const want = expected(holder.orgs);
      const got = await listsOf(scores, 'run-base', ids);
      for (const id of ids) expect(got.get(id), id).toEqual(want.get(id) ?? []);
      // Each list is stamped by the run that wrote it last: the base run's shard, or this increment.
      const stamps = [...(await scores.readLists('run-base', ids)).values()].map((l) => l.computedAt);
      expect(new Set(stamps)).toEqual(new Set(['run-base-stamp', now().toISOString()]));
      expect(stamps.filter((s) => s === now().toISOString())).toHaveLength(outcome.listsRewritten);
      expect(outcome.changedOrganisations).toBeGreaterThan(0);
      expect(outcome.listsRewritten).toBeGreaterThan(outcome.listsRecomputed);
      expect(await scores.getRun('run-inc')).toMatchObject({
        status: 'applied',
        kind: 'incremental',
        baseRunId: 'run-base',
        increment: { changedOrganisations: outcome.changedOrganisations, listsRewritten: outcome.listsRewritten },
      });
      expect(await scores.currentRun()).toMatchObject({ runId: 'run-base', incrementsApplied: 1 });
    },
  );

  it('when a base list was rewritten since its shard wrote it, then it is recomputed rather than repaired from a state that no longer fits', async () => {
    const scores = new EmbeddedPartnerScores();
    await fullRun(scores, 'run-base', orgs);
    const holder = { orgs: editSome(orgs, 4, 0.03) };
    // An organisation refresh rewrote some lists of the base run (here: with halved totals, which a repair would keep).
    const victims = orgs.slice(0, 60).map((o) => o.id);
    const stale = await scores.readLists('run-base', victims);
    await scores.replaceLists(
      'run-base',
      [...stale].map(([seekerId, l]) => ({
        seekerId,
        computedAt: 'later',
        partners: unpackList(l).map((p) => ({ ...p, total: p.total / 2 })),
      })),
    );

    await runIncremental({ ref, scores, source: sourceOf(holder), settings, now }, { runId: 'run-inc', scope: '' });

    const want = expected(holder.orgs);
    const got = await listsOf(scores, 'run-base', victims);
    let checked = 0;
    for (const id of victims)
      if (want.has(id)) {
        // lists no change reaches keep what was written; those it reaches must equal the recomputation
        const list = got.get(id)!;
        if (list.length > 0 && (await scores.readLists('run-base', [id])).get(id)!.computedAt !== 'later') {
          expect(list, id).toEqual(want.get(id));
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(0);
  });

  it('when the base run kept no state, then the increment fails and says a full refresh is needed', async () => {
    const scores = new EmbeddedPartnerScores();
    await fullRun(scores, 'run-old', orgs, false);
    const run = runIncremental({ ref, scores, source: sourceOf({ orgs }), settings, now }, { runId: 'run-inc', scope: '' });
    await expect(run).rejects.toBeInstanceOf(RunStateError);
    await expect(run).rejects.toThrow('base run run-old has no state; run a full refresh');
  });

  it('when the scope has no current run, then the increment fails and says a full refresh is needed', async () => {
    const scores = new EmbeddedPartnerScores();
    await expect(
      runIncremental({ ref, scores, source: sourceOf({ orgs }), settings, now }, { runId: 'run-inc', scope: '' }),
    ).rejects.toThrow('run a full refresh');
  });

  it('when an increment was applied to the base run already, then another one fails (increments do not chain), and a retry of the applied one does nothing', async () => {
    const scores = new EmbeddedPartnerScores();
    await fullRun(scores, 'run-base', orgs);
    const deps = { ref, scores, source: sourceOf({ orgs: editSome(orgs, 5, 0.02) }), settings, now };
    await runIncremental(deps, { runId: 'run-inc-1', scope: '' });
    expect((await runIncremental(deps, { runId: 'run-inc-1', scope: '' })).already).toBe(true);
    await expect(runIncremental(deps, { runId: 'run-inc-2', scope: '' })).rejects.toThrow('increments do not chain');
  });
});

describe('inStoredOrder', () => {
  it('when seekers are reached in any order, then they come in the order the base run stored them, those without state last', () => {
    const reached = new Map([
      ['z', 1],
      ['new', 2],
      ['a', 3],
      ['m', 4],
    ]);
    expect(inStoredOrder(reached, ['m', 'q', 'z', 'a'])).toEqual([
      ['m', 4],
      ['z', 1],
      ['a', 3],
      ['new', 2],
    ]);
  });
});
