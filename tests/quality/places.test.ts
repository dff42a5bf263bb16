/** Places by evidence, not by claim (docs/evidence.md). */
import { describe, expect, it } from 'vitest';
import { CPV, LEEDS_TENDER, PLACE, match, org, ranking, ranksAbove, reasonsOf } from './worlds.ts';

const SERVICES = [CPV.disability, CPV.daycare, CPV.homeCare, CPV.socialWorkWithAccommodation];
const seeker = org('SEEKER-LEEDS-MUTUAL', {
  kind: 'public_service_mutual',
  legalForm: 'cic',
  services: [CPV.guidance],
  areas: [PLACE.leeds],
  baseArea: PLACE.leeds,
});

describe('quality: places', () => {
  it('when a local charity works in Bradford and small charities list every English region, then the local one ranks first', async () => {
    const local = org('LOCAL-BRADFORD', { services: SERVICES, areas: [PLACE.bradford], staff: 30, annualTurnoverGbp: 1_200_000 });
    const claimers = [1, 2, 3].map((i) =>
      org(`SMALL-ALL-REGIONS-${i}`, {
        services: SERVICES,
        areas: [PLACE.camden, ...PLACE.allEnglishRegions],
        staff: 5,
        annualTurnoverGbp: 300_000,
      }),
    );
    const res = await match(seeker, [...claimers, local], LEEDS_TENDER);
    expect(ranking(res)).toEqual(['LOCAL-BRADFORD']);
    expect(res.notes.join(' ')).toContain(
      '3 organisations that list the tender area only inside a region or the whole country, too small for that to be evidence of working there, are not ranked',
    );
  });

  it('when one organisation is based in the tender area and another only says it works there, then the based one ranks first', async () => {
    const based = org('BASED-KIRKLEES', { services: SERVICES, areas: [PLACE.kirklees], baseArea: PLACE.kirklees });
    const says = org('SAYS-KIRKLEES', { services: SERVICES, areas: [PLACE.kirklees] });
    const res = await match(seeker, [says, based], LEEDS_TENDER);
    expect(ranksAbove(res, 'BASED-KIRKLEES', 'SAYS-KIRKLEES')).toBe(true);
    expect(reasonsOf(res, 'BASED-KIRKLEES').for.join(' ')).toContain('based in Kirklees');
    expect(reasonsOf(res, 'SAYS-KIRKLEES').for.join(' ')).toContain('says it works in Kirklees (authority level)');
  });

  it('when a register records where one works and the other declares it, then the registered one ranks first and the register is cited', async () => {
    const registered = org('REGISTERED-WAKEFIELD', {
      services: SERVICES,
      areas: [PLACE.wakefield],
      provenance: { areas: { [PLACE.wakefield]: { kind: 'register', register: 'charity-commission', record: '1000001', date: '2021' } } },
    });
    const declared = org('DECLARED-WAKEFIELD', { services: SERVICES, areas: [PLACE.wakefield] });
    const res = await match(seeker, [declared, registered], LEEDS_TENDER);
    expect(ranksAbove(res, 'REGISTERED-WAKEFIELD', 'DECLARED-WAKEFIELD')).toBe(true);
    expect(reasonsOf(res, 'REGISTERED-WAKEFIELD').for.join(' ')).toContain(
      'works in Wakefield (Charity Commission area of operation, 2021)',
    );
  });

  it('when two organisations claim the same region, then the one large enough to make it plausible ranks first', async () => {
    const large = org('LARGE-REGIONAL', { services: SERVICES, areas: [PLACE.yorkshire], staff: 1_500, annualTurnoverGbp: 60_000_000 });
    const medium = org('MEDIUM-REGIONAL', { services: SERVICES, areas: [PLACE.yorkshire], staff: 40, annualTurnoverGbp: 4_000_000 });
    const res = await match(seeker, [medium, large], LEEDS_TENDER);
    expect(ranksAbove(res, 'LARGE-REGIONAL', 'MEDIUM-REGIONAL')).toBe(true);
    const geography = (id: string) => res.candidates.find((c) => c.organisation.id === id)!.factors.geography.score;
    expect(geography('LARGE-REGIONAL')).toBeGreaterThan(geography('MEDIUM-REGIONAL'));
  });

  it('when a large regional claimer and a local charity of the same services compete, then being there beats claiming the region', async () => {
    const large = org('LARGE-REGIONAL', { services: SERVICES, areas: [PLACE.yorkshire], staff: 1_500, annualTurnoverGbp: 60_000_000 });
    const local = org('LOCAL-BRADFORD', {
      services: SERVICES,
      areas: [PLACE.bradford],
      baseArea: PLACE.bradford,
      staff: 300,
      annualTurnoverGbp: 12_000_000,
    });
    const res = await match(seeker, [large, local], LEEDS_TENDER);
    expect(res.candidates.find((c) => c.organisation.id === 'LOCAL-BRADFORD')!.factors.geography.score).toBeGreaterThan(
      res.candidates.find((c) => c.organisation.id === 'LARGE-REGIONAL')!.factors.geography.score,
    );
  });

  it('when one works next door and another far away, then next door is a candidate with credit for place and far away is not', async () => {
    const nextDoor = org('NEXT-DOOR-CALDERDALE', { services: SERVICES, areas: [PLACE.calderdale] });
    const far = org('FAR-CORNWALL', { services: SERVICES, areas: [PLACE.cornwall] });
    const res = await match(seeker, [far, nextDoor], { ...LEEDS_TENDER, deliveryAreas: [PLACE.leeds, PLACE.bradford, PLACE.kirklees] });
    expect(ranking(res)).not.toContain('FAR-CORNWALL'); // works nowhere near: not a candidate at all
    expect(res.candidates[0].factors.geography.score).toBeGreaterThan(0);
  });

  it('when a candidate reaches an authority the seeker lacks, then it outranks one working only where the seeker already is', async () => {
    const reach = org('REACH-BRADFORD', { services: SERVICES, areas: [PLACE.bradford] });
    const overlap = org('OVERLAP-LEEDS', { services: SERVICES, areas: [PLACE.leeds] });
    const res = await match(seeker, [overlap, reach], LEEDS_TENDER);
    expect(ranksAbove(res, 'REACH-BRADFORD', 'OVERLAP-LEEDS')).toBe(true);
    expect(reasonsOf(res, 'REACH-BRADFORD').for.join(' ')).toContain('Extends your reach into Bradford');
  });

  it('when a reason leans on a synthetic fact, then it ends by saying it is demo data', async () => {
    const demo = org('DEMO-BRADFORD', {
      services: SERVICES,
      areas: [PLACE.bradford],
      provenance: { areas: { [PLACE.bradford]: { kind: 'synthetic' } } },
    });
    // (Geography weighted up so its reasons are among the four shown.)
    const res = await match(seeker, [demo], LEEDS_TENDER, { weights: { geography: 5 } });
    const place = reasonsOf(res, 'DEMO-BRADFORD').for.find((r) => r.includes('Bradford'));
    expect(place).toMatch(/\(demo data\)$/);
  });

  it('when the seeker only claims a region, then it is told where it is not present and partners there still extend its reach', async () => {
    const claimer = org('SEEKER-CLAIMS-REGION', {
      services: [CPV.guidance],
      areas: [PLACE.yorkshire],
      staff: 10,
      annualTurnoverGbp: 400_000,
    });
    const local = org('LOCAL-LEEDS', { services: SERVICES, areas: [PLACE.leeds] });
    const res = await match(claimer, [local], LEEDS_TENDER);
    expect(res.notes.join(' ')).toContain('You are not present in any of the 4 local authorities of the tender area');
    expect(reasonsOf(res, 'LOCAL-LEEDS').for.join(' ')).toContain('Extends your reach into Leeds');
  });
});
