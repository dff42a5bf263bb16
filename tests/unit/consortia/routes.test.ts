import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { coreDeps, startTestServer } from '../../e2e/helpers.ts';
import { CHILDREN, DEVON, HOME_CARE } from './fixtures.ts';

describe('POST /v1/consortia', () => {
  const store = new EmbeddedStore();
  const deps = coreDeps(store);
  let api: Awaited<ReturnType<typeof startTestServer>>;
  const lead = buildOrganisation({
    id: 'GB-CHC-1000001',
    name: 'Lead Mutual',
    kind: 'public_service_mutual',
    services: [HOME_CARE],
    areas: [DEVON],
  });
  const kids = buildOrganisation({ id: 'GB-CHC-1000002', name: 'Kids Trust', services: [CHILDREN], areas: [DEVON] });
  const tender = buildTender({
    id: 'TND-HTTP-1',
    cpvCodes: [],
    lots: [
      { id: '1', cpvCodes: [HOME_CARE] },
      { id: '2', cpvCodes: [CHILDREN] },
    ],
    deliveryAreas: [DEVON],
  });

  beforeAll(async () => {
    await store.upsertOrganisations([lead, kids]);
    await store.upsertTenders([tender]);
    api = await startTestServer(deps);
  });
  afterAll(() => api.close());

  it('when the lead and a stored tender are known, then it answers 200 with consortia', async () => {
    const res = await api.call('POST', '/v1/consortia', { leadId: lead.id, tenderId: tender.id });
    expect(res.status).toBe(200);
    expect(res.body.consortia[0].members.map((m: { id: string }) => m.id)).toEqual([lead.id, kids.id]);
    expect(res.body.search.solver).toBe('exact');
  });

  it('when the tender is inline with an unknown CPV code, then it answers 400 naming the field', async () => {
    const res = await api.call('POST', '/v1/consortia', { leadId: lead.id, tender: { title: 'Bad', cpvCodes: ['99999999'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ path: 'tender.cpvCodes.0', message: 'unknown CPV code 99999999' }]);
  });

  it('when a field is malformed or both tender forms are given, then it answers 400 naming the field', async () => {
    const res = await api.call('POST', '/v1/consortia', { leadId: lead.id, tenderId: tender.id, maxPartners: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['maxPartners']);
    const both = await api.call('POST', '/v1/consortia', {
      leadId: lead.id,
      tenderId: tender.id,
      tender: { title: 'x', cpvCodes: [HOME_CARE] },
    });
    expect(both.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['tender']);
  });

  it('when a lot id is not one of the tender’s, then it answers 400 naming the lot', async () => {
    const res = await api.call('POST', '/v1/consortia', { leadId: lead.id, tenderId: tender.id, lots: ['1', '9'] });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ path: 'lots.1', message: "unknown lot 9 (the tender's lots: 1, 2)" }]);
  });

  it('when the lead or the tender is unknown, then it answers 404', async () => {
    expect((await api.call('POST', '/v1/consortia', { leadId: 'GB-CHC-9999999', tenderId: tender.id })).status).toBe(404);
    expect((await api.call('POST', '/v1/consortia', { leadId: lead.id, tenderId: 'TND-NOPE' })).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const res = await api.call('GET', '/openapi.json');
    expect(res.body.paths['/v1/consortia'].post.responses).toHaveProperty('200');
    expect(res.body.components.schemas).toHaveProperty('ConsortiumResponse');
  });
});
