/**
 * CellIndex.find alone (issue 18): the candidate queries of bench/match.ts's kind of requests (the same generator,
 * seed and request maker; a tender's query as findPartners builds it, vetoes not honoured), over a CellIndex filled
 * in batches of 5,000 as the stores fill theirs. Prints the mean, p50 and p95 of one find in ms.
 *   node --max-old-space-size=6000 --import tsx bench/find-candidates.ts --count 1000000 [--rounds 3]
 * `--against FILE` loads another cell-index.ts (e.g. /work/main/src/store/cell-index.ts) as A, fills both with the same
 * organisations and times them interleaved, alternating which goes first, and counts the queries they answer
 * differently (ids in order): an A/B in one process, on one heap, under one load.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateOrganisations } from '../src/demo/generate.ts';
import { candidateQueryFor } from '../src/matching/candidates.ts';
import { buildContext } from '../src/matching/context.ts';
import { profileOf } from '../src/matching/profile.ts';
import { MATCH_DEFAULTS, resolveWeights } from '../src/matching/settings.ts';
import { HONOUR_NO_VETO } from '../src/matching/vetoes.ts';
import { PartnershipGraph } from '../src/organisations/partnership-graph.ts';
import type { Organisation } from '../src/organisations/schema.ts';
import { defaultReference } from '../src/reference/load.ts';
import { CellIndex } from '../src/store/cell-index.ts';
import type { CandidateQuery } from '../src/store/types.ts';
import { Tender } from '../src/tenders/schema.ts';
import { matchRequests } from './requests.ts';
import { round, summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '7' },
    against: { type: 'string' },
  },
});

interface Finder {
  set(orgs: Iterable<Organisation>): void;
  find(query: CandidateQuery): Organisation[];
}

const loadAverageBefore = os.loadavg().map((x) => round(x, 1));
const ref = defaultReference();
const orgs = generateOrganisations(ref, { count: Number(values.count), seed: Number(values.seed) });
const byId = new Map(orgs.map((o) => [o.id, o]));
const queries = matchRequests(orgs, ref, Number(values.requests), Number(values.seed)).map((request) => {
  const ctx = buildContext(ref, profileOf(byId.get(request.seekerId)!, ref), Tender.parse({ ...request.tender, id: 'BENCH-TENDER' }), {
    weights: resolveWeights(request.weights),
    now: new Date('2026-06-01T00:00:00Z'),
    partnerships: new PartnershipGraph(),
    vetoes: HONOUR_NO_VETO,
  });
  return candidateQueryFor(ctx, MATCH_DEFAULTS.maxCandidates);
});
byId.clear();

const b: Finder = new CellIndex();
const a: Finder | undefined = values.against
  ? new ((await import(path.resolve(values.against))) as { CellIndex: new () => Finder }).CellIndex()
  : undefined;
for (let i = 0; i < orgs.length; i += 5000) {
  const batch = orgs.slice(i, i + 5000);
  a?.set(batch);
  b.set(batch);
}

const timesA: number[] = [];
const timesB: number[] = [];
let found = 0;
let differ = 0;
const timed = (finder: Finder, query: CandidateQuery, times: number[]) => {
  const t = performance.now();
  const out = finder.find(query);
  times.push(performance.now() - t);
  return out;
};
for (let r = 0; r < Number(values.rounds); r++) {
  for (let q = 0; q < queries.length; q++) {
    const aFirst = a && (q + r) % 2 === 0 ? timed(a, queries[q], timesA) : undefined;
    const fromB = timed(b, queries[q], timesB);
    const fromA = aFirst ?? (a ? timed(a, queries[q], timesA) : undefined);
    found += fromB.length;
    if (fromA && (fromA.length !== fromB.length || fromA.some((o, i) => o.id !== fromB[i].id))) differ++;
  }
}
const stats = (times: number[]) => {
  const { p50, p95 } = summarise(times);
  return { mean: round(times.reduce((x, y) => x + y, 0) / times.length, 2), p50, p95 };
};
console.log(
  JSON.stringify({
    organisations: orgs.length,
    queries: queries.length,
    rounds: Number(values.rounds),
    meanFound: Math.round(found / timesB.length),
    findMs: stats(timesB),
    against: a ? { file: values.against, findMs: stats(timesA), queriesAnsweredDifferently: differ } : undefined,
    loadAverage: { before: loadAverageBefore, after: os.loadavg().map((x) => round(x, 1)) },
  }),
);
