/** Consortia cover every service in every place, carry their parts, and differ for reasons a bid manager cares about. */
import { describe, expect, it } from 'vitest';
import type { Partnership } from '../../src/organisations/schema.ts';
import { CPV, PLACE, consortia, org, teams } from './worlds.ts';

const housingAndHealth = {
  title: 'Housing support and community health in Devon and Cornwall',
  cpvCodes: [CPV.housing, CPV.communityHealth],
  deliveryAreas: [PLACE.devon, PLACE.cornwall],
};

describe('quality: consortia', () => {
  it('when a Devon-only housing provider and a Cornwall-only health provider are offered, then they are not a team that covers housing in Cornwall', async () => {
    const lead = org('LEAD', { services: [CPV.guidance], areas: [PLACE.exeter] });
    const devonHousing = org('DEVON-HOUSING', { services: [CPV.housing], areas: [PLACE.devon] });
    const cornwallHealth = org('CORNWALL-HEALTH', { services: [CPV.communityHealth], areas: [PLACE.cornwall] });
    const both = [
      org('HOUSING-BOTH', { services: [CPV.housing], areas: [PLACE.devon, PLACE.cornwall] }),
      org('HEALTH-BOTH', { services: [CPV.communityHealth], areas: [PLACE.devon, PLACE.cornwall] }),
    ];
    const res = await consortia(lead, [devonHousing, cornwallHealth, ...both], {
      ...housingAndHealth,
      deliveryAreas: [PLACE.exeter, PLACE.cornwall],
    });
    expect(res.consortia.length).toBeGreaterThan(0);
    for (const team of teams(res))
      expect(team.includes('DEVON-HOUSING') && team.includes('CORNWALL-HEALTH') && team.length === 3).toBe(false);
    for (const c of res.consortia) expect(c.coverage.uncovered).toEqual([]);
  });

  it('when no team can cover a service in one place, then the answer names that service and place', async () => {
    const lead = org('LEAD', { services: [CPV.guidance], areas: [PLACE.exeter] });
    const devonHousing = org('DEVON-HOUSING', { services: [CPV.housing], areas: [PLACE.exeter] });
    const health = org('HEALTH-BOTH', { services: [CPV.communityHealth], areas: [PLACE.exeter, PLACE.cornwall] });
    const res = await consortia(lead, [devonHousing, health], { ...housingAndHealth, deliveryAreas: [PLACE.exeter, PLACE.cornwall] });
    expect(res.consortia).toEqual([]);
    expect(res.missing.join(' ')).toContain('98341000 Accommodation services in Cornwall (E06000052)');
  });

  it('when two partners differ only in being based in the place or claiming the region, then the team with the local one ranks first', async () => {
    const lead = org('LEAD', { services: [CPV.guidance], areas: [PLACE.leeds], baseArea: PLACE.leeds });
    const local = org('LOCAL-HOME-CARE', {
      services: [CPV.homeCare],
      areas: [PLACE.leeds],
      baseArea: PLACE.leeds,
      staff: 2_000,
      annualTurnoverGbp: 80_000_000,
    });
    const regional = org('REGIONAL-HOME-CARE', {
      services: [CPV.homeCare],
      areas: [PLACE.yorkshire],
      staff: 2_000,
      annualTurnoverGbp: 80_000_000,
    });
    const res = await consortia(lead, [regional, local], {
      title: 'Home care in Leeds',
      cpvCodes: [CPV.guidance, CPV.homeCare],
      deliveryAreas: [PLACE.leeds],
    });
    expect(teams(res)[0]).toEqual(['LEAD', 'LOCAL-HOME-CARE']);
    expect(res.consortia[0].score).toBeGreaterThan(res.consortia[1].score);
  });

  it('when a 1-staff charity is the only one delivering a lot worth millions, then a partner that can carry it ranks first and the small one is flagged', async () => {
    const lead = org('LEAD', { services: [CPV.guidance], areas: [PLACE.devon], annualTurnoverGbp: 30_000_000, staff: 600 });
    const tiny = org('TINY', { services: [CPV.homeCare], areas: [PLACE.devon], staff: 1, annualTurnoverGbp: 68_000 });
    const able = org('ABLE', { services: [CPV.homeCare], areas: [PLACE.devon], staff: 300, annualTurnoverGbp: 15_000_000 });
    const tender = {
      title: 'Devon home care and guidance',
      cpvCodes: [CPV.guidance, CPV.homeCare],
      deliveryAreas: [PLACE.devon],
      valueGbp: 48_000_000,
      contractStart: '2027-10-01T00:00:00Z',
      contractEnd: '2032-09-30T23:59:59Z',
    };
    const res = await consortia(lead, [tiny, able], tender);
    expect(teams(res)[0]).toEqual(['LEAD', 'ABLE']);
    expect(res.consortia[0].members.find((m) => m.id === 'ABLE')!.role.canCarry).toBe(true);
    // With the small charity as the only option, the team is still offered, and its weakness is said.
    const alone = await consortia(lead, [tiny], tender);
    expect(alone.consortia[0].members.find((m) => m.id === 'TINY')!.role.canCarry).toBe(false);
    expect(alone.consortia[0].reasonsAgainst.join(' ')).toContain(
      'TINY would deliver about £4.8m a year, more than 50% of its £68k turnover',
    );
  });

  it('when one partner worked badly with the lead and another is a stranger, then the stranger’s team ranks first', async () => {
    const bad: Partnership = { partnerId: 'BAD-PAST', model: 'alliance', year: 2022, outcome: 'ended_early', success: 1 };
    const lead = org('LEAD', { services: [CPV.guidance], areas: [PLACE.exeter], partnerships: [bad] });
    const res = await consortia(
      lead,
      [
        org('BAD-PAST', { services: [CPV.homeCare], areas: [PLACE.exeter] }),
        org('STRANGER', { services: [CPV.homeCare], areas: [PLACE.exeter] }),
      ],
      {
        title: 'Exeter support',
        cpvCodes: [CPV.guidance, CPV.homeCare],
        deliveryAreas: [PLACE.exeter],
      },
    );
    expect(teams(res)[0]).toEqual(['LEAD', 'STRANGER']);
  });

  it('when a mutual can distribute profit, then it is never listed among VCSE members, and a CIC mutual is', async () => {
    const lead = org('LEAD', {
      kind: 'public_service_mutual',
      legalForm: 'company_limited_by_shares',
      services: [CPV.guidance],
      areas: [PLACE.exeter],
    });
    const partner = org('CIC-MUTUAL', { kind: 'public_service_mutual', legalForm: 'cic', services: [CPV.homeCare], areas: [PLACE.exeter] });
    const res = await consortia(lead, [partner], {
      title: 'Exeter support',
      cpvCodes: [CPV.guidance, CPV.homeCare],
      deliveryAreas: [PLACE.exeter],
      vcseSuitable: true,
    });
    const team = res.consortia[0];
    expect(team.eligibility.vcseMembers).toEqual(['CIC-MUTUAL']);
    expect(team.members.find((m) => m.id === 'LEAD')!.vcse).toBe(false);
    expect(res.eligibility.reasons.join(' ')).toContain('which can distribute profit and so is not a VCSE');
  });

  it('when the contract value is known, then each member’s yearly part is stated in money as people write it', async () => {
    const lead = org('LEAD', { services: [CPV.guidance], areas: [PLACE.exeter], annualTurnoverGbp: 10_000_000 });
    const res = await consortia(lead, [org('HOME', { services: [CPV.homeCare], areas: [PLACE.exeter], annualTurnoverGbp: 10_000_000 })], {
      title: 'Exeter support',
      cpvCodes: [CPV.guidance, CPV.homeCare],
      deliveryAreas: [PLACE.exeter],
      valueGbp: 12_000_000,
      contractStart: '2027-04-01T00:00:00Z',
      contractEnd: '2031-03-31T23:59:59Z',
    });
    const summary = res.consortia[0].members.map((m) => m.role.summary).join(' ');
    expect(summary).toContain('would deliver about £1.5m a year');
    expect(res.tender.turnoverThresholdGbp).toBe(6_000_000);
  });
});
