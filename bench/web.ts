/**
 * Web app benchmark (issue 14): the results page — ranked partners as cards — at 100,000 organisations on the
 * embedded store.
 *   npm run bench:web                                   # 100,000 organisations, 300 timed pages
 *   npm run bench:web -- --count 10000 --requests 100
 * 1. Server render: generated organisations (seed 7) loaded into the embedded store, the whole app on a free port;
 *    seeded described tenders (bench/requests.ts, as bench/match.ts uses) sent as results-page addresses. Each page
 *    is timed from the request to the last byte of the gzip'd HTML over loopback: the match, the rendering and
 *    the compression, so an upper bound of the server's time. Warm-up pages first (not timed). Target p95 ≤ 50 ms.
 *    Each page is followed by the same request to findPartners alone, so the page's own cost shows beside the match's;
 *    and the process's CPU time per page is printed too, which other processes' load moves much less than wall time.
 * 2. Page weight: Debian's Chromium opens one results page (empty cache) and adds up every response: bytes on the
 *    wire (compressed) and decoded. Target ≤ 250 KB.
 * Prints the load average before and after: on a shared 2-core machine other work moves the figures.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import pino from 'pino';
import { accessSlice } from '../src/accounts/routes.ts';
import { consortiaSlice } from '../src/consortia/routes.ts';
import { generateOrganisations } from '../src/demo/generate.ts';
import { findPartners } from '../src/matching/find-partners.ts';
import { prepareForMatching } from '../src/matching/profile.ts';
import type { MatchRequest } from '../src/matching/schema.ts';
import { InProcessQueue } from '../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../src/refresh/jobs.ts';
import { refreshSettings } from '../src/refresh/settings.ts';
import { storeOrganisationSource } from '../src/refresh/snapshot.ts';
import { defaultReference } from '../src/reference/load.ts';
import { noEvents, type CoreDeps } from '../src/shared/deps.ts';
import { startWebServer } from '../src/server.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { webSlice } from '../src/web/slice.ts';
import { launchBrowser } from '../tests/browser/app.ts';
import { matchRequests } from './requests.ts';
import { machine, round, rssMb, summarise } from './stats.ts';

const opts = new Command()
  .option('--count <n>', 'organisations generated', '100000')
  .option('--requests <n>', 'timed results pages', '300')
  .option('--warm-up <n>', 'untimed results pages first', '100')
  .parse()
  .opts<{ count: string; requests: string; warmUp: string }>();

const TARGET_P95_MS = 50;
const TARGET_WEIGHT_KB = 250;

/** A described tender as the results page's address (the same parameters the tender form sends). */
function resultsPath(request: MatchRequest): string {
  const t = request.tender!;
  const params = new URLSearchParams([['title', t.title]]);
  for (const code of t.cpvCodes ?? []) params.append('service', code);
  for (const area of t.deliveryAreas ?? []) params.append('area', area);
  if (t.valueGbp !== undefined) params.append('value', String(t.valueGbp));
  return `/organisations/${encodeURIComponent(request.seekerId)}/partners?${params.toString()}`;
}

async function main(): Promise<void> {
  const count = Number(opts.count);
  const cpus = os.cpus();
  console.log(`web benchmark — ${machine()}, ${cpus[0]?.model}, ${cpus.length} cores, embedded store, ${count} organisations`);
  const loadBefore = os.loadavg().map((x) => round(x, 1));

  const ref = defaultReference();
  const store = new EmbeddedStore({ prepare: prepareForMatching(ref) });
  const started = performance.now();
  const orgs = generateOrganisations(ref, { count, seed: 7 });
  for (let i = 0; i < orgs.length; i += 5000) await store.upsertOrganisations(orgs.slice(i, i + 5000));
  console.log(`loaded in ${round((performance.now() - started) / 1000, 1)} s`);

  const deps: CoreDeps = { store, ref, now: () => new Date('2026-06-01T00:00:00Z'), events: noEvents, logger: pino({ level: 'silent' }) };
  const scores = new EmbeddedPartnerScores();
  const queue = new InProcessQueue(
    refreshHandlers({
      ...deps,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 10, REFRESH_SHARD_SIZE: 1000 }),
    }),
    { concurrency: 1 },
  );
  const server = await startWebServer(
    { ...deps, slices: [accessSlice(deps), consortiaSlice(deps), webSlice({ ...deps, queue, scores })] },
    { host: '127.0.0.1', port: 0 },
  );
  try {
    const get = async (path: string) => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await fetch(server.url + path, { headers: { 'accept-encoding': 'gzip' } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      const cpu = process.cpuUsage(cpu0);
      return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, bytes: body.byteLength };
    };
    await get('/assets/app.css'); // compiled (or read from the cache) before timing
    for (const r of matchRequests(orgs, ref, Number(opts.warmUp), 11)) await get(resultsPath(r));
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    const matchOnly: number[] = [];
    let htmlBytes = 0;
    const requests = matchRequests(orgs, ref, Number(opts.requests), 7);
    for (const r of requests) {
      const { ms, cpuMs, bytes } = await get(resultsPath(r));
      samples.push(ms);
      cpuSamples.push(cpuMs);
      htmlBytes += bytes;
      // The same request to the use case alone, right after: what the page adds is the difference.
      const t0 = performance.now();
      await findPartners(deps, r);
      matchOnly.push(performance.now() - t0);
    }
    const render = summarise(samples);
    const match = summarise(matchOnly);
    console.log(
      `results page, server render (request to last byte, gzip): p50 ${render.p50} ms, p95 ${render.p95} ms, max ${render.max} ms over ${render.n} pages — target p95 ≤ ${TARGET_P95_MS} ms: ${render.p95 <= TARGET_P95_MS ? 'met' : 'NOT met'}`,
    );
    const cpu = summarise(cpuSamples);
    console.log(
      `  CPU time per page (this process: server, client and their GC; other processes' load does not count): p50 ${cpu.p50} ms, p95 ${cpu.p95} ms`,
    );
    console.log(`  findPartners alone on the same requests, in process: p50 ${match.p50} ms, p95 ${match.p95} ms`);
    console.log(`  decoded HTML ${round(htmlBytes / requests.length / 1024, 1)} KB on average; RSS ${rssMb()} MB`);

    // Page weight in the browser, cold cache: the first timed request's page.
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const responses: Promise<{ url: string; wire: number; decoded: number }>[] = [];
      page.on('requestfinished', (request) => {
        responses.push(
          (async () => {
            const sizes = await request.sizes();
            const response = await request.response();
            const decoded = response ? (await response.body()).byteLength : 0;
            return { url: request.url().replace(server.url, ''), wire: sizes.responseBodySize + sizes.responseHeadersSize, decoded };
          })(),
        );
      });
      await page.goto(server.url + resultsPath(requests[0]), { waitUntil: 'networkidle' });
      const all = await Promise.all(responses);
      const wire = all.reduce((s, r) => s + r.wire, 0);
      const decoded = all.reduce((s, r) => s + r.decoded, 0);
      for (const r of all)
        console.log(
          `  ${r.url.split('?')[0].padEnd(40)} ${round(r.wire / 1024, 1)} KB on the wire, ${round(r.decoded / 1024, 1)} KB decoded`,
        );
      console.log(
        `results page weight: ${round(wire / 1024, 1)} KB on the wire (${round(decoded / 1024, 1)} KB decoded), ${all.length} responses — target ≤ ${TARGET_WEIGHT_KB} KB: ${wire / 1024 <= TARGET_WEIGHT_KB ? 'met' : 'NOT met'}`,
      );
      await context.close();
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
    await queue.close();
  }
  console.log(
    `load average before ${loadBefore.join(' ')}, after ${os
      .loadavg()
      .map((x) => round(x, 1))
      .join(' ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
