/**
 * Where each fact comes from, over HTTP: GET /v1/organisations/{id} names a source for every fact, service, area
 * and partnership (declared where none was recorded), and a PUT that leaves a fact unchanged keeps its source
 * while a changed fact becomes declared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/organisations/provenance.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const TRAFFORD = 'E08000009';
const MANCHESTER = 'E08000003';
const AREA_OF_OPERATION: Source = {
  kind: 'register',
  register: 'charity-commission',
  record: '1109545',
  date: '2021-05-27',
  rule: 'area of operation "Trafford"',
};
const INCOME: Source = { kind: 'register', register: 'charity-commission', record: '1109545', date: '2020-03-31' };
const COUNSELLING: Source = {
  kind: 'inferred',
  register: 'charity-commission',
  record: '1109545',
  rule: 'UKCAT tag HE304 "Counselling and therapy" from the activities text',
};

const store = new EmbeddedStore();
let api: Awaited<ReturnType<typeof startTestServer>>;
const beacon = buildOrganisation({
  id: 'GB-CHC-1109545',
  name: 'Beacon Counselling',
  staff: 25,
  annualTurnoverGbp: 1_100_000,
  services: ['85312320', '85312300'],
  areas: [TRAFFORD, MANCHESTER],
  partnerships: [{ partnerId: 'GB-CHC-1', model: 'subcontracting', year: 2022, outcome: 'won', success: 4, source: { kind: 'synthetic' } }],
  provenance: { annualTurnoverGbp: INCOME, services: { '85312320': COUNSELLING }, areas: { [TRAFFORD]: AREA_OF_OPERATION } },
});

beforeAll(async () => {
  await store.upsertOrganisations([beacon]);
  api = await startTestServer(coreDeps(store));
});
afterAll(() => api.close());

describe('GET /v1/organisations/{id}: the source of each fact', () => {
  it('when an organisation is read, then every fact, service, area and partnership names its source, declared where none was recorded', async () => {
    const res = await api.call('GET', `/v1/organisations/${beacon.id}`);
    expect(res.status).toBe(200);
    expect(res.body.provenance).toEqual({
      kind: { kind: 'declared' },
      legalForm: { kind: 'declared' },
      staff: { kind: 'declared' },
      annualTurnoverGbp: INCOME,
      foundedYear: { kind: 'declared' },
      waysOfWorking: { kind: 'declared' },
      spareCapacity: { kind: 'declared' },
      openToPartnering: { kind: 'declared' },
      services: { '85312320': COUNSELLING, '85312300': { kind: 'declared' } },
      areas: { [TRAFFORD]: AREA_OF_OPERATION, [MANCHESTER]: { kind: 'declared' } },
    });
    expect(res.body.partnerships[0].source).toEqual({ kind: 'synthetic' });
  });

  it('when the organisation saves its profile with one fact changed, then the unchanged facts keep their sources and the changed one is declared', async () => {
    const { body: read } = await api.call('GET', `/v1/organisations/${beacon.id}`);
    const { provenance: _shown, ...form } = read;
    const res = await api.call('PUT', `/v1/organisations/${beacon.id}`, { ...form, annualTurnoverGbp: 1_300_000, areas: [TRAFFORD] });
    expect(res.status).toBe(200);
    const stored = (await store.getOrganisation(beacon.id))!;
    expect(stored.annualTurnoverGbp).toBe(1_300_000);
    expect(stored.provenance).toEqual({ services: { '85312320': COUNSELLING }, areas: { [TRAFFORD]: AREA_OF_OPERATION } });
    expect(stored.partnerships[0].source).toEqual({ kind: 'synthetic' });
    expect(res.body.provenance.annualTurnoverGbp).toEqual({ kind: 'declared' });
  });
});
