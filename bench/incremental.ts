/**
 * Benchmark of the incremental refresh's pure part (not a test): generated organisations at the density of
 * bench/refresh.ts; a full run (computeList for everyone, as a run computes it) and the base run with its state
 * (base-state.ts: the same lists, the state and the reverse blocking index), both timed on this thread; then
 * `--share` of the organisations edited (tests/support/refresh-dataset.ts editSome: services, areas, values,
 * openness, partnerships, deletions, additions) and src/refresh/incremental.ts timed: what it visits, repairs and
 * recomputes, and how long each phase takes, against the full run's time. `--check` lists, drawn at random, are
 * recomputed from the edited organisations and compared with base + incremental (they must be equal).
 * One thread, no store and no queue: it measures the algorithm.
 *
 *   npm run bench:incremental -- --sizes 10000,30000,100000 [--share 0.01] [--check 2000]
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { defaultReference } from '../src/reference/load.ts';
import { computeBaseRun, packState } from '../src/refresh/base-state.ts';
import { buildSnapshot, computeList, listQuery, type ListOptions } from '../src/refresh/compute-lists.ts';
import { changedHitsBySeeker, changedOrganisations, incrementalLists } from '../src/refresh/incremental.ts';
import { PackedListWriter, unpackList } from '../src/refresh/packed-lists.ts';
import { REFRESH_DEFAULTS } from '../src/refresh/settings.ts';
import type { PartnerList } from '../src/refresh/types.ts';
import { mulberry32 } from '../src/demo/prng.ts';
import { editSome, placesFor, syntheticOrganisations } from '../tests/support/refresh-dataset.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    share: { type: 'string', default: '0.01' },
    density: { type: 'string', default: '338' },
    national: { type: 'string', default: '500' },
    check: { type: 'string', default: '2000' },
    /** state kept per list (REFRESH_DEFAULTS.stateTail, stateEdge) */
    tail: { type: 'string', default: String(REFRESH_DEFAULTS.stateTail) },
    edge: { type: 'string', default: String(REFRESH_DEFAULTS.stateEdge) },
    /** also measure how wide the blocking queries are (a pass of uncapped look-ups over everyone) */
    widths: { type: 'boolean', default: false },
  },
});

const ref = defaultReference();
const options: ListOptions = {
  topK: REFRESH_DEFAULTS.topK,
  maxCandidates: REFRESH_DEFAULTS.maxCandidates,
  asOf: new Date('2026-06-01T00:00:00Z'),
  computedAt: new Date().toISOString(),
};
const sizes = { tail: Number(values.tail), edge: Number(values.edge) };
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const seconds = (from: number) => (performance.now() - from) / 1000;

for (const n of values.sizes.split(',').map(Number)) {
  const loadBefore = load();
  const lads = placesFor(ref, Math.max(1, Math.round(n / Number(values.density))));
  const national = Math.min(0.5, Number(values.national) / n);
  const orgs = syntheticOrganisations(ref, { count: n, seed: 42, idPrefix: 'BINC-', lads, reach: [0.6, 0.25, 0.15 - national, national] });
  const before = buildSnapshot(ref, orgs);

  // The full run as a run computes it (its lists are dropped: only its time is wanted), then the base run with
  // state, whose lists are kept packed, as the stores keep them.
  let t = performance.now();
  for (const org of before.byId.values()) computeList(ref, before, org, options);
  const fullSeconds = seconds(t);
  t = performance.now();
  const base = computeBaseRun(ref, before, options, sizes);
  const baseSeconds = seconds(t);
  const writer = new PackedListWriter();
  const packedBase = new Map([...base.lists].map(([id, list]) => [id, writer.pack(list)]));
  base.lists.clear();
  const heapGb = process.memoryUsage().heapUsed / 1e9;
  const ordinals = new Map([...before.byId.keys()].map((id, i) => [id, i]));
  let stateBytes = 0;
  for (const state of base.states.values()) stateBytes += packState(state, (id) => ordinals.get(id)!).length;

  let widths = '';
  if (values.widths) {
    // How wide the blocking queries are (docs/refresh.md, "why 1% of changes touch most lists").
    const hits: number[] = [];
    for (const org of before.byId.values()) {
      const { query } = listQuery(ref, org, { ...options, partnerships: before.partnerships });
      hits.push(before.index.find({ ...query, limit: Number.MAX_SAFE_INTEGER }).length);
    }
    hits.sort((a, b) => a - b);
    const capped = hits.filter((h) => h > options.maxCandidates).length;
    widths = `\n  queries: hits p50 ${hits[Math.floor(hits.length / 2)]}, p90 ${hits[Math.floor(hits.length * 0.9)]}, pool capped for ${capped} of ${n}`;
  }

  // The edit (its snapshot is the incremental step's input, built outside the timer: a store keeps its index).
  const after = buildSnapshot(ref, editSome(orgs, 7, Number(values.share)));
  t = performance.now();
  const changed = changedOrganisations(before, after);
  const diffSeconds = seconds(t);
  t = performance.now();
  const reached = changedHitsBySeeker(base.reach, before, after, changed);
  const reachSeconds = seconds(t);
  const pairs = [...reached.values()].reduce((sum, hits) => sum + hits.length, 0);
  const view = { listOf: (id: string) => packedBase.get(id), stateOf: (id: string) => base.states.get(id), reach: base.reach };
  t = performance.now();
  const result = incrementalLists(ref, before, after, view, options, changed);
  const incSeconds = seconds(t);

  // Exactness on a sample: base + incremental against lists recomputed from the edited organisations.
  const rewritten = new Map(result.lists);
  const rng = mulberry32(99);
  const ids = [...after.byId.keys()];
  let wrong = 0;
  const sample = Math.min(Number(values.check), ids.length);
  for (let i = 0; i < sample; i++) {
    const id = ids[Math.floor(rng() * ids.length)];
    const got = rewritten.get(id) ?? packedBase.get(id)!;
    const list: PartnerList = { seekerId: id, computedAt: got.computedAt, partners: unpackList(got) };
    if (!isDeepStrictEqual(list, computeList(ref, after, after.byId.get(id)!, options))) wrong++;
  }

  const full = result.recomputed;
  const fullCount = full.changedSeeker + full.noBaseState + full.edgeTooShort + full.tailTooShort;
  const perChanged = (1000 * incSeconds) / changed.size;
  console.log(
    `N=${n} edited ${values.share}, state: tail ${sizes.tail}, edge ${sizes.edge}: ${changed.size} changed organisations (with their partners)` +
      `\n  full run ${fullSeconds.toFixed(1)} s (${((1000 * fullSeconds) / n).toFixed(2)} ms/list); base run with state ${baseSeconds.toFixed(1)} s` +
      ` (${baseSeconds >= fullSeconds ? '+' : '−'}${Math.abs((100 * (baseSeconds - fullSeconds)) / fullSeconds).toFixed(0)}%); state ${(stateBytes / n).toFixed(1)} bytes/list packed` +
      `, reverse index ${base.reach.entries()} entries (${(base.reach.entries() / n).toFixed(1)}/seeker)` +
      widths +
      `\n  incremental ${incSeconds.toFixed(2)} s = ${((100 * incSeconds) / fullSeconds).toFixed(1)}% of the full run` +
      ` (${perChanged.toFixed(2)} ms per changed organisation); plus the snapshot diff ${diffSeconds.toFixed(2)} s (reads all N)` +
      `\n  seekers visited ${result.visited} (${pairs} (seeker, changed hit) pairs, reverse look-ups ${reachSeconds.toFixed(2)} s)` +
      `, lists touched ${result.touched}, rewritten ${result.lists.length}: repaired from state ${result.repairs}` +
      ` (entering ${result.entering}, promoted from tail ${result.promoted}), recomputed in full ${fullCount} ${JSON.stringify(full)}` +
      `\n  check: ${sample - wrong}/${sample} sampled lists equal a full recomputation` +
      `\n  heap after the base run ${heapGb.toFixed(1)} GB` +
      `\n  load before ${loadBefore}, after ${load()}`,
  );
  if (wrong > 0) process.exitCode = 1;
}
