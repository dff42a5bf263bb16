/**
 * Consortium search latency on the embedded store at scale (issue 5: ≤ 500 ms p95 at 100,000 organisations).
 *
 *   npx tsx bench/consortia.ts [--count 100000] [--runs 200] [--seed 42]
 *
 * Loads `count` generated organisations (src/demo generateOrganisations) and the demo tenders into an
 * EmbeddedStore, then times buildConsortia — validation, store look-ups, pool queries, pre-filter, solve,
 * explanations and model advice: the whole use case behind POST /v1/consortia, without HTTP — for leads
 * drawn from the organisations that deliver part of each tender in its area (the realistic case) and a few
 * drawn at random. Prints p50/p95/p99/max, the solver used and how often a valid consortium was found.
 */
import { parseArgs } from 'node:util';
import { buildConsortia } from '../src/consortia/build-consortia.ts';
import { ConsortiumRequest } from '../src/consortia/schema.ts';
import { generateOrganisations, demoTenders, Rng } from '../src/demo/index.ts';
import { candidateQueryFor } from '../src/matching/candidates.ts';
import { buildContext } from '../src/matching/context.ts';
import { PartnershipGraph } from '../src/organisations/partnership-graph.ts';
import { prepareForMatching, profileOf } from '../src/matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../src/matching/settings.ts';
import { defaultReference } from '../src/reference/load.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { HONOUR_EVERY_VETO } from '../src/matching/vetoes.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    seed: { type: 'string', default: '42' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
const seed = Number(values.seed);

const ref = defaultReference();
let t = performance.now();
const orgs = generateOrganisations(ref, { count, seed });
const store = new EmbeddedStore({ prepare: prepareForMatching(ref) }); // as the service does (src/bootstrap.ts)
await store.upsertOrganisations(orgs);
const tenders = demoTenders();
await store.upsertTenders(tenders);
console.log(`loaded ${orgs.length} organisations and ${tenders.length} tenders in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// Leads: per tender, organisations delivering part of it in its area (first 40 by the store's order), and a few random ones.
const now = new Date('2026-01-15T09:00:00Z');
const rng = new Rng(seed);
const cases: { tenderId: string; leadId: string }[] = [];
for (const tender of tenders) {
  const anyone = orgs[0];
  const ctx = buildContext(ref, profileOf(anyone, ref), tender, {
    weights: { ...DEFAULT_WEIGHTS },
    now,
    partnerships: new PartnershipGraph(),
    vetoes: HONOUR_EVERY_VETO,
  });
  const local = await store.findCandidates(candidateQueryFor(ctx, 40));
  for (const org of local) cases.push({ tenderId: tender.id, leadId: org.id });
  for (let i = 0; i < 5; i++) cases.push({ tenderId: tender.id, leadId: orgs[rng.nextUint32() % orgs.length].id });
}

// Deterministic shuffle, so a short run still samples every tender.
for (let i = cases.length - 1; i > 0; i--) {
  const j = rng.nextUint32() % (i + 1);
  [cases[i], cases[j]] = [cases[j], cases[i]];
}

const deps = { store, ref, now: () => now };
const warm = Math.min(20, cases.length);
for (let i = 0; i < warm; i++)
  await buildConsortia(deps, ConsortiumRequest.parse({ leadId: cases[i].leadId, tenderId: cases[i].tenderId }));

const times: number[] = [];
const byTender = new Map<string, { times: number[]; found: number; missing: string[] }>();
let found = 0;
let exact = 0;
let searched = 0;
for (let i = 0; i < runs; i++) {
  const c = cases[i % cases.length];
  const request = ConsortiumRequest.parse({ leadId: c.leadId, tenderId: c.tenderId });
  t = performance.now();
  const response = await buildConsortia(deps, request);
  const ms = performance.now() - t;
  times.push(ms);
  const stats = byTender.get(c.tenderId) ?? { times: [], found: 0, missing: [] };
  byTender.set(c.tenderId, stats);
  stats.times.push(ms);
  if (response.consortia.length > 0) {
    found++;
    stats.found++;
  } else stats.missing.push(response.missing[0] ?? '');
  if (response.search.solver === 'exact') exact++;
  searched += response.search.candidatesSearched;
}
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))].toFixed(0);
for (const [id, s] of byTender) {
  console.log(
    `  ${id}: ${s.times.length} requests, p50 ${quantile(s.times, 0.5)} ms, p95 ${quantile(s.times, 0.95)} ms, valid consortium in ${s.found}${s.missing.length > 0 ? `; e.g. missing: ${s.missing[0]}` : ''}`,
  );
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
console.log(
  `consortium search, ${count} organisations, ${runs} requests (${cases.length} lead/tender cases): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
);
console.log(
  `valid consortium found in ${found}/${runs}; exact solver in ${exact}, heuristic in ${runs - exact}; mean candidates searched ${(searched / runs).toFixed(0)}`,
);
