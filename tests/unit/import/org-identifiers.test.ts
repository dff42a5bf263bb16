import { describe, expect, it } from 'vitest';
import { inferKind, normaliseGivenId, preferredId, readCharityNumber, readCompanyNumber } from '../../../src/organisations/import/index.ts';
import { postcodeArea, placeOfPostcode } from '../../../src/reference/postcode-areas.ts';

describe('registration numbers as funders type them', () => {
  it.each([
    ['1136419', 'GB-CHC-1136419'],
    ['1010178.0', 'GB-CHC-1010178'],
    [' 1153055 ', 'GB-CHC-1153055'],
    ['CN1002721', 'GB-CHC-1002721'],
    ['1077265/1', 'GB-CHC-1077265'],
    ['GB-CHC-1091001', 'GB-CHC-1091001'],
    ['SC 036 733', 'GB-SC-SC036733'],
    ['SCO23976', 'GB-SC-SC023976'],
    ['NIC101036', 'GB-NIC-101036'],
    ['NI00285', 'GB-COH-NI000285'],
  ])('when a charity number is written %j, then its org-id is %s', (raw, id) => {
    expect(readCharityNumber(raw)).toMatchObject({ ok: true, id });
  });

  it.each(['N/A', 'Excepted', '', '0'])('when the charity number is the placeholder %j, then there is no number and no problem', (raw) => {
    expect(readCharityNumber(raw)).toEqual({ ok: true });
  });

  it.each(['1007', 'EIN 04-3323467', '04302657'])('when the charity number is %j, then it is reported as unreadable', (raw) => {
    expect(readCharityNumber(raw).ok).toBe(false);
  });

  it.each([
    ['3852249', 'GB-COH-03852249'],
    ['04170241', 'GB-COH-04170241'],
    ['IP28755R', 'GB-COH-IP28755R'],
    ['RS007123', 'GB-COH-RS007123'],
    ['CE000339', 'GB-COH-CE000339'],
    ['SCO 290434', 'GB-COH-SC290434'],
  ])('when a company number is written %j, then its org-id is %s', (raw, id) => {
    expect(readCompanyNumber(raw)).toMatchObject({ ok: true, id });
  });

  it('when given ids are messy, then registered schemes are re-read and other ids are made valid and stable', () => {
    expect(normaliseGivenId('GB-CHC-1010178.0')).toBe('GB-CHC-1010178');
    expect(normaliseGivenId("360G-ptc-ORG:st-catherine's-church-centre")).toBe('360G-ptc-ORG:st-catherine-s-church-centre');
    expect(normaliseGivenId('GB-COH-n/a')).toBeUndefined();
  });

  it('when an organisation has several ids, then the charity register id names it', () => {
    expect(preferredId(['360G-x-1', 'GB-COH-01234567', 'GB-CHC-1012345'])).toBe('GB-CHC-1012345');
    expect(preferredId(['GB-COH-01234567', 'GB-SC-SC012345'])).toBe('GB-SC-SC012345');
  });
});

describe('kind and legal form from registers and funders', () => {
  it.each([
    ['Community Interest Company Limited by Guarantee', 'social_enterprise', 'cic'],
    ['Community Benefit Society', 'cooperative', 'community_benefit_society'],
    ['Co-operative Society', 'cooperative', 'cooperative_society'],
    ['Charitable Incorporated Organisation', 'charity', 'charity_cio'],
    ['registered-charity | registered-company | incorporated-charity', 'charity', 'company_limited_by_guarantee'],
    ['Unincorporated Association', 'charity', 'unincorporated_association'],
  ])(
    'when the organisation type is %j, then the kind is %s and the legal form %s, and the rule names the type',
    (typeText, kind, legalForm) => {
      expect(inferKind({ typeText, identifiers: ['GB-CHC-1', 'GB-COH-2'], hasCharityNumber: true })).toEqual({
        kind,
        legalForm,
        rule: `organisation type "${typeText}"`,
      });
    },
  );

  it('when no type is given, then the identifiers decide, and the rule says which', () => {
    expect(inferKind({ identifiers: ['GB-COH-IP28755R'], hasCharityNumber: false }).kind).toBe('cooperative');
    expect(inferKind({ identifiers: ['GB-CHC-1136419'], hasCharityNumber: true })).toEqual({
      kind: 'charity',
      legalForm: 'other',
      rule: 'a charity number',
    });
    expect(inferKind({ identifiers: ['GB-COH-09876543'], name: 'Green Futures CIC', hasCharityNumber: false })).toEqual({
      kind: 'social_enterprise',
      legalForm: 'cic',
      rule: 'the name ends in CIC',
    });
  });
});

describe('postcode areas', () => {
  it('when a postcode is given in any spacing or case, then its area letters are found', () => {
    expect(postcodeArea('WR2 6AJ')).toBe('WR');
    expect(postcodeArea('sw1a2bq')).toBe('SW');
    expect(postcodeArea('B15')).toBe('B');
    expect(postcodeArea('Not a postcode')).toBeUndefined();
  });

  it('when the area is mostly one authority, then that authority is given; when it is split, the region', () => {
    expect(placeOfPostcode('WR2 6AJ')).toEqual({ code: 'E10000034', area: 'WR', precision: 'authority' });
    expect(placeOfPostcode('B15 2TT')).toEqual({ code: 'E12000005', area: 'B', precision: 'region' });
    expect(placeOfPostcode('CF10 1AA')?.code).toBe('W92000004');
    expect(placeOfPostcode('JE2 3AB')).toBeUndefined(); // Jersey
  });
});
