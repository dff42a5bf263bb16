/**
 * The app the browser tests (and scripts/screenshots.ts) drive: the whole service (JSON API, consortia, refresh and
 * web slices) on the embedded store with the demo data and the in-process refresh runner, on a free port; and
 * Debian's Chromium driven by playwright-core. No test framework here: scripts import it too.
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { consortiaSlice } from '../../src/consortia/routes.ts';
import { buildDemoDataset } from '../../src/demo/dataset.ts';
import { loadDemoSources } from '../../src/demo/load-sources.ts';
import { prepareForMatching } from '../../src/matching/profile.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { noEvents, type CoreDeps } from '../../src/shared/deps.ts';
import { startWebServer, type WebServer } from '../../src/server.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { webSlice } from '../../src/web/slice.ts';

/** Debian's package; browsers cannot be downloaded here (never `playwright install`). .ci/run installs it. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The demo's report case: a Devon youth-services spin-out, and a Devon adult social care tender. */
export const SEEKER = 'CNS-CASE-DEVON-YOUTH';
export const SEEKER_NAME = 'Devon Youth Space';
export const TENDER = 'CNS-TENDER-0001';
/** The commissioners' market view: Trafford and Oldham community support, on the real Greater Manchester registers. */
export const MARKET_TENDER = 'CNS-TENDER-0009';
/** Scoring "as at" for deterministic deadlines. */
export const NOW = new Date('2026-10-06T09:00:00Z');

export interface TestApp {
  url: string;
  deps: CoreDeps;
  queue: InProcessQueue;
  scores: EmbeddedPartnerScores;
  close(): Promise<void>;
}

export async function startApp(): Promise<TestApp> {
  const ref = defaultReference();
  const store = new EmbeddedStore({ prepare: prepareForMatching(ref) });
  const demo = buildDemoDataset(ref, loadDemoSources());
  await store.upsertOrganisations(demo.organisations);
  await store.upsertTenders(demo.tenders);
  const logger = pino({ level: 'silent' });
  const deps: CoreDeps = { store, ref, now: () => NOW, events: noEvents, logger };
  const scores = new EmbeddedPartnerScores();
  const handlers = refreshHandlers({
    ...deps,
    scores,
    source: storeOrganisationSource(store),
    settings: refreshSettings({ REFRESH_TOP_K: 10, REFRESH_SHARD_SIZE: 500 }),
  });
  const queue = new InProcessQueue(handlers, { concurrency: 2 });
  const server: WebServer = await startWebServer(
    { ...deps, slices: [consortiaSlice(deps), refreshSlice(deps, queue, scores), webSlice({ ...deps, queue, scores })] },
    { host: '127.0.0.1', port: 0 },
  );
  return {
    url: server.url,
    deps,
    queue,
    scores,
    close: async () => {
      await server.close();
      await queue.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (.ci/run does it)`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh context (axe needs one from newContext), 1024 px wide unless told, JavaScript on unless told. */
export async function newPage(
  browser: Browser,
  options: { width?: number; javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1024, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  return { context, page: await context.newPage() };
}

/** Waits until the app's refresh run is current (the nightly list needs one). */
export async function refreshNow(app: TestApp): Promise<string> {
  const { runId } = await app.queue.enqueueRun({ asOf: NOW.toISOString() });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const run = await app.scores.getRun(runId);
    if (run?.status === 'current') return runId;
    if (run?.status === 'failed') throw new Error(`refresh run failed: ${run.failedReason}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('refresh run did not complete in 2 minutes');
}
