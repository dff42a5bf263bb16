import { describe, expect, it } from 'vitest';
import { candidateQueryFor } from '../../../src/matching/candidates.ts';
import { buildContext } from '../../../src/matching/context.ts';
import { profileOf } from '../../../src/matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../../../src/matching/settings.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { CandidateIndex } from '../../../src/refresh/candidate-index.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../../builders.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

describe('CandidateIndex', () => {
  const a = buildOrganisation({ id: 'ORG-A', services: ['85311300', '85312400'], areas: ['E06000026'] });
  const b = buildOrganisation({ id: 'ORG-B', services: ['85311300'], areas: ['E06000026', 'E07000041'] });
  const c = buildOrganisation({ id: 'ORG-C', services: ['85312400', '85311300'], areas: ['E07000041'] });
  const closed = buildOrganisation({ id: 'ORG-D', services: ['85311300'], areas: ['E06000026'], openToPartnering: false });
  const elsewhere = buildOrganisation({ id: 'ORG-E', services: ['85311300'], areas: ['E09000001'] });
  const index = new CandidateIndex([c, elsewhere, closed, b, a]);

  it('when a query names services and areas, then organisations with both come back, most services first, then by id', () => {
    const found = index.find({ serviceCodes: ['85311300', '85312400'], areaCodes: ['E06000026', 'E07000041'], excludeIds: [], limit: 10 });
    expect(found.map((o) => o.id)).toEqual(['ORG-A', 'ORG-C', 'ORG-B']);
  });

  it('when an organisation is in several of the areas, then each of its services still counts once', () => {
    const found = index.find({ serviceCodes: ['85311300'], areaCodes: ['E06000026', 'E07000041'], excludeIds: [], limit: 10 });
    expect(found.map((o) => o.id)).toEqual(['ORG-A', 'ORG-B', 'ORG-C']);
  });

  it('when ids are excluded, organisations are closed to partnering or the limit is reached, then those are left out', () => {
    expect(index.find({ serviceCodes: ['85311300'], areaCodes: ['E06000026'], excludeIds: ['ORG-A'], limit: 10 }).map((o) => o.id)).toEqual(['ORG-B']);
    expect(index.find({ serviceCodes: ['85311300'], excludeIds: [], limit: 2 }).map((o) => o.id)).toEqual(['ORG-A', 'ORG-B']);
    expect(index.find({ serviceCodes: ['85311300'], excludeIds: [], limit: 10 }).map((o) => o.id)).toEqual(['ORG-A', 'ORG-B', 'ORG-C', 'ORG-E']);
  });

  it('when compared with the embedded store on generated data, then every general-fit query gets the same answer', async () => {
    const ref = defaultReference();
    const orgs = syntheticOrganisations(ref, { count: 1500, seed: 11, lads: placesFor(ref, 8), idPrefix: 'IDX-' });
    const store = new EmbeddedStore();
    await store.upsertOrganisations(orgs);
    const fromStore = new CandidateIndex((await store.listOrganisations(0, 10_000)).items);
    for (const seeker of orgs.slice(0, 150)) {
      const ctx = buildContext(ref, profileOf(seeker, ref), undefined, { weights: { ...DEFAULT_WEIGHTS }, now: new Date('2026-01-01') });
      for (const limit of [20, 300]) {
        const query = candidateQueryFor(ctx, limit);
        expect(fromStore.find(query).map((o) => o.id), `${seeker.id} limit ${limit}`).toEqual((await store.findCandidates(query)).map((o) => o.id));
      }
    }
  });
});
