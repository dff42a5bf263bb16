/**
 * Match latency benchmark (issue 2; issue 3 adds --store neo4j).
 *   npx tsx bench/match.ts                       # embedded store, 10,000 and 100,000 organisations
 *   npx tsx bench/match.ts --sizes 10000 --requests 300
 *   npx tsx bench/match.ts --store neo4j --uri bolt://127.0.0.1:7688 --sizes 100000 --requests 300
 * For each size: generate organisations (seeded), load them, then time `findPartners` for seeded
 * requests — a random seeker and a tender of 1–3 CPV codes drawn from the dataset around that seeker's
 * upper-tier authority — and print p50/p95 latency and the process RSS. Warm-up requests (--warm-up, a seeded set of
 * their own) run first and are not timed.
 *
 * With --store neo4j the generated organisations are loaded into that Neo4j (use a database of its own: the
 * dataset must be the only organisations in it). A database that already holds exactly this dataset (same
 * count, and a sample of records re-upserted comes back all unchanged) is reused; otherwise the load runs, which
 * is idempotent. The store keeps its in-process read model as the API does (NEO4J_READ_MODEL, default on:
 * src/store/neo4j/read-model.ts), built before timing, and the build time is printed (readModelBuildMs; with the
 * matching profiles it builds after, in the background: readModelPreparedMs); with
 * --no-read-model every read goes to Neo4j, as before the read model, and the adapter's cache of decoded
 * organisations is filled first (warmOrganisationCache; --cold skips that, to time a process whose cache is empty).
 * The first --baseline-requests are also answered by the peer baseline, cypher/baseline-rank-partners.cypher (the
 * whole ranking as one Cypher query), and the ratio baseline/ours on those same requests is printed. By default the
 * peer answers them after all of ours are timed (pairing "phased"): on a machine with few cores the JVM's work after
 * each peer query (GC, plan cache) otherwise lands on our next request. --interleave times each peer query right
 * after ours on the same request, as the benchmark did before 2026-12-06. The baseline is
 * timed from sending the query to its 20 rows (its parameters are prepared beforehand), ours end to end through
 * `findPartners`: both favour the baseline, not us.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import neo4j from 'neo4j-driver';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { generateOrganisations } from '../src/demo/generate.ts';
import { candidateQueryFor, containingAreas } from '../src/matching/candidates.ts';
import { buildContext } from '../src/matching/context.ts';
import { PartnershipGraph } from '../src/organisations/partnership-graph.ts';
import { findPartners } from '../src/matching/find-partners.ts';
import { prepareForMatching, profileOf } from '../src/matching/profile.ts';
import type { MatchRequest } from '../src/matching/schema.ts';
import { MATCH_DEFAULTS, resolveWeights } from '../src/matching/settings.ts';
import type { Organisation } from '../src/organisations/schema.ts';
import { defaultReference } from '../src/reference/load.ts';
import type { Reference } from '../src/reference/types.ts';
import { noEvents } from '../src/shared/deps.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { CYPHER_DIR } from '../src/store/neo4j/cypher-loader.ts';
import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import type { Store } from '../src/store/types.ts';
import { loadOrganisations } from '../src/store/write-in-batches.ts';
import { Tender } from '../src/tenders/schema.ts';
import { matchRequests } from './requests.ts';
import { machine, round, rssMb, summarise } from './stats.ts';
import { HONOUR_EVERY_VETO } from '../src/matching/vetoes.ts';

const opts = new Command()
  .option('--store <kind>', 'embedded or neo4j', 'embedded')
  .option('--uri <uri>', 'Bolt URI for --store neo4j (default: NEO4J_URI or bolt://127.0.0.1:7687)')
  .option('--sizes <list>', 'comma-separated organisation counts', '10000,100000')
  .option('--requests <n>', 'timed requests per size', '300')
  .option(
    '--warm-up <n>',
    'untimed requests first (a seeded set of their own), as a long-running service has seen: both JVMs, Node and Neo4j, need a few hundred',
    '500',
  )
  .option('--baseline-requests <n>', 'of those, how many the peer baseline also answers (neo4j only)', '100')
  .option('--interleave', 'time each peer query right after ours on the same request, not after all of ours')
  .option('--cache-size <n>', 'Neo4j adapter: decoded organisations kept (0: no cache)')
  .option('--cold', 'Neo4j adapter without the read model: do not warm the cache before timing')
  .option('--no-read-model', 'Neo4j adapter: no in-process read model (every read goes to Neo4j)')
  .option('--seed <n>', 'PRNG seed', '7')
  .option(
    '--profile <file>',
    'write a CPU profile (.cpuprofile) of the timed requests only (node:inspector), not of generating and loading',
  )
  .parse()
  .opts<{
    store: string;
    uri?: string;
    sizes: string;
    requests: string;
    warmUp: string;
    baselineRequests: string;
    interleave?: boolean;
    cacheSize?: string;
    cold?: boolean;
    readModel: boolean;
    seed: string;
    profile?: string;
  }>();

const NOW = new Date('2026-06-01T00:00:00Z');
/**
 * Warm-up queries for the peer baseline. Each takes 200–400 ms and walks thousands of rows, so Neo4j compiles its
 * code paths within a few; 30 cost ≈6 s.
 */
const BASELINE_WARM_UP = 30;

/**
 * Runs the warm-up requests (their own seeded set, not timed), then times each request; the first
 * `baseline.requests` of them are also answered by the peer baseline: right after ours when `interleave`, else once
 * all of ours are timed.
 */
async function timeRequests(
  store: Store,
  ref: Reference,
  warmUp: MatchRequest[],
  requests: MatchRequest[],
  baseline?: Baseline,
  interleave = false,
) {
  const deps = { store, ref, now: () => NOW, events: noEvents, logger: pino({ level: 'silent' }) };
  for (let i = 0; i < warmUp.length; i++) {
    await findPartners(deps, warmUp[i]);
    if (baseline && baseline.requests > 0 && i < BASELINE_WARM_UP) await baseline.run(baseline.params(warmUp[i]));
  }
  const samples: number[] = [];
  const baselineSamples: number[] = [];
  let considered = 0;
  const profiler = opts.profile ? await startProfile() : undefined;
  for (let i = 0; i < requests.length; i++) {
    const t = performance.now();
    const res = await findPartners(deps, requests[i]);
    samples.push(performance.now() - t);
    considered += res.candidatesConsidered;
    if (interleave && baseline && i < baseline.requests) baselineSamples.push(await timeBaseline(baseline, requests[i]));
  }
  if (profiler) await stopProfile(profiler, opts.profile!);
  if (!interleave && baseline) {
    for (let i = 0; i < Math.min(baseline.requests, requests.length); i++) baselineSamples.push(await timeBaseline(baseline, requests[i]));
  }
  return {
    ours: { ...summarise(samples), meanCandidates: Math.round(considered / samples.length) },
    /** ours over the requests the baseline answered too: the ratio compares like with like */
    oursPaired: baselineSamples.length > 0 ? summarise(samples.slice(0, baselineSamples.length)) : undefined,
    baseline: baselineSamples.length > 0 ? summarise(baselineSamples) : undefined,
  };
}

/** --profile: the inspector's CPU profiler, started just before the timed requests. */
async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

/** One peer query, timed from sending it (its parameters prepared beforehand) to its rows. */
async function timeBaseline(baseline: Baseline, request: MatchRequest): Promise<number> {
  const params = baseline.params(request);
  const t = performance.now();
  await baseline.run(params);
  return performance.now() - t;
}

interface Baseline {
  requests: number;
  params(request: MatchRequest): Record<string, unknown>;
  run(params: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** The peer baseline: cypher/baseline-rank-partners.cypher, parameters built from the same request. */
function peerBaseline(
  uri: string,
  config: ReturnType<typeof loadConfig>,
  ref: Reference,
  orgs: readonly Organisation[],
  requests: number,
): Baseline {
  const text = readFileSync(path.join(CYPHER_DIR, 'baseline-rank-partners.cypher'), 'utf8');
  const auth = config.NEO4J_PASSWORD ? neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD) : undefined;
  const driver = neo4j.driver(uri, auth, { disableLosslessIntegers: true });
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return {
    requests,
    params(request) {
      const seeker = byId.get(request.seekerId)!;
      const tender = Tender.parse({ ...request.tender, id: 'BENCH-TENDER' });
      const ctx = buildContext(ref, profileOf(seeker, ref), tender, {
        weights: resolveWeights(request.weights),
        now: NOW,
        partnerships: new PartnershipGraph(),
        vetoes: HONOUR_EVERY_VETO,
      });
      const query = candidateQueryFor(ctx, MATCH_DEFAULTS.maxCandidates);
      return {
        seekerId: seeker.id,
        serviceCodes: query.serviceCodes,
        areaCodes: query.areaCodes ?? [],
        tenderAreaCodes: containingAreas([...ctx.tenderLads], ref),
        thresholdGbp: ctx.thresholdGbp ?? null,
        limit: neo4j.int(request.limit ?? MATCH_DEFAULTS.limit),
      };
    },
    async run(params) {
      await driver.executeQuery(text, params, { database: config.NEO4J_DATABASE, routing: neo4j.routing.READ });
    },
    close: () => driver.close(),
  };
}

/** Reuses the database when it holds exactly `orgs` (count, and a sample re-upserted unchanged); else loads. */
async function ensureLoaded(store: Neo4jStore, orgs: readonly Organisation[]): Promise<{ reused: boolean; loadMs: number }> {
  const t = performance.now();
  const stored = (await store.listOrganisations(0, 0)).total;
  if (stored > orgs.length)
    throw new Error(
      `bench/match: the database holds ${stored} organisations, more than the ${orgs.length} generated; use a database of its own (see docs/neo4j-local.md)`,
    );
  if (stored === orgs.length) {
    const step = Math.max(1, Math.floor(orgs.length / 200));
    const sample = orgs.filter((_, i) => i % step === 0);
    const check = await store.upsertOrganisations(sample);
    if (check.unchanged === sample.length) return { reused: true, loadMs: Math.round(performance.now() - t) };
  }
  await loadOrganisations(store, orgs);
  return { reused: false, loadMs: Math.round(performance.now() - t) };
}

async function main() {
  const ref = defaultReference();
  const cpus = os.cpus();
  console.log(`match benchmark — ${machine()}, ${cpus[0]?.model}, ${cpus.length} cores, store ${opts.store}`);
  const config = loadConfig(opts.uri ? { ...process.env, NEO4J_URI: opts.uri } : process.env);
  for (const size of opts.sizes.split(',').map(Number)) {
    const loadAverageBefore = os.loadavg().map((x) => round(x, 1));
    let t = performance.now();
    const orgs: Organisation[] = generateOrganisations(ref, { count: size, seed: Number(opts.seed) });
    const genMs = performance.now() - t;
    const requests = matchRequests(orgs, ref, Number(opts.requests), Number(opts.seed));
    const warmUp = matchRequests(orgs, ref, Number(opts.warmUp), Number(opts.seed) + 1);
    if (opts.store === 'neo4j') {
      const store = new Neo4jStore({
        uri: config.NEO4J_URI,
        user: config.NEO4J_USER,
        password: config.NEO4J_PASSWORD,
        database: config.NEO4J_DATABASE,
        organisationCacheSize: opts.cacheSize !== undefined ? Number(opts.cacheSize) : undefined,
        // as the API builds it (src/bootstrap.ts, src/store/registry.ts): profiles built as organisations come in
        readModel: opts.readModel ? { prepare: prepareForMatching(ref) } : undefined,
      });
      const seekerIds = new Set([...warmUp, ...requests].map((r) => r.seekerId));
      const seekers = orgs.filter((o) => seekerIds.has(o.id)); // the baseline's parameters need only these
      const baseline = peerBaseline(config.NEO4J_URI, config, ref, seekers, Math.min(Number(opts.baselineRequests), requests.length));
      try {
        const health = await store.health();
        if (!health.ok) throw new Error(`bench/match: ${health.detail} (start one with scripts/neo4j-start.sh)`);
        const { reused, loadMs } = await ensureLoaded(store, orgs);
        orgs.length = 0; // the read model holds its own copies: measure the service's memory, not the generator's
        t = performance.now();
        // As the API does at start-up (Neo4jStore.start, which main.ts runs): build the read model, or warm the cache.
        const readModel = opts.readModel ? await store.readModel!.start() : undefined;
        // profiles are built after the build, in the background; the requests are timed once they are all there
        if (readModel) await store.readModel!.whenPrepared();
        const readModelPreparedMs = readModel ? Math.round(performance.now() - t) : undefined;
        if (!opts.readModel && !opts.cold) await store.warmOrganisationCache();
        const warmCacheMs = opts.readModel || opts.cold ? undefined : Math.round(performance.now() - t);
        const result = await timeRequests(store, ref, warmUp, requests, baseline, opts.interleave === true);
        const cache = store.organisationCache;
        console.log(
          JSON.stringify({
            store: 'neo4j',
            uri: config.NEO4J_URI,
            organisations: size,
            generateMs: Math.round(genMs),
            reused,
            loadMs,
            warmCacheMs,
            readModelBuildMs: readModel?.ms,
            readModelPreparedMs,
            readModelOrganisations: readModel?.organisations,
            readModel: store.readModel?.state(),
            warmUpRequests: warmUp.length,
            latencyMs: result.ours,
            baselineLatencyMs: result.baseline,
            oursOnBaselineRequestsMs: result.oursPaired,
            pairing: opts.interleave ? 'interleaved' : 'phased',
            ratio:
              result.baseline && result.oursPaired
                ? { p50: round(result.baseline.p50 / result.oursPaired.p50, 1), p95: round(result.baseline.p95 / result.oursPaired.p95, 1) }
                : undefined,
            cache: {
              maxEntries: cache.maxEntries,
              size: cache.size,
              hitRate: round(cache.hits / Math.max(1, cache.hits + cache.misses), 3),
            },
            loadAverage: { before: loadAverageBefore, after: os.loadavg().map((x) => round(x, 1)) },
            rssMb: rssMb(),
          }),
        );
      } finally {
        await baseline.close();
        await store.close();
      }
      continue;
    }
    t = performance.now();
    const store = new EmbeddedStore({ prepare: prepareForMatching(ref) }); // as the service does (src/bootstrap.ts)
    for (let i = 0; i < orgs.length; i += 5000) await store.upsertOrganisations(orgs.slice(i, i + 5000));
    const loadMs = performance.now() - t;
    orgs.length = 0; // the store holds its own copies: measure the service's memory, not the generator's
    const result = await timeRequests(store, ref, warmUp, requests);
    (globalThis as { gc?: () => void }).gc?.();
    console.log(
      JSON.stringify({
        store: 'embedded',
        organisations: size,
        generateMs: Math.round(genMs),
        loadMs: Math.round(loadMs),
        warmUpRequests: warmUp.length,
        latencyMs: result.ours,
        rssMb: rssMb(),
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
        loadAverage: { before: loadAverageBefore, after: os.loadavg().map((x) => round(x, 1)) },
      }),
    );
  }
}

await main();
