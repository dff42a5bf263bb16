import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDataset, measurePartnering, type DemoDataset } from '../../../src/demo/index.ts';
import { DEVON_COUNTY, DEVON_DISTRICTS, DEVON_YOUTH_MUTUAL_ID, HWP_LLP_ID, HWP_MEMBER_IDS } from '../../../src/demo/cases.ts';
import { loadDemoSources } from '../../../src/demo/load-sources.ts';
import { placeIndex } from '../../../src/demo/places.ts';
import { DEMO_TENDER_IDS } from '../../../src/demo/tenders.ts';
import { Organisation } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { Tender, requiredCpvCodes } from '../../../src/tenders/schema.ts';

const reference = defaultReference();
const sources = loadDemoSources();
const FOCUS_DIVISIONS = ['75', '79', '80', '85', '92', '98'];
let demo: DemoDataset;
const byId = () => new Map(demo.organisations.map((o) => [o.id, o]));

beforeAll(() => {
  demo = buildDemoDataset(reference, sources, { seed: 1 });
});

describe('buildDemoDataset', () => {
  it('when built twice with the same seed, then the output is identical; with another seed it differs', () => {
    expect(buildDemoDataset(reference, sources, { seed: 1 })).toEqual(demo);
    const other = buildDemoDataset(reference, sources, { seed: 2 });
    expect(other.organisations.map((o) => o.id)).toEqual(demo.organisations.map((o) => o.id)); // same real and synthetic ids
    expect(other.organisations).not.toEqual(demo.organisations);
  });

  it('when parsed with the zod schemas, then every organisation and tender is valid and already canonical', () => {
    for (const org of demo.organisations) {
      const parsed = Organisation.safeParse(org);
      expect(parsed.success, `${org.id}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data).toEqual(org);
    }
    for (const tender of demo.tenders) {
      const parsed = Tender.safeParse(tender);
      expect(parsed.success, `${tender.id}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data).toEqual(tender);
    }
  });

  it('when counted, then real 360Giving organisations and NHS trusts keep their real ids, with synthetic mutuals and providers added', () => {
    const ids = demo.organisations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const realIds = new Set(sources.organisations.map((s) => s.orgId));
    expect(ids.filter((id) => realIds.has(id)).length).toBeGreaterThanOrEqual(2400);
    expect(ids.filter((id) => /^GB-NHS-[A-Z0-9]+$/.test(id)).length).toBeGreaterThanOrEqual(190);
    expect(ids.filter((id) => /^CNS-PSM-\d{4}$/.test(id))).toHaveLength(120);
    expect(ids.filter((id) => /^CNS-PRV-\d{4}$/.test(id))).toHaveLength(40);
    const withType = sources.organisations.find((s) => s.organisationType === 'Community Benefit Society')!;
    expect(byId().get(withType.orgId)).toMatchObject({ name: withType.name, kind: 'cooperative', legalForm: 'community_benefit_society' });
  });

  it('when every CPV and GSS code is checked, then each exists in the reference; services are in the focus divisions and areas are current English areas', () => {
    const lads = new Set(placeIndex(reference).places.map((p) => p.code));
    const codes = new Set<string>();
    const areas = new Set<string>();
    for (const o of demo.organisations) {
      o.services.forEach((c) => codes.add(c));
      o.areas.forEach((a) => areas.add(a));
    }
    for (const t of demo.tenders) {
      requiredCpvCodes(t).forEach((c) => codes.add(c));
      // a real notice may cover England (AT1299: "England")
      t.deliveryAreas.filter((a) => t.source?.kind !== 'register' || a !== 'E92000001').forEach((a) => areas.add(a));
    }
    for (const code of codes) {
      expect(reference.cpv.has(code), code).toBe(true);
      expect(FOCUS_DIVISIONS, code).toContain(code.slice(0, 2));
    }
    for (const area of areas) {
      const level = reference.geography.get(area)?.level;
      expect(level, area).toBeDefined();
      if (level === 'lad') expect(lads.has(area), `${area} is a current LAD`).toBe(true);
      else expect(['utla', 'region'], area).toContain(level);
    }
    const lightRegime = [...codes].filter((c) => reference.cpv.get(c)?.lightRegime).length;
    expect(lightRegime / codes.size).toBeGreaterThan(0.5); // mostly light-touch social services codes
  });

  it('when partnerships are followed, then every partner exists, no organisation partners itself, and records are mirrored', () => {
    const orgs = byId();
    for (const o of demo.organisations) {
      for (const p of o.partnerships) {
        expect(p.partnerId).not.toBe(o.id);
        const partner = orgs.get(p.partnerId);
        expect(partner, `${o.id} → ${p.partnerId}`).toBeDefined();
        expect(partner!.partnerships.some((q) => q.partnerId === o.id && q.model === p.model && q.year === p.year)).toBe(true);
      }
      for (const id of o.private?.doNotPartnerWith ?? []) {
        expect(orgs.has(id)).toBe(true);
        expect(o.partnerships.some((p) => p.partnerId === id)).toBe(false);
      }
    }
  });

  it('when calibration is measured on the output, then the mutuals match the survey figures', () => {
    const stats = measurePartnering(demo.organisations, (c) => reference.cpv.sectorOf(c));
    expect(stats.mutuals).toBe(129); // 120 synthetic + Devon + 8 LLP members
    expect(stats.mutualsPartneredShare).toBeGreaterThanOrEqual(0.55);
    expect(stats.mutualsPartneredShare).toBeLessThanOrEqual(0.7);
    expect(stats.partnerKindShare.charity).toBeCloseTo(0.53, 1);
    expect(stats.partnerKindShare.public_service_mutual).toBeCloseTo(0.41, 1);
    expect(stats.partnerKindShare.nhs_body).toBeGreaterThan(0);
    expect(stats.partnerKindShare.private_provider).toBeGreaterThan(0);
    expect(stats.modelShare.subcontracting).toBeCloseTo(0.59, 1);
    expect(stats.modelShare.informal_consortium).toBeCloseTo(0.51, 1);
    expect(stats.modelShare.new_legal_entity).toBeGreaterThanOrEqual(0.04);
    expect(stats.modelShare.new_legal_entity).toBeLessThanOrEqual(0.14); // 8% target + the eight LLP members
    expect(stats.meanSuccess).toBeGreaterThanOrEqual(3.5);
    expect(stats.meanSuccess).toBeLessThanOrEqual(4.0);
    const [bottom, , , top] = stats.partneredByTurnoverQuartile;
    expect(top).toBe(1);
    expect(bottom).toBeGreaterThanOrEqual(0.3);
    expect(bottom).toBeLessThanOrEqual(0.46);
    expect(stats.mutualsHealthAndSocialCareShare).toBeGreaterThan(0.5);
    expect(stats.mutualsHealthAndSocialCareShare).toBeLessThan(0.62);
    expect(stats.openToPartneringShare).toBeGreaterThan(0.8);
    expect(stats.danglingPartnerIds).toBe(0);
  });

  it('when the synthetic mutuals are inspected, then sizes span 1–2,000 staff and £200k–£100m+ turnover across England', () => {
    const mutuals = demo.organisations.filter((o) => o.id.startsWith('CNS-PSM-'));
    const turnover = mutuals.map((o) => o.annualTurnoverGbp!);
    const staff = mutuals.map((o) => o.staff!);
    expect(Math.min(...turnover)).toBeGreaterThanOrEqual(200_000);
    expect(Math.max(...turnover)).toBeGreaterThanOrEqual(50_000_000);
    expect(Math.min(...staff)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...staff)).toBeGreaterThanOrEqual(1_000);
    expect(new Set(mutuals.map((o) => reference.geography.regionOf(o.areas[0]))).size).toBe(9);
    expect(new Set(mutuals.map((o) => o.name)).size).toBe(mutuals.length);
    expect(mutuals.every((o) => o.openToPartnering)).toBe(true);
  });

  it('when private fields are present, then a few organisations have do-not-partner entries and red lines', () => {
    const withPrivate = demo.organisations.filter((o) => o.private);
    expect(withPrivate.filter((o) => o.private!.doNotPartnerWith.length > 0).length).toBeGreaterThanOrEqual(10);
    expect(withPrivate.filter((o) => o.private!.redLines.length > 0).length).toBeGreaterThanOrEqual(20);
    expect(withPrivate.length).toBeLessThan(demo.organisations.length / 4);
  });
});

describe('case studies', () => {
  it('when the Devon youth mutual is looked up, then it is a 2017 spin-out with youth services across Devon and a lost subcontracting bid', () => {
    const devon = byId().get(DEVON_YOUTH_MUTUAL_ID)!;
    expect(devon).toMatchObject({ kind: 'public_service_mutual', legalForm: 'company_limited_by_guarantee', foundedYear: 2017 });
    expect(
      devon.services.every((c) => ['children_young_people', 'education'].includes(reference.cpv.sectorOf(c)) || c.startsWith('853')),
    ).toBe(true);
    expect(devon.services).toContain('98133110'); // services provided by youth associations
    expect(devon.areas).toEqual(expect.arrayContaining([...DEVON_DISTRICTS, DEVON_COUNTY]));
    expect(devon.areas.every((a) => a === DEVON_COUNTY || reference.geography.displayArea(a)?.code === DEVON_COUNTY)).toBe(true);
    const bid = devon.partnerships.filter((p) => p.year === 2018);
    expect(bid).toHaveLength(2);
    expect(bid.every((p) => p.model === 'subcontracting' && p.outcome === 'lost')).toBe(true);
    const orgs = byId();
    for (const p of devon.partnerships) {
      const partner = orgs.get(p.partnerId)!;
      expect(partner.areas.some((a) => reference.geography.regionOf(a) === 'E12000009')).toBe(true); // South West
    }
  });

  it('when the LLP is looked up, then eight mutual members with health, social care, education and housing expertise total about £33m and know each other', () => {
    const orgs = byId();
    const llp = orgs.get(HWP_LLP_ID)!;
    expect(llp).toMatchObject({ name: 'Health and Wellbeing Partnership LLP', legalForm: 'llp', foundedYear: 2015 });
    const members = HWP_MEMBER_IDS.map((id) => orgs.get(id)!);
    expect(members).toHaveLength(8);
    const combined = members.reduce((s, m) => s + (m.annualTurnoverGbp ?? 0), 0);
    expect(combined).toBeGreaterThanOrEqual(31_000_000);
    expect(combined).toBeLessThanOrEqual(35_000_000);
    const sectors = new Set(members.flatMap((m) => m.services.map((c) => reference.cpv.sectorOf(c))));
    for (const s of ['health', 'social_care', 'education'] as const) expect(sectors.has(s)).toBe(true);
    expect(members.some((m) => m.services.includes('75123000'))).toBe(true); // administrative housing services
    for (const m of members) {
      expect(m.kind).toBe('public_service_mutual');
      expect(m.partnerships).toContainEqual(expect.objectContaining({ partnerId: HWP_LLP_ID, model: 'new_legal_entity', year: 2015 }));
      expect(m.partnerships.filter((p) => HWP_MEMBER_IDS.includes(p.partnerId)).length).toBeGreaterThanOrEqual(2);
    }
    expect(llp.partnerships.map((p) => p.partnerId).sort()).toEqual([...HWP_MEMBER_IDS].sort());
    expect(new Set(llp.services)).toEqual(new Set(members.flatMap((m) => m.services)));
  });
});

describe('demo tenders', () => {
  it('when listed, then the brief’s scenarios are present with lots where sensible', () => {
    const tenders = new Map(demo.tenders.map((t) => [t.id, t]));
    expect(demo.tenders.length).toBeGreaterThanOrEqual(5);
    expect(demo.tenders.length).toBeLessThanOrEqual(15);
    const devon = tenders.get(DEMO_TENDER_IDS.devonAdultSocialCare)!;
    expect(devon.deliveryAreas).toEqual([...DEVON_DISTRICTS]);
    expect(requiredCpvCodes(devon).every((c) => reference.cpv.sectorOf(c) === 'social_care')).toBe(true);
    const integrated = tenders.get(DEMO_TENDER_IDS.greaterManchesterIntegrated)!;
    expect(new Set(requiredCpvCodes(integrated).map((c) => reference.cpv.sectorOf(c)))).toEqual(
      new Set(['health', 'social_care', 'other']),
    );
    expect(integrated.lots).toHaveLength(3);
    expect(tenders.get(DEMO_TENDER_IDS.kentChildrensServices)!.minimumTurnoverGbp).toBe(20_000_000);
    const reserved = tenders.get(DEMO_TENDER_IDS.devonYouthReserved)!;
    expect(reserved.reservedForMutuals).toBe(true);
    expect(new Date(reserved.contractEnd!).getTime() - new Date(reserved.contractStart!).getTime()).toBeLessThanOrEqual(
      3 * 366 * 86_400_000,
    );
  });
});

describe('what is real and what is synthetic', () => {
  const TRAFFORD = 'E08000009';
  const OLDHAM = 'E08000004';

  it('when the Greater Manchester organisations are counted, then Trafford’s charities work there on the Charity Commission’s word and Oldham’s providers on CQC’s', () => {
    const trafford = demo.organisations.filter((o) => o.provenance?.areas?.[TRAFFORD]?.register === 'charity-commission');
    expect(trafford.length).toBe(736);
    for (const o of trafford) expect(o.provenance!.areas![TRAFFORD]).toMatchObject({ kind: 'register', date: '2021-05-27' });
    const oldham = demo.organisations.filter((o) => o.provenance?.areas?.[OLDHAM]?.register === 'cqc');
    expect(oldham.length).toBeGreaterThan(100);
  });

  it('when a real organisation’s facts are inspected, then only what no register gives is synthetic, and no service or area is made up for it', () => {
    const beacon = byId().get('GB-CHC-1109545')!; // Beacon Counselling, a Trafford charity
    expect(beacon.provenance?.legalForm).toMatchObject({ kind: 'register', register: 'charity-commission' });
    expect(beacon.provenance?.annualTurnoverGbp).toEqual({ kind: 'synthetic' }); // the Trafford extract gives no income
    expect(beacon.provenance?.values).toEqual({ kind: 'synthetic' });
    expect(beacon.areas).toEqual([TRAFFORD]);
    for (const code of beacon.services) expect(beacon.provenance?.services?.[code]?.kind).toBe('inferred');
  });

  it('when a CQC provider is a charity (MacIntyre Care), then UKCAT’s record of it makes it a charity with its register income, not a private provider', () => {
    const macintyre = byId().get('GB-CHC-250840')!;
    expect(macintyre).toMatchObject({ name: 'MacIntyre Care', kind: 'charity', annualTurnoverGbp: 71_169_000 });
    expect(macintyre.provenance?.annualTurnoverGbp).toMatchObject({ kind: 'register', register: 'charity-commission', date: '2025-03-31' });
    expect(Object.values(macintyre.provenance?.areas ?? {}).every((s) => s.register === 'cqc')).toBe(true);
    // UKCAT's other large charities are not added to the demo on their own (their place is only a postcode area)
    expect(byId().has('GB-CHC-1000328')).toBe(false); // Enginuity
  });

  it('when every organisation is checked, then every fact it holds has a source, and wholly synthetic organisations say synthetic throughout', () => {
    for (const o of demo.organisations) {
      for (const code of o.services) expect(o.provenance?.services?.[code], `${o.id} service ${code}`).toBeDefined();
      for (const code of o.areas) expect(o.provenance?.areas?.[code], `${o.id} area ${code}`).toBeDefined();
      for (const p of o.partnerships) expect(p.source).toEqual({ kind: 'synthetic' });
    }
    const mutual = byId().get('CNS-PSM-0001')!;
    expect(Object.values(mutual.provenance?.services ?? {}).every((s) => s.kind === 'synthetic')).toBe(true);
    expect(mutual.provenance?.staff).toEqual({ kind: 'synthetic' });
  });

  it('when the demo tenders are listed, then the synthetic ones say so and the real notices name their portal, ocid and date', () => {
    const synthetic = demo.tenders.filter((t) => t.id.startsWith('CNS-TENDER-'));
    expect(synthetic.length).toBe(9);
    for (const t of synthetic) expect(t.source).toEqual({ kind: 'synthetic' });
    const uk4 = demo.tenders.find((t) => t.id === 'ocds-h6vhtk-078219')!;
    expect(uk4.source).toEqual({ kind: 'register', register: 'find-a-tender', record: 'ocds-h6vhtk-078219', date: '2026-10-06' });
    expect(uk4.deliveryAreas).toEqual(['E06000056']); // Central Bedfordshire
    const contractsFinder = demo.tenders.filter((t) => t.source?.register === 'contracts-finder');
    expect(contractsFinder.map((t) => t.title)).toContain('Lancashire Victim Services - Domestic Abuse');
    expect(contractsFinder).toHaveLength(4);
  });
});
