import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const store = new EmbeddedStore();
const deps = coreDeps(store);
let api: Awaited<ReturnType<typeof startTestServer>>;

const seeker = buildOrganisation({
  id: 'GB-CHC-E2E-SEEKER',
  name: 'Devon Health Mutual',
  kind: 'public_service_mutual',
  services: ['85100000'],
  areas: ['E07000041'],
  values: ['staff_ownership', 'social_value'],
  private: { doNotPartnerWith: ['GB-CHC-E2E-BANNED'], redLines: ['No payment-by-results'], bidPlans: [] },
});
const youth = buildOrganisation({
  id: 'GB-CHC-E2E-YOUTH',
  name: 'Plymouth Youth Trust',
  services: ['85311300'],
  areas: ['E06000026'],
  values: ['social_value'],
});
const banned = buildOrganisation({ id: 'GB-CHC-E2E-BANNED', name: 'Banned Ltd', services: ['85311300'], areas: ['E06000026'] });

const tender = {
  title: 'Integrated health and youth services in Exeter and Plymouth',
  cpvCodes: ['85100000', '85311300'],
  deliveryAreas: ['E07000041', 'E06000026'],
  valueGbp: 3_000_000,
};

beforeAll(async () => {
  await store.upsertOrganisations([seeker, youth, banned]);
  api = await startTestServer(deps);
});
afterAll(() => api.close());

describe('POST /v1/matches', () => {
  it('when a seeker asks about an inline tender, then ranked candidates come back with factor scores and reasons', async () => {
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id, tender });
    expect(res.status).toBe(200);
    expect(res.body.candidates.map((c: any) => c.organisation.id)).toEqual(['GB-CHC-E2E-YOUTH']);
    const top = res.body.candidates[0];
    expect(top.total).toBeGreaterThan(0);
    expect(top.reasonsFor.map((r: any) => r.text)).toContain(
      'Covers 85311300 Welfare services for children and young people, which you do not',
    );
    expect(res.body.tender.requiredServices).toEqual([
      { code: '85100000', label: 'Health services', youCover: true, cover: 'full' },
      { code: '85311300', label: 'Welfare services for children and young people', youCover: false, cover: 'none' },
    ]);
  });

  it('when the tender is stored, then it can be named by id', async () => {
    const stored = await api.call('POST', '/v1/tenders', { ...tender, id: 'ocds-e2e-1' });
    expect(stored.status).toBe(201);
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id, tenderId: 'ocds-e2e-1', limit: 5 });
    expect(res.status).toBe(200);
    expect(res.body.tender.id).toBe('ocds-e2e-1');
  });

  it('when a CPV code is unknown, then 400 names the field and the code', async () => {
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id, tender: { ...tender, cpvCodes: ['85100000', '12345678'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ path: 'tender.cpvCodes.1', message: 'unknown CPV code 12345678' }]);
  });

  it('when the seeker is unknown, then 404', async () => {
    const res = await api.call('POST', '/v1/matches', { seekerId: 'GB-CHC-NOPE', tender });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('organisation GB-CHC-NOPE not found');
  });

  it('when the stored tender is unknown, then 404', async () => {
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id, tenderId: 'ocds-nope' });
    expect(res.status).toBe(404);
  });

  it('when both or neither of tender and tenderId are given, then 400 says which', async () => {
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toEqual({ path: 'tender', message: 'give exactly one of tender (inline) or tenderId' });
  });

  it('when a weight is negative or unknown, then 400 names it', async () => {
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id, tender, weights: { trust: -1, luck: 2 } });
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: any) => i.path);
    expect(paths).toContain('weights.trust');
    expect(res.body.error.issues.map((i: any) => i.message).join(' ')).toContain('luck');
  });

  it('when a tender field is misspelt, then 400 names it and suggests the right one instead of dropping it', async () => {
    const { cpvCodes, ...rest } = tender;
    const res = await api.call('POST', '/v1/matches', { seekerId: seeker.id, tender: { ...rest, cpv: cpvCodes } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContainEqual({ path: 'tender.cpv', message: 'unknown field "cpv": did you mean "cpvCodes"?' });
  });

  it('when a field is missing or of the wrong type, then the message is plain English, not the library’s', async () => {
    const res = await api.call('POST', '/v1/matches', { tender: { ...tender, valueGbp: 'lots' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContainEqual({ path: 'seekerId', message: 'is required' });
    expect(res.body.error.issues).toContainEqual({ path: 'tender.valueGbp', message: 'must be a number, not text' });
    expect(JSON.stringify(res.body)).not.toContain('Invalid input');
  });

  it('when the body is not JSON, then 400 without a stack trace', async () => {
    const res = await api.call('POST', '/v1/matches', undefined, '{"seekerId": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
    expect(JSON.stringify(res.body)).not.toContain('at ');
  });
});

describe('organisations', () => {
  it('when an organisation is created, then its creator reads its private fields back and anonymous callers do not', async () => {
    const created = await api.call('POST', '/v1/organisations', {
      id: 'GB-COH-E2E-NEW',
      name: 'New Co',
      kind: 'social_enterprise',
      services: ['85312000'],
      areas: ['E10000008'],
      private: { doNotPartnerWith: ['GB-CHC-E2E-YOUTH'], redLines: ['x'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.private).toMatchObject({ doNotPartnerWith: ['GB-CHC-E2E-YOUTH'] });
    const read = await api.call('GET', '/v1/organisations/GB-COH-E2E-NEW');
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('New Co');
    expect(read.body.private).toBeUndefined();
    expect((await store.getOrganisation('GB-COH-E2E-NEW'))?.private?.doNotPartnerWith).toEqual(['GB-CHC-E2E-YOUTH']);
  });

  it('when an organisation is replaced without private fields, then the stored private fields are kept', async () => {
    const res = await api.call('PUT', '/v1/organisations/GB-COH-E2E-NEW', { name: 'New Co renamed', kind: 'social_enterprise' });
    expect(res.status).toBe(200);
    const stored = await store.getOrganisation('GB-COH-E2E-NEW');
    expect(stored?.name).toBe('New Co renamed');
    expect(stored?.private?.redLines).toEqual(['x']);
  });

  it('when the id is taken, then POST answers 409', async () => {
    const res = await api.call('POST', '/v1/organisations', { id: 'GB-COH-E2E-NEW', name: 'Dup', kind: 'charity' });
    expect(res.status).toBe(409);
  });

  it('when turnover is negative and an area code unknown, then 400 names both fields', async () => {
    const bad = await api.call('POST', '/v1/organisations', { name: 'Bad', kind: 'charity', annualTurnoverGbp: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('annualTurnoverGbp');
    const area = await api.call('POST', '/v1/organisations', { name: 'Bad area', kind: 'charity', areas: ['E99999999'] });
    expect(area.status).toBe(400);
    expect(area.body.error.issues).toEqual([{ path: 'areas.0', message: 'unknown area code E99999999 (expected an ONS GSS code)' }]);
  });

  it('when an organisation is unknown, then 404', async () => {
    expect((await api.call('GET', '/v1/organisations/GB-CHC-NONE')).status).toBe(404);
  });
});

describe('operations', () => {
  it('when asked, then /healthz reports the store', async () => {
    const res = await api.call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body.checks[0]).toMatchObject({ name: 'store:embedded', ok: true });
  });

  it('when asked, then /openapi.json is an OpenAPI 3.1 document with the match path and its schemas', async () => {
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/matches', '/v1/organisations/{id}', '/healthz']));
    expect(res.body.components.schemas.MatchRequest).toBeDefined();
  });

  it('when a route does not exist, then 404 in JSON', async () => {
    const res = await api.call('GET', '/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
