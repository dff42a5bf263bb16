/**
 * What one list of a full refresh costs at N, without running the whole refresh (not a test): generated organisations
 * as bench/refresh.ts generates them (N / 338 English authorities, at most England's 296, so from 100,000 on the
 * density grows with N), one run snapshot, then the lists of the first `--seekers` organisations in id order (as a
 * thread scoring shards one after another meets them), on this thread, timed: wall and CPU a list, the share spent
 * finding candidates, and how many blocking queries the run index answered from memory (src/refresh/memo-index.ts).
 * `--memo 0` turns that memory off, for a before/after in one command. Multiply by N / workers for a projection of a
 * full run's scoring (without loading, writing or the other threads' contention).
 *
 *   node --max-old-space-size=12000 --import tsx bench/refresh-lists.ts --sizes 100000,1000000 --seekers 50000 --memo 16384,0
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultReference } from '../src/reference/load.ts';
import { computeList, buildSnapshot, type RunSnapshot } from '../src/refresh/compute-lists.ts';
import { MemoCellIndex } from '../src/refresh/memo-index.ts';
import { REFRESH_DEFAULTS } from '../src/refresh/settings.ts';
import { placesFor, syntheticOrganisations } from '../tests/support/refresh-dataset.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000' },
    seekers: { type: 'string', default: '20000' },
    memo: { type: 'string', default: `${REFRESH_DEFAULTS.findMemo},0` },
    'warm-up': { type: 'string', default: '2000' },
    density: { type: 'string', default: '338' },
    national: { type: 'string', default: '500' },
  },
});
const ref = defaultReference();
const loadAverage = () => os.loadavg().map((x) => Math.round(x * 10) / 10);
console.log(
  `refresh lists benchmark — ${os.platform()} ${os.arch()}, node ${process.version}, ${os.cpus()[0]?.model}, ${os.cpus().length} cores`,
);

for (const n of values.sizes.split(',').map(Number)) {
  const lads = placesFor(ref, Math.max(1, Math.round(n / Number(values.density))));
  const national = Math.min(0.5, Number(values.national) / n);
  const orgs = syntheticOrganisations(ref, { count: n, seed: 42, idPrefix: 'BENCH-', lads, reach: [0.6, 0.25, 0.15 - national, national] });
  const base = buildSnapshot(ref, orgs);
  orgs.length = 0;
  const ids = [...base.byId.keys()].sort().slice(0, Number(values.seekers));
  const options = { topK: 50, maxCandidates: REFRESH_DEFAULTS.maxCandidates, asOf: new Date('2026-03-01T02:00:00.000Z'), computedAt: '' };
  // compiled and warm before anything is timed: lists of the last organisations, never timed
  const cold: RunSnapshot = { ...base, index: new MemoCellIndex(base.index.items(), (p) => p.org, 0) };
  for (const id of [...base.byId.keys()].sort().slice(-Number(values['warm-up']))) computeList(ref, cold, base.byId.get(id)!, options);
  for (const capacity of values.memo.split(',').map(Number)) {
    // the same profiles, a fresh index with this much memory
    const profiles = base.index.items();
    const index = new MemoCellIndex(profiles, (p) => p.org, capacity);
    let findMs = 0;
    const find = index.find.bind(index);
    index.find = (query) => {
      const t = performance.now();
      const out = find(query);
      findMs += performance.now() - t;
      return out;
    };
    const snapshot: RunSnapshot = { ...base, index };
    const before = loadAverage();
    const cpu = process.cpuUsage();
    const t = performance.now();
    for (const id of ids) computeList(ref, snapshot, base.byId.get(id)!, options);
    const wallMs = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    const { asked, answered } = index.memoStats();
    console.log(
      JSON.stringify({
        organisations: n,
        authorities: lads.length,
        seekers: ids.length,
        memo: capacity,
        msPerList: Math.round((wallMs / ids.length) * 1000) / 1000,
        cpuMsPerList: Math.round(((user + system) / 1000 / ids.length) * 1000) / 1000,
        findMsPerList: Math.round((findMs / ids.length) * 1000) / 1000,
        answeredFromMemory: asked > 0 ? Math.round((answered / asked) * 1000) / 1000 : 0,
        projectedScoringMinutes: {
          workers1: Math.round(((wallMs / ids.length) * n) / 600) / 100,
          workers2: Math.round(((wallMs / ids.length) * n) / 1200) / 100,
        },
        rssMb: Math.round(process.memoryUsage().rss / 1048576),
        loadAverage: { before, after: loadAverage() },
      }),
    );
  }
}
