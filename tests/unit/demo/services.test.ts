import { describe, expect, it } from 'vitest';
import { SERVICE_PROFILES, codesForProfiles, inferProfiles } from '../../../src/demo/services.ts';
import { POSTCODE_AREA_TO_LAD, GOR_LETTER_TO_REGION, ladForPostcode } from '../../../src/demo/postcode-areas.ts';
import { kindFromType, titleCaseNhsName } from '../../../src/demo/real-orgs.ts';
import { placeIndex } from '../../../src/demo/places.ts';
import { defaultReference } from '../../../src/reference/load.ts';

const reference = defaultReference();
const FOCUS_DIVISIONS = ['75', '79', '80', '85', '92', '98'];

describe('service profiles', () => {
  it('when listed, then every code exists in the CPV reference, sits in a focus division, and the first code is in the profile sector', () => {
    for (const profile of SERVICE_PROFILES) {
      for (const code of profile.codes) {
        expect(reference.cpv.has(code), `${profile.key} ${code}`).toBe(true);
        expect(FOCUS_DIVISIONS).toContain(code.slice(0, 2));
      }
      expect(reference.cpv.sectorOf(profile.codes[0]), profile.key).toBe(profile.sector);
    }
  });

  it('when a grant title names domestic abuse support, then counselling and guidance codes are inferred', () => {
    const [first] = inferProfiles('Domestic abuse IDVA service and refuge for survivors');
    expect(first.key).toBe('domestic_abuse');
    expect(codesForProfiles([first])).toEqual(['85312300', '85312320']);
    expect(reference.cpv.get('85312320')?.label).toBe('Counselling services');
  });

  it('when text mentions several services, then the profile with most hits comes first and at most three are kept', () => {
    const keys = inferProfiles('Youth club for young people; youth workers; a food bank; sport; arts; advice').map((p) => p.key);
    expect(keys[0]).toBe('youth');
    expect(keys.length).toBeLessThanOrEqual(3);
    expect(inferProfiles('annual accounts')).toEqual([]);
  });
});

describe('postcode areas and source mapping', () => {
  const places = placeIndex(reference);

  it('when the table maps an area, then the authority is a current English LAD of the reference', () => {
    for (const [area, lad] of Object.entries(POSTCODE_AREA_TO_LAD)) {
      expect(places.indexOf.has(lad), `${area} → ${lad}`).toBe(true);
    }
    for (const region of Object.values(GOR_LETTER_TO_REGION)) expect(reference.geography.get(region)?.level).toBe('region');
  });

  it('when a postcode is in Devon, Plymouth or Wales, then EX and PL resolve and CF does not', () => {
    expect(ladForPostcode('EX4 3PE')).toBe('E07000041');
    expect(ladForPostcode('pl1')).toBe('E06000026');
    expect(ladForPostcode('CF10 1AA')).toBeUndefined();
    expect(ladForPostcode('nonsense')).toBeUndefined();
  });

  it('when an organisation type is given, then kind and legal form follow it; otherwise the id scheme decides', () => {
    const base = { idScheme: 'GB-COH', name: 'X', companyNumber: '123', charityNumber: undefined };
    expect(kindFromType({ ...base, organisationType: 'Community Interest Company Limited by Guarantee' })).toMatchObject({
      kind: 'social_enterprise',
      legalForm: 'cic',
      fromSource: true,
    });
    expect(kindFromType({ ...base, organisationType: 'Community Benefit Society' })).toMatchObject({
      kind: 'cooperative',
      legalForm: 'community_benefit_society',
    });
    expect(kindFromType({ ...base, organisationType: 'Charitable Incorporated Organisation' })).toMatchObject({
      kind: 'charity',
      legalForm: 'charity_cio',
    });
    expect(kindFromType({ ...base, idScheme: 'GB-CHC', charityNumber: '1', companyNumber: undefined })).toMatchObject({
      kind: 'charity',
      fromSource: false,
    });
    expect(kindFromType({ ...base, companyNumber: 'IP12345' })).toMatchObject({
      kind: 'cooperative',
      legalForm: 'community_benefit_society',
    });
  });

  it('when an NHS name is upper case, then it is title-cased with NHS and small words kept', () => {
    expect(titleCaseNhsName('SOUTH TYNESIDE AND SUNDERLAND NHS FOUNDATION TRUST')).toBe(
      'South Tyneside and Sunderland NHS Foundation Trust',
    );
    expect(titleCaseNhsName("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST")).toBe("Guy's and St Thomas' NHS Foundation Trust");
  });
});
