/**
 * Every page of the web app, in the states worth seeing (empty, filled, with errors), on the demo data: the
 * accessibility sweep (every-page.test.ts) checks them all, and scripts/screenshots.ts photographs them.
 * Needs a completed refresh run (refreshNow) for the nightly list and the run's page.
 */
import { buildConsortia } from '../../src/consortia/build-consortia.ts';
import { CONSORTIUM_DEFAULTS } from '../../src/consortia/settings.ts';
import { findPartners } from '../../src/matching/find-partners.ts';
import { MARKET_TENDER, SEEKER, TENDER, unsubscribePath, type TestApp } from './app.ts';

export interface PageVisit {
  /** file name of its screenshot */
  name: string;
  path: string;
  /** the page shows a form's errors: every link of its error summary must lead to a field */
  hasErrors?: boolean;
  /** HTTP status expected */
  status: number;
}

export async function everyPage(app: TestApp, runId: string): Promise<PageVisit[]> {
  const top = await findPartners(app.deps, { seekerId: SEEKER, tenderId: TENDER, limit: 3 });
  const compare = top.candidates.map((c) => `candidate=${encodeURIComponent(c.organisation.id)}`).join('&');
  const org = `/organisations/${SEEKER}`;
  const teams = await buildConsortia(app.deps, {
    leadId: SEEKER,
    tenderId: TENDER,
    maxPartners: CONSORTIUM_DEFAULTS.maxPartners,
    alternatives: 1,
    areaCoverage: CONSORTIUM_DEFAULTS.areaCoverage,
    solver: CONSORTIUM_DEFAULTS.solver,
  });
  const partners = teams.consortia[0].members
    .filter((m) => !m.isLead)
    .map((m) => `partners=${encodeURIComponent(m.id)}`)
    .join('&');
  const described =
    'title=Support+for+older+people+in+Exeter&service=85311100&service=85312310&lotOf.85312310=2&area=E07000041&area=E06000026' +
    '&lot=Care+at+home&lot=Carers%E2%80%99+support&lotOf.85311100=1&value=2.5m&deadline-day=15&deadline-month=1&deadline-year=2027';
  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'find-organisation', path: '/organisations', status: 200 },
    { name: 'find-organisation-results', path: '/organisations?q=youth&postcode=EX', status: 200 },
    { name: 'find-organisation-error', path: '/organisations?q=&postcode=ZZ9', hasErrors: true, status: 400 },
    { name: 'organisation', path: org, status: 200 },
    { name: 'pick-tender', path: `${org}/tender`, status: 200 },
    { name: 'describe-tender', path: `${org}/tender/new?${described}`, status: 200 },
    {
      name: 'describe-tender-errors',
      path: `${org}/tender/new?title=&addService=12345678&deadline-day=31&action=find`,
      hasErrors: true,
      status: 400,
    },
    { name: 'partners', path: `${org}/partners?tender=${TENDER}`, status: 200 },
    { name: 'partners-described', path: `${org}/partners?${described}`, status: 200 },
    {
      name: 'partners-compare-error',
      path: `${org}/compare?tender=${TENDER}&candidate=${encodeURIComponent(top.candidates[0].organisation.id)}`,
      hasErrors: true,
      status: 400,
    },
    { name: 'partners-none', path: `${org}/partners?title=Road+gritting&service=34921000&area=E06000053`, status: 200 },
    { name: 'compare', path: `${org}/compare?tender=${TENDER}&${compare}`, status: 200 },
    { name: 'consortia', path: `${org}/consortia?tender=${TENDER}`, status: 200 },
    { name: 'heads-of-terms', path: `${org}/consortia/heads-of-terms?tender=${TENDER}&${partners}&model=alliance`, status: 200 },
    { name: 'best-partners', path: `${org}/best-partners`, status: 200 },
    { name: 'sign-in', path: '/sign-in', status: 200 },
    { name: 'register', path: '/register', status: 200 },
    { name: 'account', path: '/account', status: 200 },
    { name: 'tokens', path: '/account/tokens', status: 200 },
    { name: 'edit-organisation', path: `${org}/edit`, status: 200 },
    { name: 'claim', path: `${org}/claim`, status: 200 },
    { name: 'introductions', path: `${org}/introductions`, status: 200 },
    {
      name: 'introduction-new',
      path: `${org}/introductions/new?tender=${TENDER}&candidate=${encodeURIComponent(top.candidates[0].organisation.id)}`,
      status: 200,
    },
    { name: 'audit', path: `${org}/audit`, status: 200 },
    { name: 'alerts', path: `${org}/alerts`, status: 200 },
    { name: 'alert-preferences', path: `${org}/alerts/preferences`, status: 200 },
    { name: 'unsubscribe', path: await unsubscribePath(app), status: 200 },
    { name: 'unsubscribe-bad-link', path: '/alerts/unsubscribe/not-a-token', status: 404 },
    { name: 'claims', path: '/operators/claims', status: 200 },
    { name: 'audit-all', path: '/operators/audit', status: 200 },
    { name: 'refresh-runs', path: '/operators/refresh-runs', status: 200 },
    { name: 'refresh-run', path: `/operators/refresh-runs/${runId}`, status: 200 },
    { name: 'market-question', path: '/market', status: 200 },
    { name: 'market-describe', path: `/market/describe?${described}`, status: 200 },
    { name: 'market-describe-errors', path: '/market/describe?title=&addArea=nowhere+at+all&action=find', hasErrors: true, status: 400 },
    { name: 'market-view', path: `/market/view?tender=${MARKET_TENDER}`, status: 200 },
    { name: 'market-view-no-data', path: '/market/view?title=Home+care+on+the+islands&service=85312400&area=E06000053', status: 200 },
    { name: 'not-found', path: '/organisations/NO-SUCH-ORG', status: 404 },
  ];
}
