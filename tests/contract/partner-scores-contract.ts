/**
 * The PartnerScoreStore contract (src/refresh/partner-scores.ts), one suite run against the in-memory store and
 * Neo4j. What it pins down is what readers may rely on: only committed runs are visible, a run becomes visible
 * whole, rerunning a shard replaces its rows, the later commit wins, and a commit removes the run it replaces.
 *
 * Isolation on the shared Neo4j: each test works in its own scope (a random id prefix): its organisations' ids
 * start with it, its runs belong to it, and clean-up deletes the scope and the organisations.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FACTORS, type FactorName } from '../../src/matching/settings.ts';
import type { FactorScore } from '../../src/matching/score.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { RunStateError } from '../../src/refresh/errors.ts';
import { ListScratch, packList, unpackList } from '../../src/refresh/packed-lists.ts';
import type { PartnerScoreStore } from '../../src/refresh/partner-scores.ts';
import type { NewRun, PartnerList, PartnerScore } from '../../src/refresh/types.ts';
import { buildOrganisation } from '../builders.ts';

export interface PartnerScoresHarness {
  scores: PartnerScoreStore;
  /** stores the organisations lists refer to (Neo4j relationships need both ends) */
  addOrganisations(orgs: readonly Organisation[]): Promise<void>;
  /** removes everything under the scope (its runs and its organisations) */
  cleanup(scope: string): Promise<void>;
  close(): Promise<void>;
}

function factors(seed: number, notApplicable: FactorName[] = []): Record<FactorName, FactorScore> {
  const out = {} as Record<FactorName, FactorScore>;
  FACTORS.forEach((name, i) => {
    const score = Math.round(((seed * 37 + i * 11) % 100) * 100) / 10_000;
    out[name] = { score, weight: notApplicable.includes(name) ? 0 : Math.round((0.05 + i * 0.025) * 10_000) / 10_000 };
  });
  return out;
}

function partners(ids: readonly string[], seed = 1): PartnerScore[] {
  return ids.map((partnerId, i) => ({
    partnerId,
    rank: i + 1,
    total: Math.round((0.9 - i * 0.05 - seed * 0.001) * 10_000) / 10_000,
    factors: factors(seed + i, i === 0 ? ['trust'] : []),
  }));
}

export function describePartnerScoresContract(name: string, setup: () => Promise<PartnerScoresHarness>): void {
  describe(`PartnerScoreStore contract: ${name}`, () => {
    let harness: PartnerScoresHarness;
    let scores: PartnerScoreStore;
    let scope: string;
    let ids: string[];
    const at = '2026-01-01T02:00:00.000Z';

    beforeEach(async () => {
      harness = await setup();
      scores = harness.scores;
      scope = `PS-${randomBytes(4).toString('hex')}-`;
      ids = Array.from({ length: 6 }, (_, i) => `${scope}org-${i}`);
      await harness.addOrganisations(ids.map((id) => buildOrganisation({ id })));
    });
    afterEach(async () => {
      try {
        await harness.cleanup(scope);
      } finally {
        await harness.close();
      }
    });

    const run = (key: string, overrides: Partial<NewRun> = {}): NewRun => ({
      runId: `${scope.replace(/-$/, '')}-${key}`,
      scope,
      asOf: at,
      startedAt: at,
      organisations: 4,
      shards: 2,
      topK: 3,
      ...overrides,
    });
    const list = (seeker: number, partnerIdx: number[], seed = 1, computedAt = at): PartnerList => ({
      seekerId: ids[seeker],
      computedAt,
      partners: partners(
        partnerIdx.map((i) => ids[i]),
        seed,
      ),
    });
    /** Writes a complete two-shard run: seekers 0,1 (shard 0) and 2,3 (shard 1). */
    const writeRun = async (r: NewRun, seed = 1) => {
      await scores.beginRun(r);
      await scores.writeShard(r.runId, 0, [list(0, [1, 2, 3], seed), list(1, [0, 2], seed)]);
      await scores.writeShard(r.runId, 1, [list(2, [3], seed), list(3, [], seed)]);
    };

    it('when a run is written and committed, then readers get its lists exactly, with run id, as-of and computed-at', async () => {
      const r = run('a');
      await writeRun(r);

      const outcome = await scores.commitRun(r.runId);

      expect(outcome).toMatchObject({ runId: r.runId, outcome: 'committed', deletedRows: 0 });
      const got = await scores.getPartners(ids[0], scope);
      expect(got).toMatchObject({ runId: r.runId, asOf: at, computedAt: at });
      expect(got!.partners).toEqual(partners([ids[1], ids[2], ids[3]]));
      expect(Date.parse(got!.committedAt)).not.toBeNaN();
      expect((await scores.getPartners(ids[2], scope))!.partners.map((p) => p.partnerId)).toEqual([ids[3]]);
      expect(await scores.getRun(r.runId)).toMatchObject({
        status: 'current',
        shards: 2,
        shardsDone: 2,
        lists: 4,
        partners: 6,
        organisations: 4,
        topK: 3,
      });
      expect((await scores.currentRun(scope))?.runId).toBe(r.runId);
    });

    it('when a run is not committed yet, then readers see nothing of it', async () => {
      await writeRun(run('pending'));

      expect(await scores.getPartners(ids[0], scope)).toBeUndefined();
      expect(await scores.currentRun(scope)).toBeUndefined();
      expect((await scores.runningRuns(scope)).map((r) => r.runId)).toEqual([run('pending').runId]);
    });

    it('when a new run is being written, then readers keep seeing the current run until the new one commits', async () => {
      const old = run('old');
      await writeRun(old, 1);
      await scores.commitRun(old.runId);
      const next = run('new');
      await scores.beginRun(next);
      await scores.writeShard(next.runId, 0, [list(0, [5, 4], 2), list(1, [5], 2)]);

      const during = await scores.getPartners(ids[0], scope);

      expect(during?.runId).toBe(old.runId);
      expect(during?.partners.map((p) => p.partnerId)).toEqual([ids[1], ids[2], ids[3]]);
    });

    it('when a shard is written twice, then its lists are replaced, not duplicated', async () => {
      const r = run('twice');
      await writeRun(r);
      await scores.writeShard(r.runId, 0, [list(0, [4, 5], 3), list(1, [0, 2], 3)]);
      await scores.commitRun(r.runId);

      expect((await scores.getPartners(ids[0], scope))!.partners).toEqual(partners([ids[4], ids[5]], 3));
      expect(await scores.getRun(r.runId)).toMatchObject({ shardsDone: 2, lists: 4, partners: 5 });
    });

    it('when a run commits, then the run it replaces is superseded and its rows are deleted', async () => {
      const first = run('first');
      await writeRun(first, 1);
      await scores.commitRun(first.runId);
      const second = run('second');
      await writeRun(second, 2);

      const outcome = await scores.commitRun(second.runId);

      expect(outcome).toMatchObject({ outcome: 'committed', previousRunId: first.runId, deletedRows: 6 });
      expect((await scores.getRun(first.runId))?.status).toBe('superseded');
      expect((await scores.getPartners(ids[0], scope))!.partners).toEqual(partners([ids[1], ids[2], ids[3]], 2));
    });

    it('when shards of one run are written at once and share partners, then each lands once and the run commits whole', async () => {
      const r = run('parallel', { organisations: 6, shards: 6 });
      await scores.beginRun(r);
      const others = (seeker: number) => [0, 1, 2, 3, 4, 5].filter((i) => i !== seeker);
      await Promise.all([0, 1, 2, 3, 4, 5].map((seeker) => scores.writeShard(r.runId, seeker, [list(seeker, others(seeker), seeker + 1)])));

      expect(await scores.commitRun(r.runId)).toMatchObject({ outcome: 'committed' });
      expect(await scores.getRun(r.runId)).toMatchObject({ shardsDone: 6, lists: 6, partners: 30 });
      for (const seeker of [0, 3, 5]) {
        expect((await scores.getPartners(ids[seeker], scope))!.partners).toEqual(
          partners(
            others(seeker).map((i) => ids[i]),
            seeker + 1,
          ),
        );
      }
    });

    it('when shards are missing, then the commit is refused and the run stays running', async () => {
      const r = run('short');
      await scores.beginRun(r);
      await scores.writeShard(r.runId, 0, [list(0, [1])]);

      await expect(scores.commitRun(r.runId)).rejects.toBeInstanceOf(RunStateError);
      expect((await scores.getRun(r.runId))?.status).toBe('running');
      expect(await scores.getPartners(ids[0], scope)).toBeUndefined();
    });

    it('when two runs are written at once, then the later commit wins and its lists are complete', async () => {
      const a = run('race-a');
      const b = run('race-b');
      await scores.beginRun(a);
      await scores.beginRun(b);
      await Promise.all([
        scores.writeShard(a.runId, 0, [list(0, [1], 1), list(1, [2], 1)]),
        scores.writeShard(b.runId, 0, [list(0, [4], 2), list(1, [5], 2)]),
        scores.writeShard(b.runId, 1, [list(2, [5], 2), list(3, [4], 2)]),
        scores.writeShard(a.runId, 1, [list(2, [1], 1), list(3, [2], 1)]),
      ]);

      await scores.commitRun(b.runId);
      await scores.commitRun(a.runId);

      expect((await scores.currentRun(scope))?.runId).toBe(a.runId);
      expect((await scores.getRun(b.runId))?.status).toBe('superseded');
      for (const [seeker, partner] of [
        [0, 1],
        [1, 2],
        [2, 1],
        [3, 2],
      ]) {
        expect((await scores.getPartners(ids[seeker], scope))?.partners.map((p) => p.partnerId)).toEqual([ids[partner]]);
      }
    });

    it('when a commit is retried, then a current run stays current and a superseded run stays superseded', async () => {
      const a = run('retry-a');
      const b = run('retry-b');
      await writeRun(a);
      await writeRun(b);
      await scores.commitRun(a.runId);
      await scores.commitRun(b.runId);

      expect(await scores.commitRun(b.runId)).toMatchObject({ outcome: 'already-current' });
      expect(await scores.commitRun(a.runId)).toMatchObject({ outcome: 'stale' });
      expect((await scores.currentRun(scope))?.runId).toBe(b.runId);
    });

    it('when a run fails, then its rows go, it cannot be written or committed, and the current run is untouched', async () => {
      const good = run('good');
      await writeRun(good);
      await scores.commitRun(good.runId);
      const bad = run('bad');
      await writeRun(bad, 5);

      await scores.failRun(bad.runId, 'shard 1 failed for good');

      expect(await scores.getRun(bad.runId)).toMatchObject({ status: 'failed', failedReason: 'shard 1 failed for good' });
      await expect(scores.writeShard(bad.runId, 0, [list(0, [1])])).rejects.toBeInstanceOf(RunStateError);
      expect(await scores.commitRun(bad.runId)).toMatchObject({ outcome: 'stale' });
      expect(await scores.replaceLists(bad.runId, [list(0, [1])])).toBe(false);
      expect((await scores.getPartners(ids[0], scope))?.runId).toBe(good.runId);
    });

    it("when one list is replaced in the current run, then only that organisation's list changes", async () => {
      const r = run('replace');
      await writeRun(r);
      await scores.commitRun(r.runId);

      expect(await scores.replaceLists(r.runId, [list(0, [5], 9, '2026-01-02T00:00:00.000Z')])).toBe(true);

      expect(await scores.getPartners(ids[0], scope)).toMatchObject({
        computedAt: '2026-01-02T00:00:00.000Z',
        partners: partners([ids[5]], 9),
      });
      expect((await scores.getPartners(ids[1], scope))?.partners.map((p) => p.partnerId)).toEqual([ids[0], ids[2]]);
    });

    it('when an organisation has no list in the current run, then readers get the run with an empty list', async () => {
      const r = run('empty');
      await writeRun(r);
      await scores.commitRun(r.runId);

      expect(await scores.getPartners(ids[3], scope)).toMatchObject({ runId: r.runId, partners: [] });
      expect(await scores.getPartners(ids[5], scope)).toMatchObject({ runId: r.runId, partners: [] });
    });

    it('when asked who lists an organisation, then the seekers of the current run whose list includes it come back', async () => {
      const r = run('listed');
      await writeRun(r);
      await scores.commitRun(r.runId);

      expect(await scores.listedBy(ids[2], scope)).toEqual([ids[0], ids[1]]);
      expect(await scores.listedBy(ids[3], scope)).toEqual([ids[0], ids[2]]);
      expect(await scores.listedBy(ids[5], scope)).toEqual([]);
    });

    it('when a run is begun twice, then the second call changes nothing', async () => {
      const r = run('again');
      await writeRun(r);

      const again = await scores.beginRun({ ...r, organisations: 99, shards: 9 });

      expect(again).toMatchObject({ runId: r.runId, status: 'running', shards: 2, organisations: 4, shardsDone: 2 });
    });

    it('when runs are listed, then the latest come first in every state, with their counts', async () => {
      const older = run('older', { startedAt: '2026-01-01T02:00:00.000Z' });
      const failed = run('failed', { startedAt: '2026-01-02T02:00:00.000Z' });
      const newest = run('newest', { startedAt: '2026-01-03T02:00:00.000Z' });
      await writeRun(older);
      await scores.commitRun(older.runId);
      await scores.beginRun(failed);
      await scores.failRun(failed.runId, 'shard 1 failed for good');
      await scores.beginRun(newest);
      await scores.writeShard(newest.runId, 0, [list(0, [1, 2])]);

      const runs = await scores.recentRuns(10, scope);

      expect(runs.map((r) => [r.runId, r.status])).toEqual([
        [newest.runId, 'running'],
        [failed.runId, 'failed'],
        [older.runId, 'current'],
      ]);
      expect(runs[0]).toMatchObject({ shardsDone: 1, lists: 1, partners: 2 });
      expect(runs[1].failedReason).toBe('shard 1 failed for good');
      expect((await scores.recentRuns(2, scope)).map((r) => r.runId)).toEqual([newest.runId, failed.runId]);
      expect(await scores.recentRuns(10, `${scope}other-`)).toEqual([]);
    });

    it('when shards are written with state blobs, then the run keeps them by shard, a rerun shard replaces its blob, and a superseded run loses them', async () => {
      const r = run('stateful');
      await scores.beginRun(r);
      await scores.writeShard(r.runId, 1, [list(2, [3])], new Uint8Array([1, 1, 1]));
      await scores.writeShard(r.runId, 0, [list(0, [1]), list(1, [0])], new Uint8Array([0, 255, 7]));
      await scores.writeShard(r.runId, 1, [list(2, [3]), list(3, [])], new Uint8Array([9, 8]));
      await scores.commitRun(r.runId);

      expect((await scores.readStates(r.runId)).map((b) => [...b])).toEqual([
        [0, 255, 7],
        [9, 8],
      ]);
      const stateless = run('stateless');
      await writeRun(stateless);
      expect(await scores.readStates(stateless.runId)).toEqual([]);
      await scores.commitRun(stateless.runId);
      expect(await scores.readStates(r.runId)).toEqual([]);
    });

    it("when a run's lists are read by seeker, then those it holds come back whole and the others are left out", async () => {
      const r = run('by-seeker');
      await writeRun(r);
      await scores.commitRun(r.runId);

      const lists = await scores.readLists(r.runId, [ids[0], ids[2], ids[5]]);

      expect([...lists.keys()].sort()).toEqual([ids[0], ids[2]]);
      const unpacked = (seekerId: string) => ({
        seekerId,
        computedAt: lists.get(seekerId)!.computedAt,
        partners: unpackList(lists.get(seekerId)!),
      });
      expect(unpacked(ids[0])).toEqual(list(0, [1, 2, 3]));
      expect(unpacked(ids[2])).toEqual(list(2, [3]));

      // read a slice at a time with one scratch (an incremental run): each read whole until the next
      const scratch = new ListScratch();
      for (const [i, partners] of [
        [0, [1, 2, 3]],
        [2, [3]],
      ] as const) {
        const slice = await scores.readLists(r.runId, [ids[i]], scratch);
        expect({ seekerId: ids[i], computedAt: slice.get(ids[i])!.computedAt, partners: unpackList(slice.get(ids[i])!) }).toEqual(
          list(i, [...partners]),
        );
      }
    });

    it("when a run's lists' numbers are read by seeker, then they are those of the lists it holds, without the ids", async () => {
      const r = run('numbers');
      await writeRun(r);
      await scores.commitRun(r.runId);
      const whole = await scores.readLists(r.runId, [ids[0], ids[2]]);

      for (const scratch of [undefined, new ListScratch()]) {
        const numbers = await scores.readListNumbers(r.runId, [ids[0], ids[2], ids[5]], scratch);
        expect([...numbers.keys()].sort()).toEqual([ids[0], ids[2]]);
        for (const id of [ids[0], ids[2]]) {
          const { computedAt, totals, factors } = whole.get(id)!;
          expect(numbers.get(id)).toEqual({ computedAt, totals, factors });
        }
      }
    });

    it("when an increment is applied, then its lists replace the base run's, gone seekers lose theirs, and the runs record it", async () => {
      const base = run('base');
      await writeRun(base);
      await scores.commitRun(base.runId);
      const inc = run('inc', { kind: 'incremental', baseRunId: base.runId, shards: 0 });
      await scores.beginRun(inc);
      const later = '2026-01-02T02:00:00.000Z';
      const counts = { changedOrganisations: 3, listsRewritten: 2, listsRecomputed: 1, listsRemoved: 1 };

      // packed, as an incremental run writes them
      const packed = [list(0, [4, 5], 7, later), list(4, [0], 7, later)].map((l) => [l.seekerId, packList(l)] as const);
      await scores.applyIncrement(inc.runId, { lists: { packed }, removed: [ids[2]], counts });

      expect(await scores.getPartners(ids[0], scope)).toMatchObject({
        runId: base.runId,
        computedAt: later,
        partners: partners([ids[4], ids[5]], 7),
      });
      expect((await scores.getPartners(ids[4], scope))!.partners).toEqual(partners([ids[0]], 7));
      expect((await scores.getPartners(ids[2], scope))!.partners).toEqual([]);
      expect((await scores.getPartners(ids[1], scope))!.partners).toEqual(partners([ids[0], ids[2]]));
      expect(await scores.getRun(inc.runId)).toMatchObject({
        status: 'applied',
        kind: 'incremental',
        baseRunId: base.runId,
        increment: counts,
      });
      expect(await scores.currentRun(scope)).toMatchObject({ runId: base.runId, status: 'current', incrementsApplied: 1 });
      expect(await scores.runningRuns(scope)).toEqual([]);
    });

    it('when the base run has an increment applied, then a second one is refused and changes nothing', async () => {
      const base = run('once');
      await writeRun(base);
      await scores.commitRun(base.runId);
      const counts = { changedOrganisations: 1, listsRewritten: 1, listsRecomputed: 0, listsRemoved: 0 };
      for (const key of ['inc-a', 'inc-b']) await scores.beginRun(run(key, { kind: 'incremental', baseRunId: base.runId, shards: 0 }));
      await scores.applyIncrement(run('inc-a').runId, { lists: [list(0, [4], 5)], removed: [], counts });

      await expect(scores.applyIncrement(run('inc-b').runId, { lists: [list(0, [5], 6)], removed: [], counts })).rejects.toBeInstanceOf(
        RunStateError,
      );

      expect((await scores.getPartners(ids[0], scope))!.partners).toEqual(partners([ids[4]], 5));
      expect(await scores.currentRun(scope)).toMatchObject({ incrementsApplied: 1 });
    });

    it('when the base run is no longer current, then an increment is refused and changes nothing', async () => {
      const base = run('old-base');
      await writeRun(base, 1);
      await scores.commitRun(base.runId);
      const inc = run('late-inc', { kind: 'incremental', baseRunId: base.runId, shards: 0 });
      await scores.beginRun(inc);
      const next = run('next');
      await writeRun(next, 2);
      await scores.commitRun(next.runId);
      const counts = { changedOrganisations: 1, listsRewritten: 1, listsRecomputed: 0, listsRemoved: 0 };

      await expect(scores.applyIncrement(inc.runId, { lists: [list(0, [5], 9)], removed: [], counts })).rejects.toBeInstanceOf(
        RunStateError,
      );

      expect((await scores.getPartners(ids[0], scope))!.partners).toEqual(partners([ids[1], ids[2], ids[3]], 2));
      expect((await scores.getRun(inc.runId))?.status).toBe('running');
    });

    it('when runs belong to different scopes, then each scope keeps its own current run', async () => {
      const r = run('scoped');
      await writeRun(r);
      await scores.commitRun(r.runId);

      expect(await scores.currentRun(`${scope}other-`)).toBeUndefined();
      expect(await scores.getPartners(ids[0], `${scope}other-`)).toBeUndefined();
    });
  });
}
