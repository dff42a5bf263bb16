/**
 * Every route of the API and the web app × every role → the expected answer. The route list is read from the
 * running Express app itself, so a route added without an entry in EXPECTED fails the first test: nobody can add an
 * endpoint without saying who may call it. Callers use API tokens (bearer), which web pages accept too; CSRF for
 * session callers is tested in web-accounts.test.ts.
 *
 * Outcomes: 'ok' — the request got past authorisation (any status but 401/403, no redirect to sign-in, no 5xx);
 * 401 / 403 — refused by the API; 'sign-in' — a page that redirects an anonymous caller to /sign-in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express, Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRunsSlice } from '../../src/alerts/run-routes.ts';
import { createApp } from '../../src/http/app.ts';
import { apiSlices } from '../../src/features.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { startWebServer, type WebServer } from '../../src/server.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { requestClaim } from '../../src/accounts/claims.ts';
import { requestIntroduction } from '../../src/introductions/service.ts';
import { callerForToken, createToken, callerOfAccount, getAccount } from '../../src/accounts/accounts.ts';
import { buildOrganisation, buildTender } from '../builders.ts';
import { alertJobs } from '../support/alerts-queue.ts';
import { coreDeps, tokenFor } from './helpers.ts';

const ROLES = ['anonymous', 'member', 'commissioner', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 401 | 403 | 'sign-in';
type Row = Record<Role, Outcome>;

const OPEN: Row = { anonymous: 'ok', member: 'ok', commissioner: 'ok', admin: 'ok' };
const SIGNED_IN_API: Row = { anonymous: 401, member: 'ok', commissioner: 'ok', admin: 'ok' };
const ADMIN_API: Row = { anonymous: 401, member: 403, commissioner: 403, admin: 'ok' };
const MEMBER_API: Row = { anonymous: 401, member: 'ok', commissioner: 403, admin: 'ok' };
const TENDER_WRITER_API: Row = { anonymous: 401, member: 403, commissioner: 'ok', admin: 'ok' };
const SIGNED_IN_PAGE: Row = { anonymous: 'sign-in', member: 'ok', commissioner: 'ok', admin: 'ok' };
const ADMIN_PAGE: Row = { anonymous: 'sign-in', member: 403, commissioner: 403, admin: 'ok' };
const MEMBER_PAGE: Row = { anonymous: 'sign-in', member: 'ok', commissioner: 403, admin: 'ok' };
// A web form posted anonymously carries no session, so no CSRF token: refused (403) before anything else runs.
const form = (row: Row): Row => ({ ...row, anonymous: 403 });

/** Who may call what. Paths as Express declares them; `:id` of an organisation is the member's organisation. */
const EXPECTED: Record<string, Row> = {
  // operations
  'GET /openapi.json': OPEN,
  'GET /healthz': OPEN,
  // accounts
  'GET /v1/me': SIGNED_IN_API,
  'POST /v1/accounts': ADMIN_API,
  'GET /v1/tokens': SIGNED_IN_API,
  'POST /v1/tokens': SIGNED_IN_API,
  'DELETE /v1/tokens/:id': SIGNED_IN_API,
  'POST /v1/organisations/:id/claims': SIGNED_IN_API,
  'GET /v1/claims': ADMIN_API,
  'POST /v1/claims/:id/decision': ADMIN_API,
  'GET /v1/audit': ADMIN_API,
  'GET /v1/organisations/:id/audit': MEMBER_API,
  // organisations: public reads; creating needs an account; replacing needs a member or an administrator
  'POST /v1/organisations': SIGNED_IN_API,
  'GET /v1/organisations': OPEN,
  'GET /v1/organisations/:id': OPEN,
  'PUT /v1/organisations/:id': MEMBER_API,
  // tenders
  'POST /v1/tenders': TENDER_WRITER_API,
  'GET /v1/tenders': OPEN,
  'GET /v1/tenders/:id': OPEN,
  'PUT /v1/tenders/:id': TENDER_WRITER_API,
  // matching and consortia: computations on public data (vetoes apply only for callers who may read them)
  'POST /v1/matches': OPEN,
  'POST /v1/consortia': OPEN,
  'POST /v1/consortia/heads-of-terms': OPEN,
  // the market view reads only public data: open, like matching (commissioners need no account to look)
  'POST /v1/market-views': OPEN,
  'POST /v1/engagement-lists': OPEN,
  'GET /v1/tenders/:tenderId/engagement-list': OPEN,
  // introductions: members act for their organisation (administrators for any)
  'POST /v1/introductions': MEMBER_API,
  'GET /v1/organisations/:id/introductions': MEMBER_API,
  'POST /v1/introductions/:id/accept': MEMBER_API,
  'POST /v1/introductions/:id/decline': MEMBER_API,
  'POST /v1/introductions/:id/withdraw': MEMBER_API,
  'POST /v1/organisations/:id/blocks': MEMBER_API,
  'DELETE /v1/organisations/:id/blocks/:other': MEMBER_API,
  // tender alerts reveal bid plans: members and administrators only
  'GET /v1/organisations/:id/alerts': MEMBER_API,
  'GET /v1/organisations/:id/alert-preferences': MEMBER_API,
  'PUT /v1/organisations/:id/alert-preferences': MEMBER_API,
  'POST /v1/organisations/:id/alert-preferences/webhook-secret': MEMBER_API,
  // refresh
  'GET /v1/organisations/:id/partners': OPEN,
  'POST /v1/refresh-runs': ADMIN_API,
  'GET /v1/refresh-runs/:id': ADMIN_API,
  // the queued alerts runs
  'POST /v1/alert-runs': ADMIN_API,
  'GET /v1/alert-runs/:id': ADMIN_API,
  'GET /admin/queues': ADMIN_API,
  'GET /metrics': ADMIN_API,
  // uploads
  'POST /v1/imports/organisations': ADMIN_API,
  'POST /v1/imports/ocds': ADMIN_API,
  // web app: public pages
  'GET /': OPEN,
  'GET /assets/app.css': OPEN,
  'GET /assets/:name': OPEN,
  'GET /organisations': OPEN,
  'GET /organisations/:id': OPEN,
  'GET /organisations/:id/tender': OPEN,
  'GET /organisations/:id/tender/new': OPEN,
  'GET /organisations/:id/partners': OPEN,
  'GET /organisations/:id/compare': OPEN,
  'GET /organisations/:id/best-partners': OPEN,
  'GET /organisations/:id/consortia': OPEN,
  'GET /organisations/:id/consortia/heads-of-terms': OPEN,
  'GET /market': OPEN,
  'GET /market/describe': OPEN,
  'GET /market/view': OPEN,
  'GET /market/engagement-list': OPEN,
  'GET /suggest/services': OPEN,
  'GET /suggest/places': OPEN,
  // tender alerts: the one-click unsubscribe needs no account (its signed token is the proof) and, sent by mail
  // clients without cookies, no CSRF token either (src/accounts/middleware.ts); a bad token is a 404 page
  'GET /alerts/unsubscribe/:token': OPEN,
  'POST /alerts/unsubscribe/:token': OPEN,
  'GET /sign-in': OPEN,
  'POST /sign-in': form(OPEN),
  'GET /register': OPEN,
  'POST /register': form(OPEN),
  'POST /sign-out': form(OPEN),
  // web app: people signed in
  'GET /account': SIGNED_IN_PAGE,
  'GET /account/tokens': SIGNED_IN_PAGE,
  'POST /account/tokens': form(SIGNED_IN_PAGE),
  'POST /account/tokens/:id/revoke': form(SIGNED_IN_PAGE),
  'GET /organisations/:id/claim': SIGNED_IN_PAGE,
  'POST /organisations/:id/claim': form(SIGNED_IN_PAGE),
  // web app: members of the organisation
  'GET /organisations/:id/edit': MEMBER_PAGE,
  'POST /organisations/:id/edit': form(MEMBER_PAGE),
  'GET /organisations/:id/audit': MEMBER_PAGE,
  'GET /organisations/:id/introductions': MEMBER_PAGE,
  'GET /organisations/:id/alerts': MEMBER_PAGE,
  'GET /organisations/:id/alerts/preferences': MEMBER_PAGE,
  'POST /organisations/:id/alerts/preferences': form(MEMBER_PAGE),
  'POST /organisations/:id/alerts/preferences/webhook-secret': form(MEMBER_PAGE),
  'GET /organisations/:id/introductions/new': MEMBER_PAGE,
  'POST /organisations/:id/introductions': form(MEMBER_PAGE),
  'POST /organisations/:id/introductions/:intro/:action': form(MEMBER_PAGE),
  'POST /organisations/:id/blocks': form(MEMBER_PAGE),
  'POST /organisations/:id/blocks/:other/remove': form(MEMBER_PAGE),
  // web app: administrators
  'GET /operators/refresh-runs': ADMIN_PAGE,
  'POST /operators/refresh-runs': form(ADMIN_PAGE),
  'GET /operators/refresh-runs/:id': ADMIN_PAGE,
  'GET /operators/claims': ADMIN_PAGE,
  'POST /operators/claims/:id': form(ADMIN_PAGE),
  'GET /operators/audit': ADMIN_PAGE,
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every "METHOD path" the app declares, nested routers included. */
function routesOf(app: Express): string[] {
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.add(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: Router & { stack: Layer[] } }).router.stack);
  return [...out].sort();
}

const M = 'GB-CHC-MATRIX-M';
let server: WebServer;
let app: Express;
let queue: InProcessQueue;
let alertsQueue: InProcessQueue;
const tokens: Partial<Record<Role, string>> = {};
let claimId = '';
let tokenId = '';
/** an introduction from P to M (M answers it) and one from M to P (M withdraws it) */
let toM = '';
let fromM = '';
const store = new EmbeddedStore();

beforeAll(async () => {
  const deps = coreDeps(store);
  await store.upsertOrganisations([
    buildOrganisation({ id: M, name: 'Matrix Member Org', services: ['85311100'], areas: ['E07000041'] }),
    buildOrganisation({ id: 'GB-CHC-MATRIX-P', name: 'Matrix Partner', services: ['85311100'], areas: ['E07000041'] }),
  ]);
  await store.upsertTenders([buildTender({ id: 'T-MATRIX', cpvCodes: ['85311100'], deliveryAreas: ['E07000041'] })]);
  const scores = new EmbeddedPartnerScores();
  queue = new InProcessQueue(
    refreshHandlers({
      ...deps,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 10 }),
    }),
    { concurrency: 1 },
  );
  // the alerts run reads an empty feed directory: an administrator's POST queues a run that finds nothing new
  const feed = mkdtempSync(path.join(tmpdir(), 'matrix-feed-'));
  alertsQueue = new InProcessQueue(alertJobs(store, deps.ref, feed), { concurrency: 1 });
  const slices = apiSlices(
    deps,
    { slice: refreshSlice(deps, queue, scores), queue, scores },
    { alertRuns: alertRunsSlice(deps, alertsQueue, { feed }) },
  );
  app = createApp({ ...deps, slices });
  server = await startWebServer({ ...deps, slices }, { host: '127.0.0.1', port: 0 });
  tokens.member = await tokenFor(store, { organisationIds: [M] });
  tokens.commissioner = await tokenFor(store, { roles: ['commissioner'] });
  tokens.admin = await tokenFor(store, { roles: ['admin'] });
  const d = { records: store.records, now: () => new Date(), store };
  const member = await callerForToken(d, tokens.member);
  const other = await tokenFor(store, {});
  claimId = (await requestClaim(d, await callerForToken(d, other), M, 'I run it')).id;
  const account = await getAccount(d, member.accountId!);
  tokenId = (await createToken(d, callerOfAccount(account!, 'session'), { name: 'x', scopes: ['read'] })).token.id;
  const partner = await callerForToken(d, await tokenFor(store, { organisationIds: ['GB-CHC-MATRIX-P'] }));
  const contact = { name: 'Pat', email: 'pat@example.org' };
  toM = (await requestIntroduction(deps, partner, { fromId: 'GB-CHC-MATRIX-P', toId: M, tenderId: 'T-MATRIX', contact }, () => false)).id;
  fromM = (await requestIntroduction(deps, member, { fromId: M, toId: 'GB-CHC-MATRIX-P', tenderId: 'T-MATRIX', contact }, () => false)).id;
});

afterAll(async () => {
  await server?.close();
  await queue?.close();
  await alertsQueue?.close();
});

function pathFor(route: string): string {
  const [, path] = route.split(' ');
  return path
    .replace('/v1/tokens/:id', `/v1/tokens/${tokenId}`)
    .replace('/account/tokens/:id', `/account/tokens/${tokenId}`)
    .replace('/v1/claims/:id', `/v1/claims/${claimId}`)
    .replace('/operators/claims/:id', `/operators/claims/${claimId}`)
    .replace('/v1/tenders/:id', '/v1/tenders/T-MATRIX')
    .replace('/v1/tenders/:tenderId', '/v1/tenders/T-MATRIX')
    .replace('/market/view', '/market/view?tender=T-MATRIX')
    .replace('/market/engagement-list', '/market/engagement-list?tender=T-MATRIX')
    .replace('/v1/introductions/:id/withdraw', `/v1/introductions/${fromM}/withdraw`)
    .replace('/v1/introductions/:id', `/v1/introductions/${toM}`)
    .replace('/introductions/:intro/:action', `/introductions/${toM}/decline`)
    .replace('/blocks/:other', '/blocks/GB-CHC-MATRIX-P')
    .replace('/introductions/new', '/introductions/new?tender=T-MATRIX&candidate=GB-CHC-MATRIX-P')
    .replace('/refresh-runs/:id', '/refresh-runs/run-matrix')
    .replace('/assets/:name', '/assets/app.js')
    .replace('/alerts/unsubscribe/:token', '/alerts/unsubscribe/not-a-token')
    .replace(':id', M);
}

function bodyFor(route: string): unknown {
  if (route === 'PUT /v1/organisations/:id')
    return { name: 'Matrix Member Org', kind: 'charity', services: ['85311100'], areas: ['E07000041'] };
  if (route === 'PUT /v1/tenders/:id' || route === 'POST /v1/tenders')
    return { title: 'Care', cpvCodes: ['85311100'], deliveryAreas: ['E07000041'] };
  if (route === 'POST /v1/matches') return { seekerId: M, tenderId: 'T-MATRIX' };
  if (route === 'POST /v1/consortia') return { leadId: M, tenderId: 'T-MATRIX' };
  if (route === 'POST /v1/market-views' || route === 'POST /v1/engagement-lists') return { tenderId: 'T-MATRIX' };
  if (route === 'POST /v1/consortia/heads-of-terms') return { leadId: M, partnerIds: ['GB-CHC-MATRIX-P'], tenderId: 'T-MATRIX' };
  if (route === 'POST /v1/tokens') return { name: 'matrix' };
  if (route === 'POST /v1/organisations/:id/claims') return { message: 'I work there' };
  if (route === 'POST /v1/claims/:id/decision') return { decision: 'reject' };
  if (route === 'POST /v1/introductions')
    return { fromId: M, toId: 'GB-CHC-MATRIX-P', tenderId: 'T-MATRIX', contact: { name: 'Mo', email: 'mo@example.org' } };
  if (route === 'POST /v1/introductions/:id/accept') return { contact: { name: 'Mo', email: 'mo@example.org' } };
  if (route === 'POST /v1/organisations/:id/blocks') return { organisationId: 'GB-CHC-MATRIX-P' };
  return {};
}

async function outcome(route: string, role: Role): Promise<{ outcome: Outcome | `5${string}`; status: number }> {
  const method = route.split(' ')[0];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (role !== 'anonymous') headers.authorization = `Bearer ${tokens[role]}`;
  const res = await fetch(server.url + pathFor(route), {
    method,
    headers,
    body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(bodyFor(route)),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  const location = res.headers.get('location') ?? '';
  if (res.status === 401 || res.status === 403) return { outcome: res.status, status: res.status };
  if (res.status === 303 && location.startsWith('/sign-in')) return { outcome: 'sign-in', status: res.status };
  if (res.status >= 500) return { outcome: `5xx: ${res.status}` as `5${string}`, status: res.status };
  return { outcome: 'ok', status: res.status };
}

describe('the role × route matrix', () => {
  it('when the app is built, then every route it declares has an expected answer for every role, and none is stale', () => {
    const declared = routesOf(app);
    expect(declared.length).toBeGreaterThan(40);
    expect(
      declared.filter((r) => !(r in EXPECTED)),
      'routes without an entry in EXPECTED',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((r) => !declared.includes(r)),
      'entries for routes that no longer exist',
    ).toEqual([]);
  });

  it.each(Object.keys(EXPECTED))('%s answers each role as expected', async (route) => {
    const got: Record<string, Outcome | `5${string}`> = {};
    for (const role of ROLES) got[role] = (await outcome(route, role)).outcome;
    expect(got).toEqual(EXPECTED[route]);
  });
});
