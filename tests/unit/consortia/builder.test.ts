import { describe, expect, it } from 'vitest';
import { proposeConsortia, type BuilderRequest } from '../../../src/consortia/builder.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import type { Tender } from '../../../src/tenders/schema.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { CHILDREN, COMMUNITY_HEALTH, CORNWALL, DEVON, HOME_CARE, NOW, ref, TORRIDGE, YOUTH } from './fixtures.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

function propose(tender: Tender, lead: Organisation, pool: Organisation[], request: BuilderRequest = {}) {
  return proposeConsortia({ ref, tender, lead, pool, now: NOW, request, vetoes: HONOUR_EVERY_VETO });
}
const ids = (c: { members: { id: string }[] }) => c.members.map((m) => m.id).sort();

const lead = buildOrganisation({
  id: 'LEAD-YOUTH',
  name: 'Devon Youth Mutual',
  kind: 'public_service_mutual',
  services: [YOUTH],
  areas: [DEVON],
  annualTurnoverGbp: 3_000_000,
});

describe('coverage', () => {
  it('when a tender needs three services none of which the lead has, then the best consortium covers all three', () => {
    const home = buildOrganisation({ id: 'ORG-HOME', services: [HOME_CARE], areas: [DEVON] });
    const kids = buildOrganisation({ id: 'ORG-KIDS', services: [CHILDREN], areas: [DEVON] });
    const health = buildOrganisation({ id: 'ORG-HEALTH', services: [COMMUNITY_HEALTH], areas: [DEVON] });
    const other = buildOrganisation({ id: 'ORG-OTHER', services: ['80000000'], areas: [DEVON] });
    const tender = buildTender({ cpvCodes: [HOME_CARE, CHILDREN, COMMUNITY_HEALTH], deliveryAreas: [DEVON] });

    const result = propose(tender, lead, [home, kids, health, other]);

    expect(result.tender.requiredServices.every((s) => !s.leadCovers)).toBe(true);
    const best = result.consortia[0];
    expect(ids(best)).toEqual(['LEAD-YOUTH', 'ORG-HEALTH', 'ORG-HOME', 'ORG-KIDS']);
    expect(best.coverage.services.map((row) => [row.code, row.members])).toEqual([
      [HOME_CARE, ['ORG-HOME']],
      [CHILDREN, ['ORG-KIDS']],
      [COMMUNITY_HEALTH, ['ORG-HEALTH']],
    ]);
    expect(best.coverage.areas.every((row) => row.members.length > 0)).toBe(true);
    const kidsRole = best.members.find((m) => m.id === 'ORG-KIDS')!.role;
    expect(kidsRole.services).toEqual([{ code: CHILDREN, label: 'Welfare services for children and young people', onlyMember: true }]);
    expect(kidsRole.summary).toContain('Only member delivering 85311300 Welfare services for children and young people');
    expect(best.reasonsFor[0]).toBe(
      'Between 4 organisations it covers all 3 required services in every one of the 8 local authorities of the tender area',
    );
    expect(result.missing).toEqual([]);
  });

  it('when the tender has lots, then each member’s role names the lots it delivers, whole or in part', () => {
    const both = buildOrganisation({ id: 'ORG-BOTH', services: [HOME_CARE, CHILDREN], areas: [DEVON] });
    const health = buildOrganisation({ id: 'ORG-HEALTH', services: [COMMUNITY_HEALTH], areas: [DEVON] });
    const tender = buildTender({
      cpvCodes: [],
      lots: [
        { id: '1', title: 'Home care', cpvCodes: [HOME_CARE] },
        { id: '2', title: 'Families', cpvCodes: [CHILDREN, COMMUNITY_HEALTH] },
      ],
      deliveryAreas: [DEVON],
    });
    const best = propose(tender, lead, [both, health]).consortia[0];
    expect(best.members.find((m) => m.id === 'ORG-BOTH')!.role.lots).toEqual([
      { id: '1', title: 'Home care', whole: true },
      { id: '2', title: 'Families', whole: false },
    ]);
  });

  it('when bidding for a subset of lots, then only those lots’ services are required', () => {
    const home = buildOrganisation({ id: 'ORG-HOME', services: [HOME_CARE], areas: [DEVON] });
    const tender = buildTender({
      cpvCodes: [],
      lots: [
        { id: '1', cpvCodes: [HOME_CARE] },
        { id: '2', cpvCodes: [COMMUNITY_HEALTH] },
      ],
      deliveryAreas: [DEVON],
    });
    expect(propose(tender, lead, [home]).consortia).toEqual([]);
    const result = propose(tender, lead, [home], { lots: ['1'] });
    expect(result.tender.requiredServices.map((s) => s.code)).toEqual([HOME_CARE]);
    expect(ids(result.consortia[0])).toEqual(['LEAD-YOUTH', 'ORG-HOME']);
  });

  it('when areas may be covered at upper-tier level, then one district of the county is enough', () => {
    const exeterOnly = buildOrganisation({ id: 'ORG-EXETER', services: [YOUTH], areas: ['E07000041'] });
    const home = buildOrganisation({ id: 'ORG-HOME', services: [HOME_CARE], areas: ['E07000041'] });
    const narrowLead = { ...exeterOnly, id: 'LEAD-EXETER' };
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON] });
    expect(propose(tender, narrowLead, [home]).consortia).toEqual([]);
    const relaxed = propose(tender, narrowLead, [home], { areaCoverage: 'utla' });
    // The lead delivers youth work, not home care: it covers no cell of the county.
    expect(relaxed.consortia[0].coverage.areas).toEqual([{ code: DEVON, name: 'Devon', members: ['ORG-HOME'] }]);
  });

  it('when the tender spans a region of more than 32 authorities, then a partner large enough to work region-wide completes the team', () => {
    const EAST_MIDLANDS = 'E12000004';
    expect(ref.geography.lads(EAST_MIDLANDS).length).toBeGreaterThan(32);
    const derby = buildOrganisation({ id: 'LEAD-DERBY', services: [HOME_CARE], areas: ['E06000015'] });
    const regional = buildOrganisation({
      id: 'ORG-REGION',
      services: [CHILDREN, HOME_CARE],
      areas: [EAST_MIDLANDS],
      staff: 2_500,
      annualTurnoverGbp: 90_000_000,
    });
    const local = buildOrganisation({ id: 'ORG-LOCAL', services: [CHILDREN], areas: ['E06000018'] });
    const tender = buildTender({ cpvCodes: [HOME_CARE, CHILDREN], deliveryAreas: [EAST_MIDLANDS] });
    for (const solver of ['exact', 'heuristic'] as const) {
      const result = propose(tender, derby, [regional, local], { solver });
      expect(result.consortia.map(ids)).toEqual([['LEAD-DERBY', 'ORG-REGION']]);
    }
  });

  it('when the lead alone meets every requirement, then bidding alone ranks first and needs no partnership model', () => {
    const able = buildOrganisation({ id: 'LEAD-ABLE', services: [HOME_CARE], areas: [DEVON], annualTurnoverGbp: 10_000_000 });
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON], minimumTurnoverGbp: 5_000_000 });
    const result = propose(tender, able, [buildOrganisation({ services: [HOME_CARE], areas: [DEVON] })]);
    expect(ids(result.consortia[0])).toEqual(['LEAD-ABLE']);
    expect(result.consortia[0].advice.models).toEqual([]);
    expect(result.notes.join(' ')).toContain('meets every requirement alone');
  });
});

describe('turnover threshold', () => {
  it('when only a three-member team meets the turnover threshold, then the best consortium has three members, not two', () => {
    const able = buildOrganisation({ id: 'LEAD-SMALL', services: [HOME_CARE], areas: [DEVON], annualTurnoverGbp: 4_000_000 });
    const p1 = buildOrganisation({
      id: 'ORG-P1',
      services: [HOME_CARE],
      areas: [DEVON],
      annualTurnoverGbp: 3_500_000,
      values: ['social_value'],
    });
    const p2 = buildOrganisation({ id: 'ORG-P2', services: [HOME_CARE], areas: [DEVON], annualTurnoverGbp: 3_500_000 });
    const p3 = buildOrganisation({ id: 'ORG-P3', services: [HOME_CARE], areas: [DEVON], annualTurnoverGbp: 3_000_000 });
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON], minimumTurnoverGbp: 10_000_000 });

    const result = propose(tender, able, [p1, p2, p3]);

    expect(result.consortia[0].members).toHaveLength(3);
    for (const c of result.consortia) {
      expect(c.members.length).toBeGreaterThanOrEqual(3);
      expect(c.turnover.combinedGbp).toBeGreaterThanOrEqual(10_000_000);
      expect(c.turnover.meets).toBe(true);
    }
  });

  it('when the threshold is cleared by a thin margin, then a reason against says so', () => {
    const able = buildOrganisation({ id: 'LEAD-SMALL', services: [HOME_CARE], areas: [DEVON], annualTurnoverGbp: 4_000_000 });
    const p1 = buildOrganisation({ id: 'ORG-P1', services: [CHILDREN], areas: [DEVON], annualTurnoverGbp: 6_100_000 });
    const tender = buildTender({ cpvCodes: [HOME_CARE, CHILDREN], deliveryAreas: [DEVON], minimumTurnoverGbp: 10_000_000 });
    expect(propose(tender, able, [p1]).consortia[0].reasonsAgainst).toContain(
      'Combined turnover of £10.1m clears the £10.0m threshold by only £100k',
    );
  });
});

describe('what is missing', () => {
  it('when no organisation covers a required service in the tender area, then it names the code, its label and the area', () => {
    const cornish = buildOrganisation({ id: 'LEAD-CORNWALL', services: [YOUTH], areas: [CORNWALL] });
    const elsewhere = buildOrganisation({ services: [HOME_CARE], areas: ['E09000001'] }); // City of London: not near
    const closed = buildOrganisation({ services: [HOME_CARE], areas: [CORNWALL], openToPartnering: false });
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [CORNWALL] });

    const result = propose(tender, cornish, [elsewhere, closed]);

    expect(result.consortia).toEqual([]);
    expect(result.missing).toEqual([
      'no organisation open to partnering covers 85312400 Welfare services not delivered through residential institutions in Cornwall (E06000052)',
    ]);
  });

  it('when no team can reach the turnover threshold, then it gives the best team’s combined turnover and the threshold', () => {
    const small = buildOrganisation({
      id: 'LEAD-SMALL',
      name: 'Small Mutual',
      services: [HOME_CARE],
      areas: [DEVON],
      annualTurnoverGbp: 2_100_000,
    });
    const pool = [1_500_000, 1_500_000, 1_500_000, 1_500_000, 400_000].map((t) =>
      buildOrganisation({ services: [HOME_CARE], areas: [DEVON], annualTurnoverGbp: t }),
    );
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON], minimumTurnoverGbp: 20_000_000 });

    const result = propose(tender, small, pool);

    expect(result.consortia).toEqual([]);
    expect(result.missing).toEqual([
      'combined turnover of the best team is £8.1m (Small Mutual and its 4 largest possible partners), short of the £20.0m threshold',
    ]);
  });

  it('when nobody works in part of the tender area, then it names those authorities', () => {
    const notTorridge = DEVON_WITHOUT_TORRIDGE;
    const partial = buildOrganisation({ id: 'LEAD-PARTIAL', services: [HOME_CARE], areas: notTorridge });
    const alsoPartial = buildOrganisation({ services: [HOME_CARE], areas: notTorridge.slice(0, 3) });
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON] });
    expect(propose(tender, partial, [alsoPartial]).missing).toEqual([
      `no organisation open to partnering delivers 85312400 Welfare services not delivered through residential institutions in Torridge (${TORRIDGE})`,
    ]);
  });

  it('when every requirement can be covered but not by one team of the allowed size, then it names the closest team and what it lacks', () => {
    const home = buildOrganisation({ id: 'ORG-HOME', name: 'Home Care Ltd', services: [HOME_CARE], areas: [DEVON] });
    const kids = buildOrganisation({ id: 'ORG-KIDS', name: 'Kids Trust', services: [CHILDREN], areas: [DEVON] });
    const tender = buildTender({ cpvCodes: [HOME_CARE, CHILDREN], deliveryAreas: [DEVON] });
    const result = propose(tender, lead, [home, kids], { maxPartners: 1 });
    expect(result.consortia).toEqual([]);
    expect(result.missing).toEqual([
      'no team of Devon Youth Mutual and up to 1 partner meets every requirement at once: the closest found, with Home Care Ltd, still misses 85311300 Welfare services for children and young people',
    ]);
  });
});

const DEVON_WITHOUT_TORRIDGE = ref.geography.lads(DEVON).filter((lad) => lad !== TORRIDGE);

describe('who may be teamed', () => {
  it('when two candidates have ruled each other out, then they never appear in the same consortium', () => {
    const home = buildOrganisation({
      id: 'ORG-HOME',
      services: [HOME_CARE],
      areas: [DEVON],
      private: { doNotPartnerWith: ['ORG-KIDS'], redLines: [], bidPlans: [] },
    });
    const kids = buildOrganisation({ id: 'ORG-KIDS', services: [CHILDREN], areas: [DEVON] });
    const both = buildOrganisation({ id: 'ORG-BOTH', services: [HOME_CARE, CHILDREN], areas: [DEVON] });
    const tender = buildTender({ cpvCodes: [HOME_CARE, CHILDREN], deliveryAreas: [DEVON] });
    const result = propose(tender, lead, [home, kids, both]);
    expect(result.consortia.length).toBeGreaterThan(0);
    for (const c of result.consortia) expect(ids(c)).not.toEqual(expect.arrayContaining(['ORG-HOME', 'ORG-KIDS']));
  });

  it('when a candidate is on the lead’s do-not-partner list, then it is not proposed', () => {
    const wary = { ...lead, id: 'LEAD-WARY', private: { doNotPartnerWith: ['ORG-HOME'], redLines: [], bidPlans: [] } };
    const home = buildOrganisation({ id: 'ORG-HOME', services: [HOME_CARE], areas: [DEVON] });
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON] });
    expect(propose(tender, wary, [home]).consortia).toEqual([]);
  });
});

describe('preferences among valid consortia', () => {
  const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [DEVON] });

  it('when two partners cover the same gap, then the one that has worked with the lead before and shares its values ranks first, and the stranger is named as the weaker link', () => {
    const friend = buildOrganisation({
      id: 'ORG-FRIEND',
      name: 'Friendly Care',
      services: [HOME_CARE],
      areas: [DEVON],
      values: ['staff_ownership', 'social_value'],
      partnerships: [{ partnerId: 'LEAD-VALUES', model: 'subcontracting', year: 2023, outcome: 'won', success: 5 }],
    });
    const stranger = buildOrganisation({ id: 'ORG-STRANGER', services: [HOME_CARE], areas: [DEVON], values: ['environmental'] });
    const valuesLead = { ...lead, id: 'LEAD-VALUES', values: ['staff_ownership', 'social_value'] as Organisation['values'] };
    const result = propose(tender, valuesLead, [stranger, friend]);
    expect(result.consortia.map(ids)).toEqual([
      ['LEAD-VALUES', 'ORG-FRIEND'],
      ['LEAD-VALUES', 'ORG-STRANGER'],
    ]);
    expect(result.consortia[0].reasonsFor).toContain('Devon Youth Mutual and Friendly Care have worked together well before');
    expect(result.consortia[1].weakestLink?.why).toContain('have never worked together and share no partners');
    expect(result.consortia[1].weakestLink?.why).toContain('share none of their declared values');
  });

  it('when a partner competes with another member for the same services in the same places, then a reason against names them', () => {
    const a = buildOrganisation({ id: 'ORG-A', name: 'Alpha Care', services: [HOME_CARE, CHILDREN], areas: [DEVON] });
    const b = buildOrganisation({ id: 'ORG-B', name: 'Beta Care', services: [HOME_CARE, CHILDREN], areas: [DEVON] });
    const t = buildTender({ cpvCodes: [HOME_CARE, CHILDREN], deliveryAreas: [DEVON], minimumTurnoverGbp: 6_500_000 });
    const result = propose(t, lead, [a, b]);
    expect(result.consortia[0].reasonsAgainst).toContain(
      "Alpha Care and Beta Care both deliver social care and children and young people's services in Devon, so they are rivals in the next bid",
    );
  });

  it('when weights change, then the objective reports the weights used', () => {
    const home = buildOrganisation({ services: [HOME_CARE], areas: [DEVON] });
    const result = propose(tender, lead, [home], { weights: { size: 0, trust: 1 } });
    expect(result.consortia[0].objective.size.weight).toBe(0);
    expect(result.consortia[0].objective.trust.weight).toBe(1);
  });
});

describe('a member with no turnover on record', () => {
  it('when a member’s turnover is £0, then its role says it cannot carry its part alone, not a percentage of nothing', () => {
    const llp = buildOrganisation({
      id: 'ORG-LLP',
      name: 'New Partnership LLP',
      services: [CHILDREN],
      areas: [DEVON],
      annualTurnoverGbp: 0,
    });
    const tender = buildTender({ cpvCodes: [CHILDREN], deliveryAreas: [DEVON], valueGbp: 1_000_000 });
    const result = propose(tender, lead, [llp]);
    const role = result.consortia[0].members.find((m) => m.id === 'ORG-LLP')!.role.summary;
    expect(role).toContain('with no turnover of its own on record (£0): it cannot carry that alone');
    expect(role).not.toMatch(/\d{4,}% of its turnover/);
  });
});
