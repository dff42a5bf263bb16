/**
 * OCDS import benchmark (issue 6: 10,000 releases into Neo4j in ≤ 30 s).
 *   npx tsx bench/import-ocds.ts                                  # 10,000 releases, seed 1, local Neo4j
 *   npx tsx bench/import-ocds.ts --count 10000 --seed 1 --batch-size 2000 [--uri bolt://…] [--keep]
 *
 * The releases are the 253 real sample releases (Contracts Finder, Public Contracts Scotland, Sell2Wales),
 * drawn with a seeded PRNG and cloned under new ocids (`BENCH-OCDS-<seed>-<run>-<i>`), written as one
 * release package, then imported with the import use case exactly as `consortia import ocds` does: parse →
 * map → one tender per ocid → transactions of BATCH_DEFAULTS.batchSize tenders. Timed twice: the first import (all created) and a
 * second one of the same text (all unchanged). The benchmark's tenders are deleted afterwards unless --keep.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { positiveInt } from '../src/cli/args.ts';
import { loadConfig } from '../src/config.ts';
import { planTenderImport, writeTenderPlan, type TenderImportReport } from '../src/imports/import-tenders.ts';
import { defaultReference } from '../src/reference/load.ts';
import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import { BATCH_DEFAULTS } from '../src/store/write-in-batches.ts';
import { rssMb, seeded } from './stats.ts';

const opts = new Command()
  .name('import-ocds')
  .option('--count <n>', 'releases to import', positiveInt, 10_000)
  .option('--seed <n>', 'PRNG seed for drawing the sample releases', positiveInt, 1)
  .option('--batch-size <n>', 'tenders per transaction', positiveInt, BATCH_DEFAULTS.batchSize)
  .option('--uri <uri>', 'Bolt URI (default: NEO4J_URI or bolt://127.0.0.1:7687)')
  .option('--keep', 'leave the benchmark tenders in Neo4j')
  .parse()
  .opts<{ count: number; seed: number; batchSize: number; uri?: string; keep?: boolean }>();

const SAMPLES = ['england_contracts_finder_2025.json', 'scotland_pcs_2019.json', 'wales_sell2wales_2025.json'];

/** `count` releases cloned from the real samples under new ocids, as one release package. */
function releasePackage(count: number, seed: number, prefix: string): string {
  const samples = SAMPLES.flatMap((name) => {
    const path = fileURLToPath(new URL(`../tests/fixtures/ocds/${name}`, import.meta.url));
    return (JSON.parse(readFileSync(path, 'utf8')) as { releases: Record<string, unknown>[] }).releases;
  });
  const random = seeded(seed);
  const releases = Array.from({ length: count }, (_, i) => {
    const source = samples[Math.floor(random() * samples.length)];
    return { ...structuredClone(source), ocid: `${prefix}${i}`, id: `${prefix}${i}-r1` };
  });
  return JSON.stringify({ uri: 'https://example.org/bench', publishedDate: '2025-01-01T00:00:00Z', version: '1.1', releases });
}

async function timedImport(store: Neo4jStore, text: string) {
  const ref = defaultReference();
  const t0 = performance.now();
  const plan = planTenderImport([{ name: 'bench.json', text }], ref);
  const t1 = performance.now();
  const report: TenderImportReport = await writeTenderPlan(store, plan, { batchSize: opts.batchSize }, t0);
  const t2 = performance.now();
  return { report, parseAndMapMs: Math.round(t1 - t0), writeMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0) };
}

async function main(): Promise<void> {
  const config = loadConfig(opts.uri ? { ...process.env, NEO4J_URI: opts.uri } : process.env);
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  const prefix = `BENCH-OCDS-${opts.seed}-${randomBytes(3).toString('hex')}-`;
  try {
    const health = await store.health();
    if (!health.ok) throw new Error(`import-ocds: ${health.detail} (start one with scripts/neo4j-start.sh)`);
    await store.ensureSchema();
    const text = releasePackage(opts.count, opts.seed, prefix);
    console.log(
      `import-ocds benchmark: ${opts.count} releases (${(text.length / 1e6).toFixed(1)} MB) into ${config.NEO4J_URI} (${health.detail}), ` +
        `${opts.batchSize} per transaction; ${os.cpus()[0]?.model}, ${os.cpus().length} cores`,
    );
    for (const run of ['first', 'second'] as const) {
      const { report, parseAndMapMs, writeMs, totalMs } = await timedImport(store, text);
      console.log(
        JSON.stringify({
          run,
          releases: report.entries,
          imported: report.imported,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected.length,
          superseded: report.superseded.length,
          batches: report.batches,
          parseAndMapMs,
          writeMs,
          wallMs: totalMs,
          releasesPerSecond: Math.round((report.entries / totalMs) * 1000),
          rssMb: rssMb(),
        }),
      );
    }
  } finally {
    if (!opts.keep) await store.deleteByIdPrefix(prefix).catch(() => undefined);
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
