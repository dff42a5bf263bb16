/**
 * The documented mappings from register categories to CPV services and from area names to GSS codes
 * (src/organisations/import/mappings, src/reference/registers.ts): every code they produce exists, known
 * categories give the documented answers, and rules that are rules say so.
 */
import { describe, expect, it } from 'vitest';
import { ccniServices, CCNI_HOW_SERVICES } from '../../../src/organisations/import/mappings/ccni.ts';
import { cqcServices, CQC_SERVICE_TYPES, CQC_SPECIALISMS } from '../../../src/organisations/import/mappings/cqc.ts';
import { ICNPTSO_SERVICES, icnptsoService } from '../../../src/organisations/import/mappings/icnptso.ts';
import { SIC_SERVICES, sicService } from '../../../src/organisations/import/mappings/sic.ts';
import { UKCAT_SERVICES, ukcatServices, ukcatTagsFromText } from '../../../src/organisations/import/mappings/ukcat.ts';
import { reference } from './support.ts';

const ref = reference();

describe('register category → CPV mappings', () => {
  it.each([
    ['CQC service types', CQC_SERVICE_TYPES],
    ['CQC specialisms', CQC_SPECIALISMS],
    ['UKCAT tags', UKCAT_SERVICES],
    ['ICNPTSO classes', ICNPTSO_SERVICES],
    ['SIC codes', SIC_SERVICES],
    ['CCNI categories', CCNI_HOW_SERVICES],
  ])('when %s are mapped, then every CPV code exists in the reference list', (_name, table) => {
    const unknown = Object.values(table).filter((code) => !ref.cpv.has(code));
    expect(unknown).toEqual([]);
  });

  it('when every UKCAT tag of the mapping is looked up, then it exists in the UKCAT taxonomy', () => {
    expect(Object.keys(UKCAT_SERVICES).filter((code) => ref.registers.ukcatTag(code) === undefined)).toEqual([]);
    expect(Object.keys(ICNPTSO_SERVICES).filter((code) => ref.registers.icnptsoTitle(code) === undefined)).toEqual([]);
  });

  it('when a care home with nursing serves people with dementia, then nursing care is registered and the elderly service inferred', () => {
    const { services, unknown } = cqcServices(['Care home service with nursing'], ['Dementia', 'Services for everyone']);
    expect(unknown).toEqual([]);
    expect(services).toEqual([
      { code: '85144100', rule: 'CQC service type "Care home service with nursing"', inferred: false },
      { code: '85311100', rule: 'CQC specialism "Dementia" at a social care location', inferred: true },
    ]);
  });

  it('when a GP practice lists specialisms, then they add nothing; an unknown service type is returned for a warning', () => {
    expect(cqcServices(['Doctors/Gps', 'Phone/online advice'], ['Caring for adults over 65 yrs'])).toEqual({
      services: [{ code: '85121100', rule: 'CQC service type "Doctors/Gps"', inferred: false }],
      unknown: ['Phone/online advice'],
    });
  });

  it('when activity text mentions home care for older people, then UKCAT rules tag it and the care + beneficiary combination adds the client group', () => {
    const tags = ukcatTagsFromText('We provide home care and befriending for older people in Trafford', ref.registers);
    expect(tags).toEqual(expect.arrayContaining(['SC105', 'BE108']));
    const services = ukcatServices(tags, ref.registers);
    expect(services).toEqual(
      expect.arrayContaining([
        { code: '85312400', rule: 'UKCAT tag SC105 "Domiciliary care"' },
        { code: '85311100', rule: 'UKCAT tags SC105 "Domiciliary care" and BE108 "Older people"' },
      ]),
    );
  });

  it('when a charity is tagged as a fundraiser (a PTA), then it gets no service at all', () => {
    expect(ukcatServices(['ED201', 'ED104', 'LE106'], ref.registers)).toEqual([]);
  });

  it('when a keyword rule has an unbounded gap, then it is bounded, so a long adversarial text is read in linear time', () => {
    const rule = ref.registers.ukcatTag('SC105')!.pattern!;
    expect(rule.source).not.toContain('.*');
    expect(rule.test('care for people in their own homes')).toBe(true);
    // cut at MAX_TEXT: a 100 kB text costs what 4 kB does
    expect(ukcatTagsFromText('care '.repeat(20_000), ref.registers)).toEqual(ukcatTagsFromText('care '.repeat(800), ref.registers));
  });

  it('when SIC, ICNPTSO and CCNI categories are read, then the mapped ones give their service and a low-probability class none', () => {
    expect(sicService('87300 - Residential care activities for the elderly and disabled')).toEqual({
      code: '85311100',
      rule: 'SIC 87300 - Residential care activities for the elderly and disabled',
    });
    expect(sicService('64205 - Activities of financial services holding companies')).toBeUndefined();
    expect(icnptsoService('D13', 0.93, 'Services for people with disabilities')).toEqual({
      code: '85311200',
      rule: 'ICNPTSO class D13 "Services for people with disabilities" (UKCAT model, p=0.93)',
    });
    expect(icnptsoService('D13', 0.3)).toBeUndefined();
    expect(ccniServices('Religious activities,Counselling/support').map((s) => s.code)).toEqual(['85312320']);
  });
});

describe('area names → GSS codes', () => {
  it.each([
    ['Trafford', ['E08000009']],
    ['Oldham', ['E08000004']],
    ['Bedford Borough', ['E06000055']],
    ['Central Bedfordshire', ['E06000056']],
    ['Cumbria', ['E06000063', 'E06000064']],
    ['Throughout England', ['E92000001']],
    ['Throughout England And Wales', ['E92000001', 'W92000004']],
  ])('when the register names %j, then it is %j', (name, codes) => {
    expect(ref.registers.areaCodes(name)).toEqual(codes);
  });

  it('when the register names Greater Manchester (a metropolitan county, E11), then it is its ten districts', () => {
    expect(ref.registers.areaCodes('Greater Manchester')).toHaveLength(10);
    expect(ref.registers.areaCodes('Greater Manchester')).toContain('E08000009');
    expect(ref.registers.areaCodes('Atlantis')).toBeUndefined();
  });
});
