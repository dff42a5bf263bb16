/**
 * POST /v1/tenders with OCDS bodies, over real HTTP on the embedded store: a real Contracts Finder release
 * becomes a tender keyed by its ocid, a release that cannot be imported gets 400 with the reason, the native
 * shape keeps working, and a match request can name the imported tender by its ocid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../builders.ts';
import { sampleRelease, sampleReleases } from '../unit/import/support.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const CF = 'england_contracts_finder_2025.json' as const;
/** "Representative Body for Adult Social Care", North Yorkshire Council: an award notice carrying its tender */
const ADULT_SOCIAL_CARE = 'ocds-b5fd17-a4e957de-7481-40a2-b62d-af8242733860';
/** a tender notice then its award, two releases of one ocid */
const TWO_RELEASES = 'ocds-b5fd17-0cb08240-82a6-4be3-b63a-1ba819a00d18';

const store = new EmbeddedStore();
let api: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  await store.upsertOrganisations([
    buildOrganisation({ id: 'GB-CHC-E2E-OCDS-SEEKER', name: 'Yorkshire Care Association', services: ['98133000'], areas: ['E08000035'] }), // Leeds
    buildOrganisation({ id: 'GB-CHC-E2E-OCDS-YORK', name: 'York Community Care', services: ['85312000'], areas: ['E06000014'] }), // York
  ]);
  api = await startTestServer(coreDeps(store));
});
afterAll(() => api.close());

describe('POST /v1/tenders with an OCDS release', () => {
  it('when a real Contracts Finder release is posted, then the tender is created under its ocid with its CPV code, region and buyer', async () => {
    const res = await api.call('POST', '/v1/tenders', sampleRelease(CF, ADULT_SOCIAL_CARE));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/tenders/${ADULT_SOCIAL_CARE}`);
    expect(res.body).toMatchObject({
      id: ADULT_SOCIAL_CARE,
      title: 'Representative Body for Adult Social Care',
      cpvCodes: ['85000000'],
      deliveryAreas: ['E12000003'],
      buyer: { name: 'The North Yorkshire Council' },
      submissionDeadline: '2024-08-23T12:00:00+01:00',
    });
    const stored = await api.call('GET', `/v1/tenders/${ADULT_SOCIAL_CARE}`);
    expect(stored.body).toEqual(res.body);

    const again = await api.call('POST', '/v1/tenders', sampleRelease(CF, ADULT_SOCIAL_CARE));
    expect(again.status).toBe(200);
  });

  it('when the imported tender is named by its ocid in a match request, then candidates come back for it', async () => {
    const res = await api.call('POST', '/v1/matches', {
      seekerId: 'GB-CHC-E2E-OCDS-SEEKER',
      tenderId: ADULT_SOCIAL_CARE,
      asOf: '2024-08-01T00:00:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.tender).toMatchObject({
      id: ADULT_SOCIAL_CARE,
      requiredServices: [{ code: '85000000', label: 'Health and social work services', youCover: false }],
    });
    expect(res.body.candidates.map((c: any) => c.organisation.id)).toEqual(['GB-CHC-E2E-OCDS-YORK']);
  });

  it('when a release package holds a tender notice and its award, then the newest release makes the tender', async () => {
    const releases = sampleReleases(CF).filter((r) => r.ocid === TWO_RELEASES);
    expect(releases).toHaveLength(2);
    const res = await api.call('POST', '/v1/tenders', { uri: 'https://example.org/package', releases });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(TWO_RELEASES);
  });

  it('when a release has no usable CPV code, then 400 names the ocid and the reason, and nothing is stored', async () => {
    const release = sampleRelease(CF, ADULT_SOCIAL_CARE) as { ocid: string; tender: Record<string, unknown> };
    release.ocid = 'ocds-e2e-malformed';
    delete release.tender.classification;
    delete release.tender.items;
    delete release.tender.additionalClassifications;
    const res = await api.call('POST', '/v1/tenders', release);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.issues).toEqual([
      { path: '', message: expect.stringMatching(/^release ocds-e2e-malformed cannot be imported: no usable CPV code/) },
    ]);
    expect((await api.call('GET', '/v1/tenders/ocds-e2e-malformed')).status).toBe(404);
  });

  it('when a release is cancelled, or its tender block is missing, then 400 says so', async () => {
    const cancelled = sampleRelease(CF, ADULT_SOCIAL_CARE) as { ocid: string; tender: Record<string, unknown> };
    cancelled.ocid = 'ocds-e2e-cancelled';
    cancelled.tender.status = 'cancelled';
    expect((await api.call('POST', '/v1/tenders', cancelled)).body.error.issues[0].message).toContain('tender status is cancelled');

    const noTender = await api.call('POST', '/v1/tenders', { ocid: 'ocds-e2e-planning', tag: ['planning'] });
    expect(noTender.status).toBe(400);
    expect(noTender.body.error.issues[0].message).toContain('no tender block (tags: planning)');
  });

  it('when a package holds releases of two ocids, or none, then 400 says to post one procurement at a time', async () => {
    const two = await api.call('POST', '/v1/tenders', {
      releases: [sampleRelease(CF, ADULT_SOCIAL_CARE), sampleRelease(CF, TWO_RELEASES)],
    });
    expect(two.status).toBe(400);
    expect(two.body.error.issues).toEqual([{ path: 'releases', message: expect.stringContaining('holds 2 ocids') }]);
    const none = await api.call('POST', '/v1/tenders', { releases: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.issues).toEqual([{ path: 'releases', message: 'the package holds no release' }]);
  });

  it('when the native tender shape is posted, then it still works and bad fields are still named', async () => {
    const ok = await api.call('POST', '/v1/tenders', {
      id: 'native-e2e-1',
      title: 'Native tender',
      cpvCodes: ['85312000'],
      deliveryAreas: ['E06000014'],
    });
    expect(ok.status).toBe(201);
    const bad = await api.call('POST', '/v1/tenders', { title: 'No codes', cpvCodes: ['12345678'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: 'cpvCodes.0', message: 'unknown CPV code 12345678' }]);
  });

  it('when /openapi.json is read, then POST /v1/tenders accepts the native shape or an OCDS release', async () => {
    const doc = (await api.call('GET', '/openapi.json')).body;
    const schema = doc.paths['/v1/tenders'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(schema)).toContain('#/components/schemas/OcdsRelease');
    expect(JSON.stringify(schema)).toContain('#/components/schemas/TenderInput');
    expect(doc.components.schemas.OcdsRelease.description).toContain('release package');
  });
});
