/**
 * Match latency benchmark (issue 2; issue 3 adds --store neo4j).
 *   npx tsx bench/match.ts                       # embedded store, 10,000 and 100,000 organisations
 *   npx tsx bench/match.ts --sizes 10000 --requests 300
 * For each size: generate organisations (seeded), load them, then time `findPartners` for seeded
 * requests — a random seeker and a tender of 1–3 CPV codes drawn from the dataset around that seeker's
 * upper-tier authority — and print p50/p95 latency and the process RSS. Warm-up requests are not counted.
 */
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import pino from 'pino';
import { generateOrganisations } from '../src/demo/generate.ts';
import { findPartners } from '../src/matching/find-partners.ts';
import type { MatchRequest } from '../src/matching/schema.ts';
import { defaultReference } from '../src/reference/load.ts';
import type { Reference } from '../src/reference/types.ts';
import { noEvents } from '../src/shared/deps.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import type { Store } from '../src/store/types.ts';
import { matchRequests } from './requests.ts';
import { machine, rssMb, summarise } from './stats.ts';

const opts = new Command()
  .option('--sizes <list>', 'comma-separated organisation counts', '10000,100000')
  .option('--requests <n>', 'timed requests per size', '300')
  .option('--seed <n>', 'PRNG seed', '7')
  .parse()
  .opts<{ sizes: string; requests: string; seed: string }>();

async function timeRequests(store: Store, ref: Reference, requests: MatchRequest[]) {
  const deps = { store, ref, now: () => new Date('2026-06-01T00:00:00Z'), events: noEvents, logger: pino({ level: 'silent' }) };
  const warm = Math.min(30, Math.floor(requests.length / 5));
  const samples: number[] = [];
  let considered = 0;
  for (let i = 0; i < requests.length; i++) {
    const t = performance.now();
    const res = await findPartners(deps, requests[i]);
    if (i >= warm) {
      samples.push(performance.now() - t);
      considered += res.candidatesConsidered;
    }
  }
  return { ...summarise(samples), meanCandidates: Math.round(considered / samples.length) };
}

async function main() {
  const ref = defaultReference();
  console.log(`match benchmark — ${machine()}, ${(await import('node:os')).cpus()[0]?.model}, ${(await import('node:os')).cpus().length} cores`);
  for (const size of opts.sizes.split(',').map(Number)) {
    let t = performance.now();
    const orgs = generateOrganisations(ref, { count: size, seed: Number(opts.seed) });
    const genMs = performance.now() - t;
    t = performance.now();
    const store = new EmbeddedStore();
    for (let i = 0; i < orgs.length; i += 5000) await store.upsertOrganisations(orgs.slice(i, i + 5000));
    const loadMs = performance.now() - t;
    const requests = matchRequests(orgs, ref, Number(opts.requests), Number(opts.seed));
    const result = await timeRequests(store, ref, requests);
    console.log(
      JSON.stringify({ store: 'embedded', organisations: size, generateMs: Math.round(genMs), loadMs: Math.round(loadMs), latencyMs: result, rssMb: rssMb() }),
    );
  }
}

await main();
