/**
 * Benchmark of the incremental refresh's pure part (not a test): generated organisations at the density of
 * bench/refresh.ts, a base run computed in full on this thread, `--share` of the organisations edited
 * (tests/support/refresh-dataset.ts editSome: services, areas, values, openness, partnerships, deletions,
 * additions), then src/refresh/incremental.ts: how many lists it recomputes and how long it takes, against the
 * base run's time on the same thread. One thread, no store and no queue: it measures the algorithm.
 *
 *   npx tsx bench/incremental.ts --sizes 10000,30000 --share 0.01
 */
import { parseArgs } from 'node:util';
import { defaultReference } from '../src/reference/load.ts';
import { buildSnapshot, computeList, listQuery, type ListOptions } from '../src/refresh/compute-lists.ts';
import { incrementalLists } from '../src/refresh/incremental.ts';
import { REFRESH_DEFAULTS } from '../src/refresh/settings.ts';
import type { PartnerList } from '../src/refresh/types.ts';
import { editSome, placesFor, syntheticOrganisations } from '../tests/support/refresh-dataset.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    share: { type: 'string', default: '0.01' },
    density: { type: 'string', default: '338' },
    national: { type: 'string', default: '500' },
  },
});

const ref = defaultReference();
const options: ListOptions = {
  topK: REFRESH_DEFAULTS.topK,
  maxCandidates: REFRESH_DEFAULTS.maxCandidates,
  asOf: new Date('2026-06-01T00:00:00Z'),
  computedAt: new Date().toISOString(),
};

for (const n of values.sizes.split(',').map(Number)) {
  const lads = placesFor(ref, Math.max(1, Math.round(n / Number(values.density))));
  const national = Math.min(0.5, Number(values.national) / n);
  const orgs = syntheticOrganisations(ref, { count: n, seed: 42, idPrefix: 'BINC-', lads, reach: [0.6, 0.25, 0.15 - national, national] });
  const before = buildSnapshot(ref, orgs);
  let t = performance.now();
  const base = new Map<string, PartnerList>();
  for (const org of before.byId.values()) base.set(org.id, computeList(ref, before, org, options));
  const fullSeconds = (performance.now() - t) / 1000;
  // How wide the blocking queries are: a seeker whose query finds more than the pool cap has a capped pool, so a
  // change anywhere among its hits can move its pool (docs/refresh.md, "why 1% of changes touch most lists").
  const hits: number[] = [];
  t = performance.now();
  for (const org of before.byId.values()) {
    const { query } = listQuery(ref, org, { ...options, partnerships: before.partnerships });
    hits.push(before.index.find({ ...query, limit: Number.MAX_SAFE_INTEGER }).length);
  }
  const queryMs = (performance.now() - t) / n;
  hits.sort((a, b) => a - b);
  const capped = hits.filter((h) => h > options.maxCandidates).length;
  const after = buildSnapshot(ref, editSome(orgs, 7, Number(values.share)));
  t = performance.now();
  const result = incrementalLists(ref, before, after, (id) => base.get(id), options);
  const incSeconds = (performance.now() - t) / 1000;
  console.log(
    `N=${String(n).padStart(7)} edited ${values.share}  full ${fullSeconds.toFixed(1)} s (${((1000 * fullSeconds) / n).toFixed(2)} ms/org)` +
      `  incremental ${incSeconds.toFixed(1)} s (${((1000 * incSeconds) / n).toFixed(3)} ms/org)` +
      `  changed ${result.changed.size}, lists recomputed ${result.lists.length} (${((100 * result.lists.length) / after.byId.size).toFixed(1)}%)` +
      `: repaired ${result.repairs}, recomputed ${JSON.stringify(result.recomputed)}` +
      `  queries: hits p50 ${hits[Math.floor(hits.length / 2)]}, p90 ${hits[Math.floor(hits.length * 0.9)]}, pool capped for ${capped} of ${n}` +
      ` (${queryMs.toFixed(3)} ms a seeker to build its query and look its whole pool up)` +
      `  load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
}
