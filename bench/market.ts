/**
 * Market view latency on the embedded store at scale (issue 13: p95 ≤ 200 ms for a county-wide tender with 5
 * services at 100,000 organisations).
 *
 *   npx tsx bench/market.ts [--count 100000] [--runs 200] [--warm-up 20] [--seed 7]
 *
 * Loads `count` generated organisations (src/demo generateOrganisations) into an EmbeddedStore, as the service does,
 * then times viewMarket — the store query for every organisation listing a required service in a place of the
 * tender, the supply grid, gaps, concentration, consortia (up to 4 leads' consortium searches), lotting and rules:
 * the whole use case behind POST /v1/market-views, without HTTP — for inline tenders over one English county each
 * (rotating through ten counties), asking for 5 social-care services. Prints p50/p95/p99/max of wall time and of the
 * process's CPU time per request, the mean cells, providers and consortia, and the load average before and after.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generateOrganisations } from '../src/demo/index.ts';
import { MarketRequest } from '../src/market/schema.ts';
import { viewMarket } from '../src/market/view-market.ts';
import { prepareForMatching } from '../src/matching/profile.ts';
import { defaultReference } from '../src/reference/load.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    'warm-up': { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
const warmUp = Number(values['warm-up']);

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const ref = defaultReference();
let t = performance.now();
const orgs = generateOrganisations(ref, { count, seed: Number(values.seed) });
const store = new EmbeddedStore({ prepare: prepareForMatching(ref) }); // as the service does (src/bootstrap.ts)
for (let i = 0; i < orgs.length; i += 5000) await store.upsertOrganisations(orgs.slice(i, i + 5000));
console.log(`loaded ${orgs.length} organisations in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${load()}`);
orgs.length = 0; // the store holds its own copies: measure the service's heap, not the generator's (as bench/match.ts)
await new Promise((resolve) => setTimeout(resolve, 2000)); // let the store finish preparing profiles in the background

// Ten two-tier counties (E10): Devon, Kent, Lancashire, Essex, Hampshire, Norfolk, Surrey, Suffolk, Nottinghamshire, Derbyshire.
const COUNTIES = [
  'E10000008',
  'E10000016',
  'E10000017',
  'E10000012',
  'E10000014',
  'E10000020',
  'E10000030',
  'E10000029',
  'E10000024',
  'E10000007',
];
const SERVICES = ['85311100', '85311200', '85312400', '85311300', '85312320'];
const request = (i: number) =>
  MarketRequest.parse({
    tender: {
      title: `Community support for adults, children and families across ${ref.geography.name(COUNTIES[i % COUNTIES.length])}`,
      cpvCodes: SERVICES,
      deliveryAreas: [COUNTIES[i % COUNTIES.length]],
      valueGbp: 8_000_000,
      contractStart: '2027-04-01T00:00:00Z',
      contractEnd: '2031-03-31T00:00:00Z',
    },
  });
const deps = { store, ref, now: () => new Date('2026-12-01T00:00:00Z') };
for (let i = 0; i < warmUp; i++) await viewMarket(deps, request(i + 1000));

const before = load();
const times: number[] = [];
// CPU time of the process per request (user + system, all its threads, GC included): on a machine shared with other
// work, wall time includes waiting for a core; CPU time is what the request itself cost.
const cpu: number[] = [];
let cells = 0;
let providers = 0;
let consortia = 0;
for (let i = 0; i < runs; i++) {
  const req = request(i);
  t = performance.now();
  const c0 = process.cpuUsage();
  const { view } = await viewMarket(deps, req);
  times.push(performance.now() - t);
  const used = process.cpuUsage(c0);
  cpu.push((used.user + used.system) / 1000);
  cells += view.summary.cells;
  providers += view.providersTotal;
  consortia += view.consortia.length;
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const q = (p: number, xs = times) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))].toFixed(1);
console.log(
  `market view, ${count} organisations, county-wide tender with ${SERVICES.length} services, ${runs} requests after ${warmUp} warm-up: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
);
console.log(`CPU time per request: p50 ${q(0.5, cpu)} ms, p95 ${q(0.95, cpu)} ms, p99 ${q(0.99, cpu)} ms`);
console.log(
  `mean ${(cells / runs).toFixed(0)} cells, ${(providers / runs).toFixed(0)} providers (local or wider claim), ${(consortia / runs).toFixed(1)} consortia; load average before ${before}, after ${load()}`,
);
