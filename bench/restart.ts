/**
 * Restart of the embedded store from its data directory (issue 15: ≤ 10 s with 100,000 organisations; issue 18: ≤ 60 s
 * with 1,000,000).
 *
 *   npx tsx bench/restart.ts [--count 100000] [--seed 7] [--partners 50] [--runs 3] [--dir DIR] [--keep] [--reuse]
 *
 * Fills a fresh data directory as `npm start` would keep it — `count` generated organisations (src/demo
 * generateOrganisations) written in import-sized batches, plus one committed refresh run with `partners` partners
 * per organisation (0 to skip) — then times, `runs` times, what start-up does with it: open the database and load
 * the organisations (frozen, indexed, with their partnership graph, as src/bootstrap.ts wires it), the tenders, and
 * the refresh runs (partner lists are read from the file when asked for). That is when the store serves; the
 * matching profiles are then built in the background (`profilesSeconds`: until the last is built). Each timed run
 * starts from a closed file in this process; the page cache is warm after the first run (the first run is the
 * cold-ish one: the file was just written). Prints JSON lines.
 *
 * With `--reuse` (and `--dir`, a directory an earlier run filled with the same --count and --partners) the fill is
 * skipped: at a million it takes longer than the restarts, and the process's memory then holds no fill's garbage,
 * so `rssMb` is the restarted store's alone. The count, and with --partners a partner list, are checked.
 *
 * What a restart includes: opening the database, every organisation (parsed, shared, frozen and indexed), every
 * tender, and the refresh runs' records. Partner lists are not read at start-up in either case (they are read from
 * the file when asked for: src/refresh/embedded-partner-scores.ts); `--partners 0` only leaves them out of the file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoTenders, generateOrganisations } from '../src/demo/index.ts';
import { FACTORS, type FactorName } from '../src/matching/settings.ts';
import type { FactorScore } from '../src/matching/score.ts';
import { prepareForMatching } from '../src/matching/profile.ts';
import { defaultReference } from '../src/reference/load.ts';
import { EmbeddedPartnerScores } from '../src/refresh/embedded-partner-scores.ts';
import type { PartnerList } from '../src/refresh/types.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { DATABASE_FILE } from '../src/store/embedded/persistence/database.ts';
import { openDataDirectory } from '../src/store/embedded/persistence/store-file.ts';
import { machine, rssMb, round } from './stats.ts';
import { loadavg } from 'node:os';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7' },
    partners: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
if (values.reuse && !values.dir) throw new Error('bench/restart: --reuse needs --dir, the directory to restart from');
const count = Number(values.count);
const partnersPer = Number(values.partners);
const runs = Number(values.runs);
const TARGET_S = count <= 100_000 ? 10 : 60;
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'consortia-restart-'));
const print = (x: object) => console.log(JSON.stringify({ ...x, load: loadavg().map((l) => round(l, 1)) }));

const ref = defaultReference();
print({ bench: 'restart', machine: machine(), count, partnersPer, dir });

// Fill the directory.
let t = performance.now();
if (!values.reuse) {
  const orgs = generateOrganisations(ref, { count, seed: Number(values.seed) });
  const persistence = openDataDirectory(dir);
  const store = new EmbeddedStore({ persistence });
  for (let i = 0; i < orgs.length; i += 1000) await store.upsertOrganisations(orgs.slice(i, i + 1000));
  await store.upsertTenders(demoTenders());
  if (partnersPer > 0) {
    const scores = new EmbeddedPartnerScores(persistence.partnerScores);
    const shardSize = 1000;
    const shards = Math.ceil(orgs.length / shardSize);
    const at = new Date().toISOString();
    await scores.beginRun({
      runId: 'bench-run',
      scope: '',
      asOf: at,
      startedAt: at,
      organisations: orgs.length,
      shards,
      topK: partnersPer,
    });
    const factors = Object.fromEntries(FACTORS.map((f, i) => [f, { score: 0.5 + i / 100, weight: 0.1 }])) as Record<
      FactorName,
      FactorScore
    >;
    for (let s = 0; s < shards; s++) {
      const lists: PartnerList[] = orgs.slice(s * shardSize, (s + 1) * shardSize).map((o, i) => ({
        seekerId: o.id,
        computedAt: at,
        partners: Array.from({ length: partnersPer }, (_, k) => ({
          partnerId: orgs[(s * shardSize + i + k + 1) % orgs.length].id,
          rank: k + 1,
          total: round(0.9 - k / 100, 4),
          factors,
        })),
      }));
      await scores.writeShard('bench-run', s, lists);
    }
    await scores.commitRun('bench-run');
  }
  await store.close();
}
const bytes = statSync(join(dir, DATABASE_FILE)).size + (statSync(join(dir, `${DATABASE_FILE}-wal`), { throwIfNoEntry: false })?.size ?? 0);
print({
  step: values.reuse ? 'reused' : 'filled',
  seconds: round((performance.now() - t) / 1000, 1),
  fileMb: Math.round(bytes / 1024 / 1024),
});

// Time the restarts.
for (let run = 1; run <= runs; run++) {
  t = performance.now();
  const cpu = process.cpuUsage();
  const persistence = openDataDirectory(dir);
  const store = new EmbeddedStore({ persistence, prepare: prepareForMatching(ref) });
  const storeSeconds = (performance.now() - t) / 1000;
  const storeCpu = process.cpuUsage(cpu);
  const scores = new EmbeddedPartnerScores(persistence.partnerScores);
  const totalSeconds = (performance.now() - t) / 1000;
  await store.whenPrepared();
  const profilesSeconds = (performance.now() - t) / 1000;
  const { total } = await store.listOrganisations(0, 0);
  const sample = await scores.getPartners(`CNS-GEN-${String(1).padStart(Math.max(6, String(count).length), '0')}`);
  if (total !== count || (partnersPer > 0 && sample?.partners.length !== partnersPer))
    throw new Error('bench/restart: the reload is incomplete');
  print({
    run,
    organisations: total,
    storeSeconds: round(storeSeconds, 2),
    /** CPU time until then, every thread (the collector's helpers too): on a loaded machine, steadier than the clock */
    storeCpuSeconds: round((storeCpu.user + storeCpu.system) / 1e6, 2),
    withPartnerListsSeconds: round(totalSeconds, 2),
    targetSeconds: TARGET_S,
    met: totalSeconds <= TARGET_S,
    profilesSeconds: round(profilesSeconds, 2),
    rssMb: rssMb(),
  });
  await store.close();
}
if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });
