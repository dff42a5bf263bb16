/** The CPV hierarchy the right way round, and evidence for services. */
import { describe, expect, it } from 'vitest';
import { CPV, LEEDS_TENDER, PLACE, match, org, ranking, ranksAbove, reasonsOf } from './worlds.ts';

const AREA = [PLACE.leeds];
const tender = (cpvCodes: string[], extra: object = {}) => ({ ...LEEDS_TENDER, cpvCodes, deliveryAreas: AREA, ...extra });
const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA, baseArea: PLACE.leeds });

describe('quality: services', () => {
  it('when one candidate lists the required code and another only a broader one, then the exact one ranks first and the broader one partly covers', async () => {
    const exact = org('EXACT-COUNSELLING', { services: [CPV.counselling], areas: AREA });
    const broader = org('BROADER-WITHOUT-ACCOMMODATION', { services: [CPV.withoutAccommodation], areas: AREA });
    const res = await match(seeker, [broader, exact], tender([CPV.counselling]));
    expect(ranksAbove(res, 'EXACT-COUNSELLING', 'BROADER-WITHOUT-ACCOMMODATION')).toBe(true);
    expect(reasonsOf(res, 'BROADER-WITHOUT-ACCOMMODATION').for.join(' ')).toContain('Partly covers 85312320 Counselling services');
  });

  it('when the seeker lists only a narrower code than the one required, then it is not told it covers every required service', async () => {
    const narrow = org('SEEKER-NARROW', { services: [CPV.disability], areas: AREA });
    const parent = org('PARENT-CODE', { services: [CPV.socialWorkWithAccommodation], areas: AREA });
    const res = await match(narrow, [parent], tender([CPV.socialWorkWithAccommodation]));
    expect(res.notes.join(' ')).not.toContain('You already cover every required service');
    expect(res.tender.requiredServices[0]).toMatchObject({ code: CPV.socialWorkWithAccommodation, youCover: false, cover: 'none' });
    expect(reasonsOf(res, 'PARENT-CODE').for.join(' ')).toContain('Covers 85311000 Social work services with accommodation');
  });

  it('when a candidate lists only a narrower code than the required one, then it ranks below one listing the required code', async () => {
    const narrow = org('NARROW-DISABILITY', { services: [CPV.disability], areas: AREA });
    const parent = org('PARENT-CODE', { services: [CPV.socialWorkWithAccommodation], areas: AREA });
    const res = await match(seeker, [narrow, parent], tender([CPV.socialWorkWithAccommodation]));
    expect(ranking(res)[0]).toBe('PARENT-CODE');
  });

  it('when the tender names only the division 85000000, then its words decide which services are wanted, and it says so', async () => {
    const right = org('DAY-AND-DISABILITY', { services: [CPV.daycare, CPV.disability], areas: AREA });
    const decoy = org('GP-PRACTICE', { services: [CPV.gp], areas: AREA });
    const res = await match(
      seeker,
      [decoy, right],
      tender([CPV.healthAndSocialWork], { title: 'Day opportunities for adults with learning disabilities' }),
    );
    expect(ranking(res)[0]).toBe('DAY-AND-DISABILITY');
    expect(res.notes.join(' ')).toContain('from its title and description it asks for');
    expect(res.tender.requiredServices.map((s) => s.code).sort()).toEqual([CPV.disability, CPV.daycare].sort());
  });

  it('when the tender names only a division and its words name nothing within it, then any service in it counts and it says so', async () => {
    const inside = org('ANY-HEALTH-OR-SOCIAL', { services: [CPV.gp], areas: AREA });
    const res = await match(
      seeker,
      [inside],
      tender([CPV.healthAndSocialWork], { title: 'Lot 4 framework call-off', description: undefined }),
    );
    expect(res.notes.join(' ')).toContain('any service in it counts');
    expect(ranking(res)).toEqual(['ANY-HEALTH-OR-SOCIAL']);
  });

  it('when one candidate’s service is on a register and another declares it, then the registered one ranks first', async () => {
    const registered = org('CQC-REGISTERED', {
      services: [CPV.homeCare],
      areas: AREA,
      provenance: { services: { [CPV.homeCare]: { kind: 'register', register: 'cqc', record: '1-100', date: '2024' } } },
    });
    const declared = org('DECLARED-ONLY', { services: [CPV.homeCare], areas: AREA });
    const res = await match(seeker, [declared, registered], tender([CPV.homeCare]));
    expect(ranksAbove(res, 'CQC-REGISTERED', 'DECLARED-ONLY')).toBe(true);
    expect(reasonsOf(res, 'CQC-REGISTERED').for.join(' ')).toContain('(CQC registration, 2024)');
  });

  it('when candidates differ only in how many of the missing services they fill, then the one filling more ranks first', async () => {
    const two = org('FILLS-TWO', { services: [CPV.daycare, CPV.homeCare], areas: AREA });
    const one = org('FILLS-ONE', { services: [CPV.daycare], areas: AREA });
    const res = await match(seeker, [one, two], tender([CPV.daycare, CPV.homeCare]));
    expect(ranksAbove(res, 'FILLS-TWO', 'FILLS-ONE')).toBe(true);
    expect(reasonsOf(res, 'FILLS-ONE').against.join(' ')).toContain('Still leaves 85312400');
  });

  it('when a candidate delivers what the seeker already covers and another fills the gap, then the gap-filler ranks first', async () => {
    const rival = org('SAME-AS-SEEKER', { services: [CPV.guidance], areas: AREA });
    const filler = org('FILLS-GAP', { services: [CPV.homeCare], areas: AREA });
    const res = await match(seeker, [rival, filler], tender([CPV.guidance, CPV.homeCare]));
    expect(ranking(res)[0]).toBe('FILLS-GAP');
  });
});
