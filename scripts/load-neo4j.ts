/**
 * Loads the demo dataset, or N generated organisations, into Neo4j (NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD /
 * NEO4J_DATABASE, or --uri) in batches with a progress bar. Idempotent: a second run reports everything
 * unchanged.
 *
 *   npx tsx scripts/load-neo4j.ts                          # demo dataset (organisations and tenders)
 *   npx tsx scripts/load-neo4j.ts --generate 100000 --seed 1 [--batch-size 2000]
 *   npx tsx scripts/load-neo4j.ts --migrate                 # after an upgrade: rewrite what an older graph model wrote
 */
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { positiveInt } from '../src/cli/args.ts';
import { loadConfig } from '../src/config.ts';
import { buildDemoDataset, iterateOrganisations } from '../src/demo/index.ts';
import { loadDemoSources } from '../src/demo/load-sources.ts';
import type { Organisation } from '../src/organisations/schema.ts';
import { defaultReference } from '../src/reference/load.ts';
import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import { BATCH_DEFAULTS, loadOrganisations, loadTenders, type BatchResult } from '../src/store/write-in-batches.ts';
import type { Tender } from '../src/tenders/schema.ts';

const program = new Command()
  .name('load-neo4j')
  .description('Load the demo dataset (default) or a generated one into Neo4j, in batches, idempotently')
  .option('--generate <count>', 'load <count> generated organisations instead of the demo dataset', positiveInt)
  .option('--seed <seed>', 'random seed of the demo/generated data', positiveInt, 1)
  .option('--batch-size <n>', 'records per transaction', positiveInt, BATCH_DEFAULTS.batchSize)
  .option('--concurrency <n>', 'transactions in flight at once', positiveInt, BATCH_DEFAULTS.concurrency)
  .option('--uri <uri>', 'Bolt URI (default: NEO4J_URI or bolt://127.0.0.1:7687)')
  .option('--migrate', 'load nothing: rewrite the organisations an older graph model wrote, from the graph itself')
  .parse();

const opts = program.opts<{ generate?: number; seed: number; batchSize: number; concurrency: number; uri?: string; migrate?: boolean }>();

async function main(): Promise<void> {
  const config = loadConfig(opts.uri ? { ...process.env, NEO4J_URI: opts.uri } : process.env);
  if (opts.migrate) return migrate(config);
  const reference = defaultReference();
  let organisations: Iterable<Organisation>;
  let total: number;
  let tenders: Tender[] = [];
  if (opts.generate !== undefined) {
    organisations = iterateOrganisations(reference, { count: opts.generate, seed: opts.seed });
    total = opts.generate;
  } else {
    const demo = buildDemoDataset(reference, loadDemoSources(), { seed: opts.seed });
    organisations = demo.organisations;
    total = demo.organisations.length;
    tenders = demo.tenders;
  }

  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  try {
    const health = await store.health();
    if (!health.ok) throw new Error(`load-neo4j: ${health.detail} (start one with scripts/neo4j-start.sh)`);
    await store.ensureSchema();
    console.log(
      `load-neo4j: ${total} organisations${tenders.length ? ` and ${tenders.length} tenders` : ''} into ${config.NEO4J_URI} (${health.detail}), ${opts.batchSize} per transaction`,
    );

    const bar = new cliProgress.SingleBar(
      {
        format: 'organisations [{bar}] {value}/{total} | {created} created, {updated} updated, {unchanged} unchanged | {duration}s',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { created: 0, updated: 0, unchanged: 0 });
    let orgResult: BatchResult<Organisation>;
    try {
      orgResult = await loadOrganisations(store, organisations, {
        batchSize: opts.batchSize,
        concurrency: opts.concurrency,
        onProgress: (p) => bar.update(p.done, p.summary),
      });
    } finally {
      bar.stop();
    }
    report('organisations', orgResult);
    if (tenders.length > 0) report('tenders', await loadTenders(store, tenders, { batchSize: opts.batchSize }));
  } finally {
    await store.close();
  }
}

/** Rewrites, batch by batch, the organisations an older graph model wrote (Neo4jStore.migrateModel). */
async function migrate(config: ReturnType<typeof loadConfig>): Promise<void> {
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
    organisationCacheSize: 0,
  });
  try {
    const health = await store.health();
    if (!health.ok) throw new Error(`load-neo4j: ${health.detail} (start one with scripts/neo4j-start.sh)`);
    const outdated = await store.countOutdatedOrganisations();
    console.log(`load-neo4j: ${outdated} organisations in ${config.NEO4J_URI} were written by an older graph model`);
    if (outdated === 0) return;
    const started = Date.now();
    const bar = new cliProgress.SingleBar(
      { format: 'rewriting [{bar}] {value}/{total} | {duration}s', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(outdated, 0);
    let rewritten: number;
    try {
      rewritten = await store.migrateModel({ batchSize: opts.batchSize, onBatch: (n) => bar.update(Math.min(n, outdated)) });
    } finally {
      bar.stop();
    }
    console.log(
      `load-neo4j: ${rewritten} organisations rewritten in ${((Date.now() - started) / 1000).toFixed(1)} s; ${await store.countOutdatedOrganisations()} left`,
    );
  } finally {
    await store.close();
  }
}

function report(what: string, r: BatchResult<unknown>): void {
  const n = r.created + r.updated + r.unchanged;
  const rate = r.ms > 0 ? Math.round((n / r.ms) * 1000) : n;
  console.log(
    `load-neo4j: ${what}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged in ${r.batches} batches, ${(r.ms / 1000).toFixed(1)} s (${rate}/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
