/** Empty and odd results explain themselves; bad requests are refused in plain words. */
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../src/http/validate.ts';
import { MatchRequest } from '../../src/matching/schema.ts';
import { ValidationError } from '../../src/shared/errors.ts';
import { CPV, LEEDS_TENDER, PLACE, match, org } from './worlds.ts';

const seeker = org('SEEKER', { services: [CPV.guidance], areas: [PLACE.leeds] });

describe('quality: empty and odd results', () => {
  it('when the data holds no organisation in or next to the tender area, then the answer says so', async () => {
    const elsewhere = org('IN-LEEDS', { services: [CPV.homeCare], areas: [PLACE.leeds] });
    const res = await match(seeker, [elsewhere], { ...LEEDS_TENDER, cpvCodes: [CPV.homeCare], deliveryAreas: [PLACE.belfast] });
    expect(res.candidates).toEqual([]);
    expect(res.notes.join(' ')).toContain('The data holds no organisation open to partnering that works in or next to Belfast');
  });

  it('when a required service is one nobody in the data delivers, then the answer names it', async () => {
    const other = org('HOME-CARE', { services: [CPV.homeCare], areas: [PLACE.leeds] });
    const res = await match(seeker, [other], { ...LEEDS_TENDER, cpvCodes: [CPV.homeCare, '45000000'], deliveryAreas: [PLACE.leeds] });
    expect(res.notes.join(' ')).toContain('No organisation in the data delivers 45000000 Construction work, anywhere');
  });

  it('when providers of a service exist only outside the tender area, then the answer says they are elsewhere', async () => {
    const far = org('COUNSELLING-CORNWALL', { services: [CPV.counselling], areas: [PLACE.cornwall] });
    const near = org('HOME-CARE-LEEDS', { services: [CPV.homeCare], areas: [PLACE.leeds] });
    const res = await match(seeker, [far, near], {
      ...LEEDS_TENDER,
      cpvCodes: [CPV.homeCare, CPV.counselling],
      deliveryAreas: [PLACE.leeds],
    });
    expect(res.notes.join(' ')).toContain(
      'No organisation delivering 85312320 Counselling services works in or next to Leeds; some do elsewhere',
    );
  });

  it('when a field is misspelt, then the request is refused naming it and the field meant', () => {
    const { cpvCodes, ...rest } = LEEDS_TENDER;
    const attempt = () => parseOrThrow(MatchRequest, { seekerId: 'SEEKER', tender: { ...rest, cpv: cpvCodes } });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues).toContainEqual({
        path: 'tender.cpv',
        message: 'unknown field "cpv": did you mean "cpvCodes"?',
      });
    }
  });
});
