/**
 * Benchmark of a full partner-score refresh (not a test): generated organisations at fixed density, a full run,
 * wall time, CPU time and the cost per organisation, and how the cost grows from the smallest to the largest N.
 *
 *   npx tsx bench/refresh.ts                                   # embedded store + in-process runner, 10k and 100k, 1 and 2 workers
 *   npx tsx bench/refresh.ts --sizes 10000 --workers 1,2 --mode neo4j --neo4j bolt://127.0.0.1:7689
 *   npx tsx bench/refresh.ts --sizes 5000,10000 --workers 2 --incremental 0.01   # then an incremental run after 1% change
 *   node --max-old-space-size=8000 --import tsx bench/refresh.ts --sizes 1000000 --workers 2 --data-dir   # lists on disk
 *   ... --data-dir --save-base DIR --incremental 0.01    # and keep a copy of the data directory after the full run
 *   ... --from-base DIR --incremental 0.01               # an incremental run alone, from a copy of DIR (as after a restart)
 *
 * With `--incremental <share>`, after the full run that share of the organisations changes as organisations do (a
 * service added, or an area replaced by another), the changes are written to the store, and an incremental run
 * (src/refresh/incremental-run.ts) is timed: wall time, what it changed and rewrote, and `--check` lists drawn at
 * random compared with a full recomputation from the changed organisations (they must be equal; exit code 1 if not).
 *
 * Fixed density: N organisations live in N / 338 English local authorities (a contiguous block grown from
 * Birmingham; 100,000 fill England's 296), so every place holds about as many organisations whatever N, and
 * national providers are a fixed 500. Blocking then keeps each organisation's candidate pool the same size,
 * and the cost per organisation should stay flat.
 *
 * Modes: `embedded` runs the in-process runner on the embedded store, shards scored on `workers` threads;
 * `neo4j` loads the organisations into a Neo4j (use a server of your own: the run writes millions of
 * relationships; clean-up deletes everything under the bench prefix) and runs BullMQ with that many
 * `workers/refresh-worker.ts` processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import pino from 'pino';
import { BullmqQueue } from '../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../src/queue/inprocess-queue.ts';
import type { JobQueue } from '../src/queue/types.ts';
import { defaultReference } from '../src/reference/load.ts';
import { EmbeddedPartnerScores } from '../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../src/refresh/jobs.ts';
import { Neo4jPartnerScores } from '../src/refresh/neo4j-partner-scores.ts';
import type { PartnerScoreStore } from '../src/refresh/partner-scores.ts';
import { REFRESH_DEFAULTS, refreshSettings } from '../src/refresh/settings.ts';
import { storeOrganisationSource } from '../src/refresh/snapshot.ts';
import { ThreadComputer } from '../src/refresh/thread-computer.ts';
import { InlineComputer } from '../src/refresh/shard-computer.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../src/store/embedded/persistence/store-file.ts';
import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import { mulberry32 } from '../src/demo/prng.ts';
import type { Organisation } from '../src/organisations/schema.ts';
import { buildSnapshot, computeList } from '../src/refresh/compute-lists.ts';
import type { RunRecord } from '../src/refresh/types.ts';
import type { Store } from '../src/store/types.ts';
import { placesFor, syntheticOrganisations } from '../tests/support/refresh-dataset.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    workers: { type: 'string', default: '1,2' },
    mode: { type: 'string', default: 'embedded' },
    neo4j: { type: 'string', default: 'bolt://127.0.0.1:7687' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    'top-k': { type: 'string', default: '50' },
    'shard-size': { type: 'string', default: '1000' },
    'max-candidates': { type: 'string', default: String(REFRESH_DEFAULTS.maxCandidates) },
    density: { type: 'string', default: '338' },
    national: { type: 'string', default: '500' },
    inline: { type: 'boolean', default: false },
    /** after the full run, change this share of the organisations and time an incremental run */
    incremental: { type: 'string' },
    /** lists compared with a full recomputation after the incremental run */
    check: { type: 'string', default: '500' },
    /**
     * embedded mode: keep the store and the lists in a data directory (a fresh temporary one, deleted after), as
     * the default deployment does (DATA_DIR), instead of in memory
     */
    'data-dir': { type: 'boolean', default: false },
    /**
     * embedded mode with --data-dir: after the full run, copy the data directory (store, lists, state) to this path,
     * so that --from-base can time incremental runs again without the full run (at 1,000,000 it takes ~20 minutes)
     */
    'save-base': { type: 'string' },
    /**
     * embedded mode: start from a copy of a directory --save-base wrote (same --sizes, --density, --national, one
     * size and one worker count) instead of loading the organisations and running a full run; the full run's
     * figures are then those of the copy's run and its wall time is not known (printed as 0)
     */
    'from-base': { type: 'string' },
    /** seconds between progress lines on stderr (shards done, elapsed, RSS, load average); 0: none */
    progress: { type: 'string', default: '30' },
  },
});
const incrementalShare = values.incremental === undefined ? undefined : Number(values.incremental);
const sizes = values.sizes.split(',').map(Number);
const workerCounts = values.workers.split(',').map(Number);
const topK = Number(values['top-k']);
const shardSize = Number(values['shard-size']);
const maxCandidates = Number(values['max-candidates']);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ref = defaultReference();
const silent = pino({ level: 'silent' });
const AS_OF = '2026-03-01T02:00:00.000Z';

interface Result {
  mode: string;
  n: number;
  workers: number;
  wallS: number;
  cpuS: number;
  lists: number;
  partners: number;
  /** bytes of the run's state blobs (gzip'd) */
  stateBytes: number;
  incremental?: IncrementalResult;
}

const blobBytes = async (scores: PartnerScoreStore, runId: string) =>
  (await scores.readStates(runId)).reduce((n, blob) => n + blob.length, 0);

interface IncrementalResult {
  edited: number;
  wallS: number;
  run: RunRecord;
  /** seconds by phase, when the run logged in this process */
  phases?: { load: number; step: number; read: number; apply: number };
  checked: number;
  wrong: number;
  loadBefore: string;
  loadAfter: string;
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * `share` of the organisations changed as organisations change: half gain a service another organisation offers,
 * half have one of their areas replaced by one of another's (copies; the input is untouched). Returns the changed ones.
 */
function realisticChanges(orgs: readonly Organisation[], share: number, seed = 17): Organisation[] {
  const rng = mulberry32(seed);
  const changed = new Map<string, Organisation>();
  const edits = Math.max(1, Math.round(orgs.length * share));
  while (changed.size < edits) {
    const picked = orgs[Math.floor(rng() * orgs.length)];
    const org = structuredClone(changed.get(picked.id) ?? picked);
    const other = orgs[Math.floor(rng() * orgs.length)];
    if (rng() < 0.5) {
      const service = other.services.find((code) => !org.services.includes(code));
      if (!service) continue;
      org.services = [...org.services, service];
    } else {
      const area = other.areas.find((code) => !org.areas.includes(code));
      if (!area || org.areas.length === 0) continue;
      const at = Math.floor(rng() * org.areas.length);
      org.areas = org.areas.map((code, i) => (i === at ? area : code));
    }
    changed.set(org.id, org);
  }
  return [...changed.values()];
}

/** Changes the organisations, runs an incremental run, and checks a sample of lists against a full recomputation. */
async function incrementalAfter(
  share: number,
  orgs: Organisation[],
  world: { store: Store; queue: JobQueue; scores: PartnerScoreStore; scope: string; logged?: () => IncrementalResult['phases'] },
): Promise<IncrementalResult> {
  const { store, queue, scores, scope } = world;
  const changed = realisticChanges(orgs, share);
  for (let i = 0; i < changed.length; i += 2000) await store.upsertOrganisations(changed.slice(i, i + 2000));
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (const org of changed) byId.set(org.id, org);
  const loadBefore = loadAverage();
  const started = performance.now();
  const { runId } = await queue.enqueueRun({
    runId: `${scope || 'BENCH-'}inc-${randomBytes(2).toString('hex')}`,
    scope,
    kind: 'incremental',
  });
  await waitForRun(queue, runId, scores);
  const wallS = (performance.now() - started) / 1000;
  const loadAfter = loadAverage();
  const run = (await scores.getRun(runId))!;
  if (run.status !== 'applied') throw new Error(`incremental run ended ${run.status}: ${run.failedReason}`);

  const snapshot = buildSnapshot(ref, byId.values());
  const options = { topK, maxCandidates, asOf: new Date(AS_OF), computedAt: 'check' };
  const ids = [...byId.keys()];
  const rng = mulberry32(99);
  const sample = Math.min(Number(values.check), ids.length);
  let wrong = 0;
  for (let i = 0; i < sample; i++) {
    const id = ids[Math.floor(rng() * ids.length)];
    const stored = await scores.getPartners(id, scope);
    if (!isDeepStrictEqual(stored?.partners ?? [], computeList(ref, snapshot, byId.get(id)!, options).partners)) wrong++;
  }
  return { edited: changed.length, wallS, run, phases: world.logged?.(), checked: sample, wrong, loadBefore, loadAfter };
}

/** A logger that keeps the incremental run's summary line (its phases), silent otherwise. */
function phaseLogger() {
  let phases: IncrementalResult['phases'];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; phase?: string; seconds?: IncrementalResult['phases']; time?: number };
        if (entry.msg === 'incremental refresh run applied') phases = entry.seconds;
        if (entry.msg === 'incremental refresh run phase') phaseLine(entry);
      }
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), phases: () => phases };
}

/** When the run's first phase (reading state) started, pino's `time`: each phase line says how far into the run it starts. */
let firstPhaseAt: number | undefined;

/**
 * An incremental run's phase as it starts: seconds into the run (the load phase has three parts, reading the state,
 * loading the organisations and decoding the state, which only these lines tell apart), the seconds of the phases
 * before it, this process's RSS.
 */
function phaseLine(entry: { phase?: string; seconds?: IncrementalResult['phases']; time?: number }): void {
  const rss = (process.memoryUsage.rss() / 1e9).toFixed(1);
  if (entry.phase === 'reading state') firstPhaseAt = entry.time;
  const at =
    entry.time === undefined
      ? ''
      : `at ${((entry.time - (firstPhaseAt ??= entry.time)) / 1000).toFixed(1)} s (process ${process.uptime().toFixed(1)} s): `;
  process.stderr.write(
    `  incremental: ${at}${entry.phase} (so far ${JSON.stringify(entry.seconds)}), RSS ${rss} GB, load ${loadAverage()}\n`,
  );
}

function dataset(n: number, prefix: string) {
  const lads = placesFor(ref, Math.max(1, Math.round(n / Number(values.density))));
  const national = Math.min(0.5, Number(values.national) / n);
  return syntheticOrganisations(ref, { count: n, seed: 42, idPrefix: prefix, lads, reach: [0.6, 0.25, 0.15 - national, national] });
}

async function waitForRun(queue: JobQueue, runId: string, scores: PartnerScoreStore): Promise<void> {
  let last = '';
  for (;;) {
    const status = await queue.runStatus(runId);
    const run = await scores.getRun(runId);
    const line = `  ${status?.state ?? '?'} ${run?.shardsDone ?? 0}/${run?.shards ?? '?'} shards`;
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
    if (status?.state === 'completed') return;
    if (status?.state === 'failed') throw new Error(`run failed: ${status.failedReason}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Prints shards done, elapsed time, RSS and load average every `--progress` seconds until stopped. */
function progressLines(scores: PartnerScoreStore, runId: () => string | undefined): () => void {
  const every = Number(values.progress) * 1000;
  if (!(every > 0)) return () => {};
  const started = performance.now();
  const timer = setInterval(() => {
    const id = runId();
    void (id ? scores.getRun(id) : Promise.resolve(undefined)).then((run) => {
      const minutes = ((performance.now() - started) / 60_000).toFixed(1);
      const rss = (process.memoryUsage.rss() / 1e9).toFixed(1);
      process.stderr.write(
        `  ${minutes} min: ${run?.shardsDone ?? 0}/${run?.shards ?? '?'} shards, RSS ${rss} GB, load ${loadAverage()}\n`,
      );
    });
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}

async function embedded(n: number, workers: number): Promise<Result> {
  let orgs: Organisation[] | undefined = dataset(n, 'BENCH-');
  const fromBase = values['from-base'];
  const dir = values['data-dir'] || fromBase ? mkdtempSync(join(tmpdir(), 'consortia-bench-refresh-')) : undefined;
  const loadStarted = performance.now();
  if (fromBase) cpSync(fromBase, dir!, { recursive: true });
  let store = new EmbeddedStore(dir ? { persistence: openDataDirectory(dir) } : {});
  if (!fromBase) for (let i = 0; i < orgs.length; i += 5000) await store.upsertOrganisations(orgs.slice(i, i + 5000));
  process.stderr.write(
    `  ${fromBase ? `opened a copy of ${fromBase} in ${dir}` : `loaded ${n} organisations${dir ? ` into ${dir}` : ''}`} in ` +
      `${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`,
  );
  // The store holds the records now; the generated copy is kept only for the incremental run's check.
  if (incrementalShare === undefined) orgs = undefined;
  let scores = new EmbeddedPartnerScores(store.partnerScorePersistence());
  const logged = phaseLogger();
  const computer = values.inline
    ? new InlineComputer(ref, () => new Date().toISOString(), REFRESH_DEFAULTS.yieldEvery)
    : new ThreadComputer(workers);
  const wire = () =>
    new InProcessQueue(
      refreshHandlers({
        ref,
        store,
        scores,
        source: storeOrganisationSource(store),
        settings: refreshSettings({ REFRESH_TOP_K: topK, REFRESH_SHARD_SIZE: shardSize }, { maxCandidates }),
        now: () => new Date(),
        logger: logged.logger,
        computer,
      }),
      { concurrency: workers + 1 }, // as src/refresh/wiring.ts sets it
    );
  let queue = wire();
  const cpu = process.cpuUsage(); // the whole process, worker threads included
  const started = performance.now();
  const queued: { runId?: string } = {};
  const stopProgress = progressLines(scores, () => queued.runId);
  const runId = fromBase ? (await scores.currentRun(''))!.runId : (await queue.enqueueRun({ asOf: AS_OF })).runId;
  queued.runId = runId;
  await queue.whenIdle();
  stopProgress();
  const wallS = fromBase ? 0 : (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const run = (await scores.getRun(runId))!;
  if (run.status !== 'current') throw new Error(`run ended ${run.status}: ${run.failedReason}`);
  const stateBytes = await blobBytes(scores, runId);
  if (values['save-base'] && dir) {
    // Closed first, so that the copy is the store as a restart finds it; then reopened, as the incremental run needs it.
    await queue.close();
    await store.close();
    cpSync(dir, values['save-base'], { recursive: true });
    process.stderr.write(`  base saved in ${values['save-base']}\n`);
    store = new EmbeddedStore({ persistence: openDataDirectory(dir) });
    scores = new EmbeddedPartnerScores(store.partnerScorePersistence());
    queue = wire();
  }
  const incremental =
    incrementalShare === undefined
      ? undefined
      : await incrementalAfter(incrementalShare, orgs!, { store, queue, scores, scope: '', logged: logged.phases });
  await queue.close();
  await computer.close();
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  return {
    mode: 'embedded + in-process',
    n,
    workers,
    wallS,
    cpuS: (used.user + used.system) / 1e6,
    lists: run.lists,
    partners: run.partners,
    stateBytes,
    incremental,
  };
}

async function neo4j(n: number, workers: number): Promise<Result> {
  const scope = `BENCH-${randomBytes(3).toString('hex')}-`;
  const connection = { uri: values.neo4j, user: 'neo4j', password: '', database: 'neo4j' };
  const store = new Neo4jStore({ ...connection, maxTransactionRetryTimeMs: 60_000 });
  const scores = new Neo4jPartnerScores({ client: store.client }); // one driver per process, as in the API
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const queue = new BullmqQueue({ redisUrl: values.redis, prefix, logger: silent });
  const children: ChildProcess[] = [];
  let workerPhases: IncrementalResult['phases'];
  try {
    const orgs = dataset(n, scope);
    const loadStarted = performance.now();
    for (let i = 0; i < orgs.length; i += 2000) await store.upsertOrganisations(orgs.slice(i, i + 2000));
    process.stderr.write(`  loaded ${n} organisations into Neo4j in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`);
    const env = {
      ...process.env,
      QUEUE: 'bullmq',
      STORE: 'neo4j',
      NEO4J_URI: values.neo4j,
      REDIS_URL: values.redis,
      QUEUE_PREFIX: prefix,
      REFRESH_TOP_K: String(topK),
      REFRESH_SHARD_SIZE: String(shardSize),
      WORKER_CONCURRENCY: '1',
      // info, for the incremental run's summary line (its phases); other lines below warn are dropped
      LOG_LEVEL: 'info',
      DEMO_DATA: 'false',
    };
    for (let i = 0; i < workers; i++) {
      const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'workers/refresh-worker.ts', '--no-schedule'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.setEncoding('utf8');
      let rest = '';
      child.stdout.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          let entry: { level?: number; msg?: string; phase?: string; seconds?: IncrementalResult['phases'] };
          try {
            entry = JSON.parse(line) as typeof entry;
          } catch {
            process.stderr.write(`${line}\n`);
            continue;
          }
          if (entry.msg === 'incremental refresh run applied') workerPhases = entry.seconds;
          else if (entry.msg === 'incremental refresh run phase') phaseLine(entry);
          else if ((entry.level ?? 0) >= 40) process.stderr.write(`${line}\n`);
        }
      });
      children.push(child);
    }
    await new Promise((resolve) => setTimeout(resolve, 4000)); // workers load the reference data
    const started = performance.now();
    const { runId } = await queue.enqueueRun({ runId: `${scope}run`, scope, asOf: AS_OF });
    await waitForRun(queue, runId, scores);
    const wallS = (performance.now() - started) / 1000;
    const run = (await scores.getRun(runId))!;
    const stateBytes = await blobBytes(scores, runId);
    const incremental =
      incrementalShare === undefined
        ? undefined
        : await incrementalAfter(incrementalShare, orgs, { store, queue, scores, scope, logged: () => workerPhases });
    return {
      mode: 'neo4j + bullmq',
      n,
      workers,
      wallS,
      cpuS: Number.NaN,
      lists: run.lists,
      partners: run.partners,
      stateBytes,
      incremental,
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(undefined) : c.once('exit', resolve)))));
    try {
      await scores.deleteScope(scope); // the run's rows, in batches
      // Organisations in slices of ~1000 ids (one transaction each would not fit Neo4j's memory at 100k).
      const width = String(n).length;
      const digits = Math.max(0, width - 3);
      for (let i = 0; i < 10 ** digits; i++) await store.deleteByIdPrefix(`${scope}${digits > 0 ? String(i).padStart(digits, '0') : ''}`);
    } catch (error) {
      process.stderr.write(`  clean-up incomplete (delete ids under ${scope} by hand): ${String(error)}\n`);
    }
    await queue.obliterate();
    await queue.close();
    await scores.close();
    await store.close();
  }
}

const results: Result[] = [];
for (const n of sizes) {
  for (const workers of workerCounts) {
    process.stderr.write(`${values.mode} n=${n} workers=${workers}\n`);
    const result = values.mode === 'neo4j' ? await neo4j(n, workers) : await embedded(n, workers);
    results.push(result);
    const perOrgMs = (1000 * result.wallS) / n;
    const cpuPerOrgMs = (1000 * result.cpuS) / n;
    console.log(
      `${result.mode.padEnd(22)} N=${String(n).padStart(7)} workers=${workers}  wall ${result.wallS.toFixed(1).padStart(7)} s  ` +
        `${perOrgMs.toFixed(2)} ms/org wall` +
        (Number.isNaN(result.cpuS) ? '' : `, ${cpuPerOrgMs.toFixed(2)} ms/org CPU`) +
        `  (${result.lists} lists, ${result.partners} partners; state blobs ${(result.stateBytes / 1e6).toFixed(1)} MB, ` +
        `${Math.round(result.stateBytes / result.lists)} B/list gzip'd, records included)`,
    );
    const inc = result.incremental;
    if (inc) {
      const c = inc.run.increment!;
      console.log(
        `  incremental after ${inc.edited} organisations changed (${incrementalShare}): wall ${inc.wallS.toFixed(1)} s ` +
          (result.wallS > 0 ? `(${((100 * inc.wallS) / result.wallS).toFixed(0)}% of the full run)` : '(from a saved base)') +
          (inc.phases
            ? `; load ${inc.phases.load.toFixed(2)} s, step ${inc.phases.step.toFixed(2)} s, read ${inc.phases.read.toFixed(2)} s, apply ${inc.phases.apply.toFixed(2)} s`
            : '') +
          `\n    ${c.changedOrganisations} changed organisations (with partners), ${c.listsRewritten} lists rewritten, ` +
          `${c.listsRecomputed} recomputed in full, ${c.listsRemoved} removed` +
          `\n    check: ${inc.checked - inc.wrong}/${inc.checked} sampled lists equal a full recomputation; load average ${inc.loadBefore} → ${inc.loadAfter}`,
      );
      if (inc.wrong > 0) process.exitCode = 1;
    }
  }
}
if (sizes.length > 1) {
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  for (const workers of workerCounts) {
    const a = results.find((r) => r.n === small && r.workers === workers)!;
    const b = results.find((r) => r.n === large && r.workers === workers)!;
    const ratio = b.wallS / a.wallS;
    console.log(
      `growth ${small}→${large} (${workers} worker${workers > 1 ? 's' : ''}): total time ×${ratio.toFixed(2)} for N ×${(large / small).toFixed(0)}; ` +
        `cost per organisation ×${((ratio * small) / large).toFixed(2)}` +
        (Number.isNaN(a.cpuS) ? '' : ` (CPU ×${(((b.cpuS / a.cpuS) * small) / large).toFixed(2)})`),
    );
  }
}
process.exit(process.exitCode ?? 0);
