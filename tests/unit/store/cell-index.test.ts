import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/demo/prng.ts';
import { candidateQueryFor } from '../../../src/matching/candidates.ts';
import { buildContext } from '../../../src/matching/context.ts';
import { PartnershipGraph } from '../../../src/organisations/partnership-graph.ts';
import { profileOf } from '../../../src/matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../../../src/matching/settings.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { CellIndex, selectSmallest } from '../../../src/store/cell-index.ts';
import type { CandidateQuery } from '../../../src/store/types.ts';
import { buildOrganisation } from '../../builders.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

/** CandidateQuery's contract written the obvious way: filter everyone, sort, cut. */
function naiveFind(orgs: Iterable<Organisation>, query: CandidateQuery): string[] {
  const services = new Set(query.serviceCodes);
  const areas = query.areaCodes ? new Set(query.areaCodes) : undefined;
  const excluded = new Set(query.excludeIds);
  const hits: { id: string; n: number }[] = [];
  for (const org of orgs) {
    if (!org.openToPartnering || excluded.has(org.id)) continue;
    if (areas && !org.areas.some((a) => areas.has(a))) continue;
    const n = new Set(org.services.filter((s) => services.has(s))).size;
    if (n > 0) hits.push({ id: org.id, n });
  }
  hits.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1));
  return hits.slice(0, query.limit).map((h) => h.id);
}

const ids = (orgs: Organisation[]) => orgs.map((o) => o.id);

describe('CellIndex', () => {
  const a = buildOrganisation({ id: 'ORG-A', services: ['85311300', '85312400'], areas: ['E06000026'] });
  const b = buildOrganisation({ id: 'ORG-B', services: ['85311300'], areas: ['E06000026', 'E07000041'] });
  const c = buildOrganisation({ id: 'ORG-C', services: ['85312400', '85311300'], areas: ['E07000041'] });
  const closed = buildOrganisation({ id: 'ORG-D', services: ['85311300'], areas: ['E06000026'], openToPartnering: false });
  const elsewhere = buildOrganisation({ id: 'ORG-E', services: ['85311300'], areas: ['E09000001'] });
  const index = new CellIndex([c, elsewhere, closed, b, a]);

  it('when a query names services and areas, then organisations with both come back, most services first, then by id', () => {
    const found = index.find({ serviceCodes: ['85311300', '85312400'], areaCodes: ['E06000026', 'E07000041'], excludeIds: [], limit: 10 });
    expect(ids(found)).toEqual(['ORG-A', 'ORG-C', 'ORG-B']);
  });

  it('when an organisation is in several of the areas, then each of its services still counts once', () => {
    const found = index.find({ serviceCodes: ['85311300'], areaCodes: ['E06000026', 'E07000041'], excludeIds: [], limit: 10 });
    expect(ids(found)).toEqual(['ORG-A', 'ORG-B', 'ORG-C']);
  });

  it('when ids are excluded, organisations are closed to partnering or the limit is reached, then those are left out', () => {
    expect(ids(index.find({ serviceCodes: ['85311300'], areaCodes: ['E06000026'], excludeIds: ['ORG-A'], limit: 10 }))).toEqual(['ORG-B']);
    expect(ids(index.find({ serviceCodes: ['85311300'], excludeIds: [], limit: 2 }))).toEqual(['ORG-A', 'ORG-B']);
    expect(ids(index.find({ serviceCodes: ['85311300'], excludeIds: [], limit: 10 }))).toEqual(['ORG-A', 'ORG-B', 'ORG-C', 'ORG-E']);
  });

  it('when an organisation is replaced, then it is found by its new services and places only, and not at all once closed', () => {
    const moving = new CellIndex([a, b]);
    const query = { serviceCodes: ['85311300'], areaCodes: ['E06000026'], excludeIds: [], limit: 10 };
    moving.set([{ ...a, areas: ['E09000001'] }]);
    expect(ids(moving.find(query))).toEqual(['ORG-B']);
    expect(ids(moving.find({ ...query, areaCodes: ['E09000001'] }))).toEqual(['ORG-A']);
    moving.set([{ ...b, openToPartnering: false }]);
    expect(moving.find(query)).toEqual([]);
    moving.set([b]);
    expect(ids(moving.find(query))).toEqual(['ORG-B']);
  });

  it('when organisations arrive one at a time and in bulk, out of id order, then ties still come back in id order', () => {
    const ref = defaultReference();
    const orgs = syntheticOrganisations(ref, { count: 1200, seed: 5, lads: placesFor(ref, 6), idPrefix: 'CI-' });
    const rand = mulberry32(3);
    const shuffled = [...orgs].sort(() => rand() - 0.5);
    const growing = new CellIndex(shuffled.slice(0, 700)); // bulk: one sort
    for (const org of shuffled.slice(700)) growing.set([org]); // one by one: placed between neighbours
    // and updates that change services, places and openness
    const live = new Map(orgs.map((o) => [o.id, o]));
    for (const org of shuffled.slice(0, 200)) {
      const other = shuffled[Math.floor(rand() * shuffled.length)];
      const changed = { ...org, services: other.services, areas: rand() < 0.5 ? other.areas : org.areas, openToPartnering: rand() < 0.9 };
      growing.set([changed]);
      live.set(org.id, changed);
    }
    expect(growing.size).toBe(orgs.length);
    for (const seeker of orgs.slice(0, 120)) {
      const ctx = buildContext(ref, profileOf(seeker, ref), undefined, {
        weights: { ...DEFAULT_WEIGHTS },
        now: new Date('2026-01-01'),
        partnerships: new PartnershipGraph(),
        vetoes: HONOUR_EVERY_VETO,
      });
      for (const limit of [1, 3, 20, 400]) {
        const query = candidateQueryFor(ctx, limit);
        expect(ids(growing.find(query)), `${seeker.id} limit ${limit}`).toEqual(naiveFind(live.values(), query));
        // excluded organisations among the best hits: the cut selects past them (selectSmallest)
        const best = naiveFind(live.values(), { ...query, limit: 8 });
        const excluding = { ...query, excludeIds: [...query.excludeIds, ...best.filter((_, i) => i % 2 === 0), 'NOT-INDEXED'] };
        expect(ids(growing.find(excluding)), `${seeker.id} limit ${limit} excluding`).toEqual(naiveFind(live.values(), excluding));
        // excluding some of those found (and some not found): the rest move up, whether the hits are selected or all sorted
        const some = {
          ...query,
          excludeIds: [
            ...query.excludeIds,
            ...naiveFind(live.values(), { ...query, limit: 2 * limit }).filter((_, i) => i % 3 === 0),
            'ORG-NONE',
          ],
        };
        expect(ids(growing.find(some)), `${seeker.id} limit ${limit} excluding`).toEqual(naiveFind(live.values(), some));
        expect(ids(growing.find({ ...query, areaCodes: undefined })), `${seeker.id} anywhere`).toEqual(
          naiveFind(live.values(), { ...query, areaCodes: undefined }),
        );
      }
    }
  });

  it('when the per-service stamps wrap around, then counts from before the wrap do not leak into later queries', () => {
    const ref = defaultReference();
    const orgs = syntheticOrganisations(ref, { count: 300, seed: 9, lads: placesFor(ref, 3), idPrefix: 'WR-' });
    const index = new CellIndex(orgs);
    const codes = [...new Set(orgs.flatMap((o) => o.services))];
    // a query of 3,000 service codes (most unknown: each still takes a stamp) so 200 of them pass 2^19 stamps
    const padding = Array.from({ length: 3000 - codes.length }, (_, i) => `X${i}`);
    for (let q = 0; q < 200; q++) {
      const query = { serviceCodes: [...padding, ...codes.slice(0, 1 + (q % codes.length))], excludeIds: [], limit: 50 };
      expect(ids(index.find(query)), `query ${q}`).toEqual(naiveFind(orgs, query));
    }
  });
});

describe('selectSmallest', () => {
  it('when asked for the m smallest of n distinct keys, then they come first, whatever m and the order', () => {
    const rand = mulberry32(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const values = [...new Set(Array.from({ length: n }, () => Math.floor(rand() * 1e6)))];
      if (trial % 3 === 0) values.sort((x, y) => x - y); // already sorted
      if (trial % 3 === 1) values.sort((x, y) => y - x); // reversed
      const keys = Float64Array.from(values);
      const m = 1 + Math.floor(rand() * values.length);
      selectSmallest(keys, values.length, m);
      const smallest = [...values].sort((x, y) => x - y).slice(0, m);
      expect(
        [...keys.subarray(0, m)].sort((x, y) => x - y),
        `trial ${trial}`,
      ).toEqual(smallest);
      expect([...keys].sort((x, y) => x - y)).toEqual([...values].sort((x, y) => x - y));
    }
  });
});
