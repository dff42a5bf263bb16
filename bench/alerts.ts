/**
 * Benchmark of the queued alerts run (issue #19's target: 100,000 organisations against 1,000 new notices in
 * ≤ 10 minutes with 2 workers). Not a test: it loads N synthetic organisations into a Neo4j, writes M notices drawn
 * from them to a fresh feed directory, starts the run on BullMQ (queue `alerts-run`, a fresh prefix) with W
 * `workers/refresh-worker.ts` processes, and prints the time from the run being queued to its commit, per notice,
 * the entries written, the load average before and after, and the machine.
 *
 *   npm run bench:alerts                                          # 100,000 × 1,000, 2 workers
 *   npm run bench:alerts -- --smoke                               # 5,000 × 50, for a quick check
 *   npm run bench:alerts -- --orgs 100000 --notices 1000 --workers 1,2 --neo4j bolt://127.0.0.1:7702
 *   npm run bench:alerts -- --keep …  then  … --reuse BAxxxx-     # load the organisations once for several runs
 *
 * Organisations: tests/support/refresh-dataset.ts at bench/refresh.ts's fixed density (N / 338 English local
 * authorities grown from Birmingham, 500 national providers), so a notice's candidate pool stays about the same size
 * whatever N. Notices: src/demo/notices.ts (each drawn from one organisation: 1–3 of its services, one of its areas).
 * No organisation has saved preferences, so every entry is owed on the web channel only and the run's delivery step
 * sends nothing: the figure is the run (feed → candidates → digest → ledger), not email or webhooks.
 *
 * Use a Neo4j of your own: a run writes hundreds of thousands of ledger records. Afterwards the organisations and
 * tenders under the bench's prefix are deleted; the ledger records are left (their ids are digests of the bench's
 * organisation ids, so a later run never meets them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { getAlertRun } from '../src/alerts/run-record.ts';
import { ALERTS_QUEUE_NAME } from '../src/alerts/wiring.ts';
import { generateNotices } from '../src/demo/notices.ts';
import { BullmqQueue } from '../src/queue/bullmq-queue.ts';
import { defaultReference } from '../src/reference/load.ts';
import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import { placesFor, syntheticOrganisations } from '../tests/support/refresh-dataset.ts';
import { round } from './stats.ts';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string' },
    notices: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '2' },
    neo4j: { type: 'string', default: 'bolt://127.0.0.1:7687' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    density: { type: 'string', default: '338' },
    national: { type: 'string', default: '500' },
    seed: { type: 'string', default: '42' },
    /** leave the organisations in Neo4j afterwards (prints their prefix) */
    keep: { type: 'boolean', default: false },
    /** the prefix of organisations a --keep run left, same --orgs: they are not loaded again */
    reuse: { type: 'string' },
  },
});
const SIZES = { full: { orgs: 100_000, notices: 1000 }, smoke: { orgs: 5000, notices: 50 } } as const;
const size = values.smoke ? SIZES.smoke : SIZES.full;
const orgCount = Number(values.orgs ?? size.orgs);
const noticeCount = Number(values.notices ?? size.notices);
const workerCounts = values.workers.split(',').map(Number);
for (const [name, n] of [
  ['--orgs', orgCount],
  ['--notices', noticeCount],
  ['--concurrency', Number(values.concurrency)],
  ...workerCounts.map((w) => ['--workers', w] as const),
] as const)
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench/alerts: ${name} must be a positive whole number`);

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ref = defaultReference();
const silent = pino({ level: 'silent' });
const RUN_AT = '2026-12-05T12:00:00.000Z';

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const cpus = os.cpus();
const machine = `${cpus[0]?.model ?? 'cpu'} × ${cpus.length} cores, ${round(os.totalmem() / 2 ** 30, 1)} GiB RAM, node ${process.version}`;

interface Result {
  workers: number;
  seconds: number;
  shards: number;
  written: number;
  alreadyHeld: number;
  loadBefore: string;
  loadAfter: string;
}

/** Starts W worker processes and resolves once each has logged that it is ready; warnings and errors go to stderr. */
async function startWorkers(count: number, env: NodeJS.ProcessEnv): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/refresh-worker.ts', '--no-schedule'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    ready.push(
      new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`bench/alerts: worker ${i} exited (${code}) before it was ready`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          let entry: { level?: number; msg?: string };
          try {
            entry = JSON.parse(line) as { level?: number; msg?: string };
          } catch {
            process.stderr.write(`  worker ${i}: ${line}\n`);
            return;
          }
          if (entry.msg === 'refresh worker ready') resolve();
          if ((entry.level ?? 0) >= 40) process.stderr.write(`  worker ${i}: ${line}\n`);
        });
      }),
    );
  }
  await Promise.all(ready);
  return children;
}

async function stopWorkers(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(undefined) : c.once('exit', resolve)))));
}

async function runOnce(store: Neo4jStore, workers: number, scope: string, orgs: ReturnType<typeof syntheticOrganisations>) {
  // a fresh feed and fresh notice ids per run: every notice is new to the ledger (alerted versions stay recorded)
  const noticePrefix = `${scope}${randomBytes(3).toString('hex')}-ocds`;
  const feed = mkdtempSync(path.join(os.tmpdir(), 'bench-alerts-'));
  writeFileSync(
    path.join(feed, 'notices.json'),
    JSON.stringify(generateNotices(orgs, { count: noticeCount, seed: Number(values.seed), idPrefix: noticePrefix })),
  );
  const prefix = `bench-alerts-${randomBytes(3).toString('hex')}`;
  const queue = new BullmqQueue({ redisUrl: values.redis, prefix, logger: silent, queueName: ALERTS_QUEUE_NAME });
  const env = {
    ...process.env,
    QUEUE: 'bullmq',
    STORE: 'neo4j',
    NEO4J_URI: values.neo4j,
    REDIS_URL: values.redis,
    QUEUE_PREFIX: prefix,
    ALERTS_FEED: feed,
    WORKER_CONCURRENCY: values.concurrency,
    LOG_LEVEL: 'info',
    DEMO_DATA: 'false',
  };
  let children: ChildProcess[] = [];
  try {
    children = await startWorkers(workers, env);
    const loadBefore = load();
    const runId = `${prefix}-run`; // run records stay in the store: a fresh id per run
    const started = performance.now();
    await queue.enqueueRun({ runId, asOf: RUN_AT });
    let last = '';
    for (;;) {
      const status = await queue.runStatus(runId);
      const line = `  ${status?.state ?? '?'} ${status?.shards?.done ?? 0}/${status?.shards?.total ?? '?'} shards, load ${load()}`;
      if (line.split(', load')[0] !== last.split(', load')[0]) process.stderr.write(`${line}\n`);
      last = line;
      if (status?.state === 'completed') break;
      if (status?.state === 'failed') throw new Error(`bench/alerts: run failed: ${status.failedReason}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const seconds = (performance.now() - started) / 1000;
    const loadAfter = load();
    const run = await getAlertRun(store.records, runId);
    if (run?.status !== 'completed') throw new Error(`bench/alerts: run ended ${run?.status}`);
    if (run.notices.length !== noticeCount)
      throw new Error(`bench/alerts: the feed gave ${run.notices.length} notices, not ${noticeCount} (see the feed report)`);
    return {
      workers,
      seconds,
      shards: run.shards,
      written: run.written ?? 0,
      alreadyHeld: run.alreadyHeld ?? 0,
      loadBefore,
      loadAfter,
    } satisfies Result;
  } finally {
    await stopWorkers(children);
    await queue.obliterate().catch(() => undefined);
    await queue.close();
    const tenders = await store.deleteByIdPrefix(noticePrefix).catch(() => ({ tenders: 0 }));
    process.stderr.write(`  deleted ${tenders.tenders} tenders\n`);
    rmSync(feed, { recursive: true, force: true });
  }
}

const scope = values.reuse ?? `BA${randomBytes(2).toString('hex')}-`;
const store = new Neo4jStore({ uri: values.neo4j, user: 'neo4j', password: '', database: 'neo4j', maxTransactionRetryTimeMs: 60_000 });
console.log(`bench/alerts: ${orgCount} organisations × ${noticeCount} notices; ${machine}`);
try {
  const lads = placesFor(ref, Math.max(1, Math.round(orgCount / Number(values.density))));
  const national = Math.min(0.5, Number(values.national) / orgCount);
  const orgs = syntheticOrganisations(ref, {
    count: orgCount,
    seed: 42,
    idPrefix: scope,
    lads,
    reach: [0.6, 0.25, 0.15 - national, national],
  });
  if (values.reuse === undefined) {
    const loadStarted = performance.now();
    for (let i = 0; i < orgs.length; i += 2000) await store.upsertOrganisations(orgs.slice(i, i + 2000));
    console.log(`loaded ${orgCount} organisations into Neo4j in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
  } else {
    const held = await store.getOrganisations([orgs[0].id, orgs[orgs.length - 1].id]);
    if (held.length !== 2)
      throw new Error(`bench/alerts: --reuse ${scope}: its first and last of ${orgCount} organisations are not in Neo4j`);
  }
  for (const workers of workerCounts) {
    process.stderr.write(`run with ${workers} worker${workers > 1 ? 's' : ''} (concurrency ${values.concurrency} each)\n`);
    const r = await runOnce(store, workers, scope, orgs);
    console.log(
      `workers=${r.workers} concurrency=${values.concurrency}  total ${r.seconds.toFixed(1)} s  ` +
        `${((1000 * r.seconds) / noticeCount).toFixed(0)} ms/notice  ${r.written} entries written ` +
        `(${(r.written / noticeCount).toFixed(0)}/notice, ${r.alreadyHeld} already held) in ${r.shards} shards  ` +
        `load avg before ${r.loadBefore}, after ${r.loadAfter}`,
    );
  }
} finally {
  if (values.keep) console.log(`organisations kept under ${scope} (rerun with --reuse ${scope})`);
  else
    try {
      // organisations in slices of ~1000 ids (one transaction each would not fit Neo4j's memory at 100k)
      const digits = Math.max(0, String(orgCount).length - 3);
      for (let i = 0; i < 10 ** digits; i++) await store.deleteByIdPrefix(`${scope}${digits > 0 ? String(i).padStart(digits, '0') : ''}`);
    } catch (error) {
      process.stderr.write(`  clean-up incomplete (delete ids under ${scope} by hand): ${String(error)}\n`);
    }
  await store.close();
}
process.exit(0);
