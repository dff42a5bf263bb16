import { beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisations, iterateOrganisations, measurePartnering } from '../../../src/demo/index.ts';
import { placeIndex } from '../../../src/demo/places.ts';
import { Organisation } from '../../../src/organisations/schema.ts';
import type { Organisation as Org } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';

const reference = defaultReference();
let orgs: Org[];

beforeAll(() => {
  orgs = generateOrganisations(reference, { count: 10_000, seed: 7 });
});

describe('generateOrganisations', () => {
  it('when run twice with the same seed, then the output is deep-equal; another seed gives another population', () => {
    const a = generateOrganisations(reference, { count: 2_000, seed: 11 });
    const b = generateOrganisations(reference, { count: 2_000, seed: 11 });
    expect(a).toEqual(b);
    const c = generateOrganisations(reference, { count: 2_000, seed: 12 });
    expect(c.map((o) => o.id)).toEqual(a.map((o) => o.id));
    expect(c).not.toEqual(a);
  });

  it('when streamed, then the organisations equal the array form, in id order CNS-GEN-000001…', () => {
    const streamed = [...iterateOrganisations(reference, { count: 500, seed: 3 })];
    expect(streamed).toEqual(generateOrganisations(reference, { count: 500, seed: 3 }));
    expect(streamed[0].id).toBe('CNS-GEN-000001');
    expect(streamed[499].id).toBe('CNS-GEN-000500');
    expect(generateOrganisations(reference, { count: 0, seed: 1 })).toEqual([]);
    expect(() => generateOrganisations(reference, { count: -1, seed: 1 })).toThrow(/count/);
  });

  it('when parsed with the zod schema, then every organisation is valid and canonical', () => {
    for (const org of orgs) {
      const parsed = Organisation.safeParse(org);
      expect(parsed.success, `${org.id}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data).toEqual(org);
    }
  });

  it('when codes are checked, then every CPV and GSS code exists in the reference', () => {
    const codes = new Set(orgs.flatMap((o) => o.services));
    const areas = new Set(orgs.flatMap((o) => o.areas));
    for (const c of codes) expect(reference.cpv.has(c), c).toBe(true);
    for (const a of areas) expect(reference.geography.has(a), a).toBe(true);
  });

  it('when homes are counted, then organisations cover (almost) every English authority, more in bigger ones', () => {
    const places = placeIndex(reference);
    const perLad = new Map<string, number>();
    for (const o of orgs) perLad.set(o.areas[0], (perLad.get(o.areas[0]) ?? 0) + 1);
    expect(perLad.size).toBeGreaterThanOrEqual(places.places.length - 3);
    expect(perLad.get('E08000025')!).toBeGreaterThan(3 * (perLad.get('E07000041') ?? 0)); // Birmingham vs Exeter
  });

  it('when the trust graph is inspected, then partners are generated organisations, nearby and mostly in a shared sector', () => {
    const byId = new Map(orgs.map((o) => [o.id, o]));
    let edges = 0;
    let nearby = 0;
    let sameRegion = 0;
    let sharedSector = 0;
    for (const o of orgs) {
      const home = o.areas[0];
      const sectors = new Set(o.services.map((c) => reference.cpv.sectorOf(c)));
      for (const p of o.partnerships) {
        const q = byId.get(p.partnerId);
        expect(q, p.partnerId).toBeDefined();
        edges++;
        const qHome = q!.areas[0];
        if (qHome === home || reference.geography.neighbours(home).includes(qHome)) nearby++;
        if (reference.geography.regionOf(qHome) === reference.geography.regionOf(home)) sameRegion++;
        if (q!.services.some((c) => sectors.has(reference.cpv.sectorOf(c)))) sharedSector++;
      }
    }
    expect(edges).toBeGreaterThan(orgs.length / 2);
    expect(nearby / edges).toBeGreaterThan(0.8);
    expect(sameRegion / edges).toBeGreaterThan(0.95);
    expect(sharedSector / edges).toBeGreaterThan(0.6);
  });

  it('when calibration is measured on 10,000 organisations, then the mutuals match the survey figures', () => {
    const stats = measurePartnering(orgs, (c) => reference.cpv.sectorOf(c));
    expect(stats.mutuals).toBeGreaterThan(300);
    expect(stats.mutualsPartneredShare).toBeGreaterThanOrEqual(0.55);
    expect(stats.mutualsPartneredShare).toBeLessThanOrEqual(0.7);
    expect(stats.partnerKindShare.charity).toBeCloseTo(0.53, 1);
    expect(stats.partnerKindShare.public_service_mutual).toBeCloseTo(0.41, 1);
    expect(stats.modelShare.subcontracting).toBeCloseTo(0.59, 1);
    expect(stats.modelShare.informal_consortium).toBeCloseTo(0.51, 1);
    expect(stats.modelShare.new_legal_entity).toBeCloseTo(0.08, 1);
    expect(stats.meanSuccess).toBeGreaterThanOrEqual(3.5);
    expect(stats.meanSuccess).toBeLessThanOrEqual(4.0);
    expect(stats.partneredByTurnoverQuartile[3]).toBe(1);
    expect(stats.partneredByTurnoverQuartile[0]).toBeCloseTo(0.38, 1);
    expect(stats.mutualsHealthAndSocialCareShare).toBeGreaterThan(0.5);
    expect(stats.mutualsHealthAndSocialCareShare).toBeLessThan(0.62);
    expect(stats.danglingPartnerIds).toBe(0);
  });

  it('when sizes are compared, then staff and turnover move together (log correlation above 0.8)', () => {
    const pairs = orgs.filter((o) => (o.staff ?? 0) > 0).map((o) => [Math.log(o.annualTurnoverGbp!), Math.log(o.staff!)]);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const mx = mean(pairs.map((p) => p[0]));
    const my = mean(pairs.map((p) => p[1]));
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [x, y] of pairs) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.8);
  });
});
