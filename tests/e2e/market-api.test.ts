/**
 * Market engagement over real HTTP: the market view of a draft tender without a seeker, the engagement list as CSV and
 * JSON, the organisation search with filters, and bad input named field by field.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const store = new EmbeddedStore();
const deps = coreDeps(store);
let api: Awaited<ReturnType<typeof startTestServer>>;

const EXETER = 'E07000041';
const TEIGNBRIDGE = 'E07000045';
const DEVON = 'E10000008';
const SOUTH_WEST = 'E12000009';
const HOME_CARE = '85312400';
const CHILDREN = '85311300';
const SECRET = 'do-not-show-this-red-line';

const orgs = [
  buildOrganisation({
    id: 'GB-E2E-MKT-EXE',
    name: 'Exeter Home Care Trust',
    kind: 'charity',
    staff: 9,
    services: [HOME_CARE],
    areas: [EXETER],
    baseArea: EXETER,
  }),
  buildOrganisation({
    id: 'GB-E2E-MKT-MUT',
    name: 'Devon Families Mutual',
    kind: 'public_service_mutual',
    legalForm: 'cic',
    staff: 120,
    annualTurnoverGbp: 6_000_000,
    services: [CHILDREN, HOME_CARE],
    areas: [DEVON],
    private: { doNotPartnerWith: ['GB-E2E-MKT-EXE'], redLines: [SECRET], bidPlans: [SECRET] },
  }),
  buildOrganisation({
    id: 'GB-E2E-MKT-TEI',
    name: 'Teign Kids',
    kind: 'social_enterprise',
    legalForm: 'cic',
    staff: 25,
    services: [CHILDREN],
    areas: [TEIGNBRIDGE],
  }),
  buildOrganisation({
    id: 'GB-E2E-MKT-LTD',
    name: 'Care Group Ltd',
    kind: 'private_provider',
    legalForm: 'company_limited_by_shares',
    staff: 2000,
    annualTurnoverGbp: 90_000_000,
    services: [HOME_CARE, CHILDREN],
    areas: [SOUTH_WEST],
    openToPartnering: false,
  }),
];

const draft = {
  title: 'Home care and family support in Exeter and Teignbridge',
  cpvCodes: [HOME_CARE, CHILDREN],
  deliveryAreas: [EXETER, TEIGNBRIDGE],
  valueGbp: 2_000_000,
};

beforeAll(async () => {
  await store.upsertOrganisations(orgs);
  api = await startTestServer(deps);
});
afterAll(() => api.close());

describe('POST /v1/market-views', () => {
  it('when a commissioner sends a draft tender with no seeker, then every service × authority cell is counted, with gaps, concentration, consortia, lotting and rules', async () => {
    const res = await api.call('POST', '/v1/market-views', { tender: draft });
    expect(res.status).toBe(200);
    const v = res.body;
    expect(v.tender.authorities.map((a: { name: string }) => a.name)).toEqual(['Exeter', 'Teignbridge']);
    expect(v.summary).toMatchObject({ cells: 4, providers: 3, widerClaimOnly: 1, vcse: 3, mutuals: 1 });
    const cell = (service: string, area: string) =>
      v.cells.find((c: { service: string; area: string }) => c.service === service && c.area === area);
    expect(cell(HOME_CARE, EXETER)).toMatchObject({ local: 2, widerClaims: 1, status: 'covered' });
    expect(cell(HOME_CARE, TEIGNBRIDGE)).toMatchObject({ local: 1, status: 'single', providerIds: ['GB-E2E-MKT-MUT'] });
    expect(v.concentration.basis).toMatch(/^Shares of credible coverage/);
    expect(v.concentration.hhi).toBeGreaterThan(0);
    expect(v.lotting.options.map((o: { kind: string }) => o.kind)).toEqual(['single', 'area', 'service', 'size']);
    expect(v.rules).toMatchObject({
      law: 'Procurement Act 2023 s.33',
      jurisdiction: 'England',
      qualifyingMutuals: [{ id: 'GB-E2E-MKT-MUT' }],
    });
    expect(v.consortia.length).toBeGreaterThanOrEqual(1);
    // the private provider claims the whole South West: listed, never counted as cover
    expect(v.providers.find((p: { id: string }) => p.id === 'GB-E2E-MKT-LTD')).toMatchObject({ presence: 'wider claim only', cells: 0 });
  });

  it('when organisations hold private fields, then the market view shows none of them and still proposes them together', async () => {
    const res = await api.call('POST', '/v1/market-views', { tender: draft });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    const together = res.body.consortia.some((c: { members: { id: string }[] }) =>
      ['GB-E2E-MKT-MUT', 'GB-E2E-MKT-EXE'].every((id) => c.members.some((m) => m.id === id)),
    );
    expect(together).toBe(true);
  });

  it('when the area holds no provider, then the view says so in words', async () => {
    const res = await api.call('POST', '/v1/market-views', {
      tender: { title: 'Home care, Isles of Scilly', cpvCodes: [HOME_CARE], deliveryAreas: ['E06000053'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.summary.words[0]).toBe(
      'The data holds no organisation that delivers these services and works in the 1 local authority of the tender area at authority level; 1 organisation only claims a wider area containing it. There is no data on this market here yet.',
    );
  });

  it('when input is bad, then a 400 names each field; an unknown tender is a 404', async () => {
    const bad = await api.call('POST', '/v1/market-views', {
      tender: { ...draft, cpvCodes: ['12345678'], deliveryAreas: ['E99999999'] },
      providers: 5000,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['providers']);
    const codes = await api.call('POST', '/v1/market-views', {
      tender: { ...draft, cpvCodes: ['12345678'], deliveryAreas: ['E99999999'] },
    });
    expect(codes.status).toBe(400);
    expect(codes.body.error.issues).toEqual([
      { path: 'tender.cpvCodes.0', message: 'unknown CPV code 12345678' },
      { path: 'tender.deliveryAreas.0', message: 'unknown area code E99999999 (expected an ONS GSS code)' },
    ]);
    const none = await api.call('POST', '/v1/market-views', {});
    expect(none.status).toBe(400);
    expect(none.body.error.issues[0]).toEqual({ path: 'tender', message: 'give exactly one of tender (inline), tenderId or ocds' });
    const seeker = await api.call('POST', '/v1/market-views', { tender: draft, seekerId: 'X' });
    expect(seeker.status).toBe(400);
    expect(seeker.body.error.issues[0].path).toBe('seekerId');
    expect((await api.call('POST', '/v1/market-views', { tenderId: 'NO-SUCH-TENDER' })).status).toBe(404);
  });

  it('when an OCDS notice is given, then its tender is read without storing it; a package of several procurements is refused, naming ocds', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../fixtures/ocds/england_contracts_finder_2025.json', import.meta.url), 'utf8')) as {
      releases: { ocid: string }[];
    };
    const release = pkg.releases.find((r) => r.ocid === 'ocds-b5fd17-cfc38479-88fa-41f2-808d-d1154776ded1')!;
    const res = await api.call('POST', '/v1/market-views', { ocds: release });
    expect(res.status).toBe(200);
    expect(res.body.tender).toMatchObject({ id: release.ocid, title: 'Domestic Abuse Services' });
    expect(res.body.tender.authorities.length).toBeGreaterThan(10); // Yorkshire and the Humber, expanded
    expect(await store.getTender(release.ocid)).toBeUndefined();
    const several = await api.call('POST', '/v1/market-views', { ocds: pkg });
    expect(several.status).toBe(400);
    expect(several.body.error.issues[0].path).toBe('ocds.releases');
  });
});

describe('engagement lists', () => {
  it('when a stored tender’s list is asked for as CSV, then it downloads with one row per organisation and the columns the issue names', async () => {
    const stored = await api.call('POST', '/v1/tenders', { ...draft, id: 'E2E-MARKET-TENDER' });
    expect(stored.status).toBe(201);
    const res = await fetch(`${api.server.url}/v1/tenders/E2E-MARKET-TENDER/engagement-list?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=engagement-list-E2E-MARKET-TENDER.csv');
    const rows = parse<Record<string, string>>(await res.text(), { columns: true });
    expect(Object.keys(rows[0])).toEqual([
      'id',
      'name',
      'kind',
      'sizeBand',
      'vcse',
      'presence',
      'servicesMatched',
      'areasMatched',
      'evidence',
    ]);
    expect(rows.map((r) => r.id)).toEqual(['GB-E2E-MKT-MUT', 'GB-E2E-MKT-EXE', 'GB-E2E-MKT-TEI', 'GB-E2E-MKT-LTD']);
    expect(rows[0]).toMatchObject({
      kind: 'public_service_mutual',
      sizeBand: 'medium',
      vcse: 'yes',
      presence: 'local',
      areasMatched: 'Exeter (E07000041); Teignbridge (E07000045)',
    });
    expect(rows[3].presence).toBe('wider claim only');
  });

  it('when asked for as JSON over POST with an inline tender, then the same organisations come with their evidence; a bad format is a 400', async () => {
    const res = await api.call('POST', '/v1/engagement-lists?format=json', { tender: draft });
    expect(res.status).toBe(200);
    expect(res.body.organisations).toHaveLength(4);
    expect(res.body.organisations[1].evidence).toContain('Based in Exeter');
    const bad = await api.call('POST', '/v1/engagement-lists?format=xml', { tender: draft });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('query.format');
  });
});

describe('GET /v1/organisations with filters', () => {
  it('when filtered by service (CPV hierarchy), area (containment), kind and size, then only those meeting every filter come back, by name', async () => {
    // 85310000 (social work services without accommodation's parent group) holds both services
    const res = await api.call('GET', `/v1/organisations?service=85310000&area=${DEVON}&limit=10`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual(['GB-E2E-MKT-MUT', 'GB-E2E-MKT-EXE', 'GB-E2E-MKT-TEI']);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    const wide = await api.call('GET', `/v1/organisations?service=85310000&area=${EXETER}&wideClaims=true`);
    expect(wide.body.items.map((o: { id: string }) => o.id)).toEqual(['GB-E2E-MKT-LTD', 'GB-E2E-MKT-MUT', 'GB-E2E-MKT-EXE']);
    const kinds = await api.call('GET', '/v1/organisations?kind=charity,social_enterprise&q=exeter');
    expect(kinds.body.items.map((o: { id: string }) => o.id)).toEqual(['GB-E2E-MKT-EXE']);
    const sized = await api.call('GET', '/v1/organisations?sizeBand=large&openToPartnering=false');
    expect(sized.body.items.map((o: { id: string }) => o.id)).toEqual(['GB-E2E-MKT-LTD']);
    const paged = await api.call('GET', '/v1/organisations?service=85310000&area=E10000008&offset=1&limit=1');
    expect(paged.body).toMatchObject({ total: 3, offset: 1, limit: 1, items: [{ id: 'GB-E2E-MKT-EXE' }] });
  });

  it('when a filter is bad, then a 400 names it: unknown codes, a page over 100, an unknown kind or size band', async () => {
    const bad = await api.call('GET', '/v1/organisations?service=12345678&area=E99999999');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { path: 'service', message: 'unknown CPV code 12345678' },
      { path: 'area', message: 'unknown area code E99999999 (expected an ONS GSS code)' },
    ]);
    const page = await api.call('GET', '/v1/organisations?limit=500');
    expect(page.status).toBe(400);
    expect(page.body.error.issues[0].path).toBe('query.limit');
    const kind = await api.call('GET', '/v1/organisations?kind=charity,pirate&sizeBand=huge');
    expect(kind.status).toBe(400);
    expect(kind.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['query.kind.1', 'query.sizeBand.0']);
  });
});
