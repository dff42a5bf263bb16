/**
 * The app the browser tests (and scripts/screenshots.ts) drive: the whole service (JSON API, consortia, refresh and
 * web slices) on the embedded store with the demo data and the in-process refresh runner, on a free port; and
 * Debian's Chromium driven by playwright-core. No test framework here: scripts import it too.
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { digestNotice, noticeAreaCodes, noticeFacts } from '../../src/alerts/digest.ts';
import { putEntries } from '../../src/alerts/ledger.ts';
import { codesCovering } from '../../src/matching/candidates.ts';
import { unsubscribeKeyOf } from '../../src/alerts/unsubscribe.ts';
import { signUnsubscribeToken } from '../../src/alerts/unsubscribe-token.ts';
import { accessSlice } from '../../src/accounts/routes.ts';
import { callerOfAccount, createAccount } from '../../src/accounts/accounts.ts';
import { requestClaim } from '../../src/accounts/claims.ts';
import { answerIntroduction, requestIntroduction } from '../../src/introductions/service.ts';
import { introductionsSlice } from '../../src/introductions/routes.ts';
import { consortiaSlice } from '../../src/consortia/routes.ts';
import { buildDemoDataset } from '../../src/demo/dataset.ts';
import { loadDemoSources } from '../../src/demo/load-sources.ts';
import { prepareForMatching, profileOf } from '../../src/matching/profile.ts';
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
/** The accounts the browser tests sign in with (made in startApp): an administrator, and a member of SEEKER. */
export const ADMIN = { email: 'admin@example.org', password: 'an administrator password' };
export const MEMBER = { email: 'member@example.org', password: 'a member password 123' };

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
    {
      ...deps,
      slices: [
        accessSlice(deps),
        consortiaSlice(deps),
        introductionsSlice(deps),
        refreshSlice(deps, queue, scores),
        webSlice({ ...deps, queue, scores }),
      ],
    },
    { host: '127.0.0.1', port: 0 },
  );
  await seedAccounts(deps);
  await seedAlerts(deps);
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

/**
 * Accounts and what the account pages show: an administrator, a member of SEEKER, a person asking to act for it
 * (a pending claim), and introductions both ways (one to SEEKER pending, one from SEEKER accepted).
 */
async function seedAccounts(deps: CoreDeps): Promise<void> {
  const d = { records: deps.store.records, now: () => NOW, store: deps.store };
  await createAccount(d, { ...ADMIN, name: 'Ada Admin', roles: ['admin'] }, 'system');
  const member = await createAccount(d, { ...MEMBER, name: 'Mo Member', organisationIds: [SEEKER] }, 'system');
  const person = await createAccount(d, { email: 'person@example.org', name: 'Pat Person', password: 'a person password 1' }, 'system');
  await requestClaim(d, callerOfAccount(person, 'session'), SEEKER, 'I am its chief executive; call the office to check');
  const { findPartners } = await import('../../src/matching/find-partners.ts');
  const top = await findPartners(deps, { seekerId: SEEKER, tenderId: TENDER, limit: 2 });
  const [first, second] = top.candidates.map((c) => c.organisation.id);
  const other = await createAccount(
    d,
    { email: 'other@example.org', name: 'Olu Other', password: 'another password 12', organisationIds: [first, second] },
    'system',
  );
  const seekerSide = callerOfAccount(member, 'session');
  const otherSide = callerOfAccount(other, 'session');
  const everyone = () => false;
  const sent = await requestIntroduction(
    deps,
    seekerSide,
    { fromId: SEEKER, toId: first, tenderId: TENDER, contact: { name: 'Mo Member', email: 'mo@example.org' } },
    everyone,
  );
  await answerIntroduction(deps, otherSide, sent.id, first, { kind: 'accept', contact: { name: 'Olu Other', email: 'olu@example.org' } });
  const { findPartners: find } = await import('../../src/matching/find-partners.ts');
  // SEEKER is among the second organisation's partners for the tender (the reasons come from that ranking)
  const back = await find(deps, { seekerId: second, tenderId: TENDER, limit: 200 });
  if (!back.candidates.some((c) => c.organisation.id === SEEKER)) throw new Error(`browser app: ${SEEKER} is not a partner of ${second}`);
  {
    await requestIntroduction(
      deps,
      otherSide,
      {
        fromId: second,
        toId: SEEKER,
        tenderId: TENDER,
        message: 'Shall we talk?',
        contact: { name: 'Olu Other', email: 'olu@example.org' },
      },
      everyone,
    );
  }
}

/**
 * "Tenders for you": SEEKER's digest entries for two demo tenders, written by the alert digest itself
 * (src/alerts/digest.ts) from the store's candidates, as an alert run would, for TENDER and CNS-TENDER-0004 (the
 * reserved Devon youth service). So the pages and screenshots show the digest's own fit, reasons and partners.
 */
async function seedAlerts(deps: CoreDeps): Promise<void> {
  const entries = [];
  for (const tenderId of [TENDER, 'CNS-TENDER-0004']) {
    const tender = await deps.store.getTender(tenderId);
    if (!tender) throw new Error(`browser app: no demo tender ${tenderId}`);
    const facts = noticeFacts(tender, 'v1', deps.ref, new Date('2026-10-05T06:00:00Z'));
    const serviceCodes = new Set(facts.required.flatMap((code) => codesCovering(code, deps.ref)));
    const found = await deps.store.findCandidates({
      serviceCodes: [...serviceCodes].sort(),
      areaCodes: noticeAreaCodes(facts, deps.ref),
      excludeIds: [],
      limit: 200_000,
    });
    const entry = digestNotice(
      facts,
      found.map((o) => profileOf(o, deps.ref)),
      new Map(),
      deps.ref,
      '2026-10-05T06:00:00.000Z',
    ).find((e) => e.organisationId === SEEKER);
    if (!entry) throw new Error(`browser app: the digest of ${tenderId} has no entry for ${SEEKER}`);
    entries.push(entry);
  }
  await putEntries(deps.store.records, entries);
}

/** The one-click unsubscribe page for an organisation's alerts, as a digest's link names it (all channels). */
export async function unsubscribePath(app: TestApp, organisationId: string = SEEKER): Promise<string> {
  const token = signUnsubscribeToken(await unsubscribeKeyOf(app.deps), { organisationId, scope: 'all' });
  return `/alerts/unsubscribe/${token}`;
}

/** Signs the page's context in through the sign-in form. */
export async function signIn(page: Page, url: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}
