/**
 * The service under hostile and heavy use (issue #16), measured for the README:
 *   npm run bench:edge                       # all three parts
 *   npm run bench:edge -- --parts load --duration 60 --rate 200
 * 1. pathological: every input in bench/pathological.ts over HTTP, each sent --repeat times to an in-process API on the
 *    embedded store; prints the status, the worst and the median time per input (each must answer within 100 ms).
 * 2. fuzz: --fuzz-runs bodies per write endpoint, generated from its zod schema (tests/support/fuzz-endpoints.ts, the
 *    same property the test checks: no 5xx, bounded size and time); prints the count of each status per endpoint.
 * 3. load: `npm start`'s process (src/main.ts, embedded store, demo data, in-process refresh, the full HTTP edge with
 *    logging) started on a free port with RATE_LIMIT_PER_MINUTE=0 — the per-caller limit is switched off for the
 *    benchmark, which is one caller — then autocannon: GET /v1/organisations/{id} over 50 demo organisations at --rate
 *    requests/s for --duration s (p50/p99), then as fast as it goes for --burst s with 50 connections (requests/s).
 * Prints the load average before and after: on a shared 2-core machine other work moves every figure.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { coreSlices } from '../src/features.ts';
import { importSlice } from '../src/imports/routes.ts';
import { InProcessQueue } from '../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../src/refresh/jobs.ts';
import { refreshSlice } from '../src/refresh/routes.ts';
import { refreshSettings } from '../src/refresh/settings.ts';
import { storeOrganisationSource } from '../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { buildTender } from '../tests/builders.ts';
import { coreDeps, startTestServer } from '../tests/e2e/helpers.ts';
import { fuzzEndpoint, WRITE_ENDPOINTS } from '../tests/support/fuzz-endpoints.ts';
import { syntheticOrganisations } from '../tests/support/refresh-dataset.ts';
import { pathologicalCases } from './pathological.ts';

const program = new Command()
  .option('--parts <list>', 'pathological,fuzz,load', 'pathological,fuzz,load')
  .option('--repeat <n>', 'sends of each pathological input', '10')
  .option('--fuzz-runs <n>', 'generated bodies per write endpoint', '500')
  .option('--rate <n>', 'requests per second of the paced load run', '200')
  .option('--duration <s>', 'seconds of the paced load run', '60')
  .option('--burst <s>', 'seconds of the unthrottled run', '20')
  .parse();
const opts = program.opts<{ parts: string; repeat: string; fuzzRuns: string; rate: string; duration: string; burst: string }>();
const parts = new Set(opts.parts.split(','));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function pathological(): Promise<void> {
  const deps = coreDeps();
  const server = await startTestServer(deps, [...coreSlices(deps), importSlice(deps, { maxBytes: 64 * 1024 * 1024 })]);
  console.log(`\n## pathological inputs (${opts.repeat} sends each; load avg ${load()})`);
  console.log('| input | status | worst ms | median ms |\n| --- | --- | --- | --- |');
  for (const c of pathologicalCases()) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < Number(opts.repeat); i++) {
      const started = performance.now();
      const res = await fetch(server.server.url + c.path, {
        method: c.method,
        headers: { 'content-type': 'application/json' },
        body: c.body,
      });
      await res.text();
      times.push(performance.now() - started);
      status = res.status;
    }
    console.log(
      `| ${c.name} (${(c.body.length / 1000).toFixed(1)} KB) | ${status} | ${Math.max(...times).toFixed(1)} | ${median(times).toFixed(1)} |`,
    );
  }
  await server.close();
}

async function fuzz(): Promise<void> {
  const store = new EmbeddedStore();
  const deps = coreDeps(store);
  const orgs = syntheticOrganisations(deps.ref, { count: 80, seed: 16, idPrefix: 'FZ-' });
  await store.upsertOrganisations(orgs);
  const tenders = [buildTender({ id: 'ocds-fuzz-1' }), buildTender({ id: 'ocds-fuzz-2', lots: [] })];
  await store.upsertTenders(tenders);
  const scores = new EmbeddedPartnerScores();
  const queue = new InProcessQueue(
    refreshHandlers({
      ...deps,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 40 }),
    }),
    { concurrency: 2 },
  );
  const server = await startTestServer(deps, [...coreSlices(deps), refreshSlice(deps, queue, scores)]);
  const known = {
    orgIds: orgs.map((o) => o.id),
    tenderIds: tenders.map((t) => t.id),
    cpvCodes: [...new Set(orgs.flatMap((o) => o.services))],
    areaCodes: [...new Set(orgs.flatMap((o) => o.areas))],
  };
  console.log(`\n## fuzzing (${opts.fuzzRuns} bodies per write endpoint; load avg ${load()})`);
  let total = 0;
  for (const [name, endpoint] of Object.entries(WRITE_ENDPOINTS)) {
    const started = performance.now();
    const statuses = await fuzzEndpoint(server.server.url, endpoint, known, Number(opts.fuzzRuns), 1616);
    total += Object.values(statuses).reduce((a, b) => a + b, 0);
    console.log(`${name}: ${JSON.stringify(statuses)} in ${((performance.now() - started) / 1000).toFixed(1)} s — no 5xx`);
  }
  console.log(`${total} requests, no 5xx`);
  await server.close();
  await queue.close();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function loadRun(): Promise<void> {
  const port = await freePort();
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: ':memory:',
      REFRESH_ON_START: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      QUEUE: 'inprocess',
      STORE: 'embedded',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.resume(); // the request log, read and dropped
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error('the API did not start within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const page = (await (await fetch(`${url}/v1/organisations?limit=50`)).json()) as { items: { id: string }[] };
    const requests = page.items.map((o) => ({ method: 'GET' as const, path: `/v1/organisations/${encodeURIComponent(o.id)}` }));
    console.log(`\n## load: ${url} (npm start's process, embedded store, demo data; RATE_LIMIT_PER_MINUTE=0 for the bench)`);
    const paced = await autocannon({ url, connections: 10, overallRate: Number(opts.rate), duration: Number(opts.duration), requests });
    console.log(
      `paced ${opts.rate} req/s for ${opts.duration} s: ${paced.requests.total} requests, p50 ${paced.latency.p50} ms, p99 ${paced.latency.p99} ms, max ${paced.latency.max} ms, non-2xx ${paced.non2xx}, errors ${paced.errors}; load avg ${load()}`,
    );
    const burst = await autocannon({ url, connections: 50, duration: Number(opts.burst), requests });
    console.log(
      `unthrottled ${opts.burst} s, 50 connections: ${burst.requests.average.toFixed(0)} req/s on average, p50 ${burst.latency.p50} ms, p99 ${burst.latency.p99} ms, non-2xx ${burst.non2xx}, errors ${burst.errors}; load avg ${load()}`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

console.log(`bench/edge: node ${process.version}, ${os.cpus().length} cores, load avg ${load()}`);
if (parts.has('pathological')) await pathological();
if (parts.has('fuzz')) await fuzz();
if (parts.has('load')) await loadRun();
