/**
 * The register importers on the real register samples in data/registers: every record accounted for, each fact
 * with the source it came from (register, record, date; inferred with its rule), records of one organisation
 * merged on its ids, and disagreements between sources reported as conflicts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importOrganisations, type OrgImportResult } from '../../../src/organisations/import/index.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { reference } from './support.ts';

const REGISTERS = fileURLToPath(new URL('../../../data/registers/', import.meta.url));
const file = (path: string) => ({ name: path, text: readFileSync(`${REGISTERS}${path}`, 'utf8') });
const TRAFFORD = 'E08000009';
const OLDHAM = 'E08000004';

function org(result: OrgImportResult, id: string): Organisation {
  const found = result.organisations.find((o) => o.id === id);
  if (!found) throw new Error(`no organisation ${id}`);
  return found;
}

describe('Charity Commission register tables (Trafford extract, 2021-05-27)', () => {
  const result = importOrganisations(
    [
      file('charity-commission/trafford-charities-operating-in-trafford-2021-05.csv'),
      file('charity-commission/trafford-area-of-operation-2021-05.csv'),
    ],
    reference(),
  );

  it('when the charity table and its area-of-operation rows are imported, then 736 charities each work in Trafford on the register’s word', () => {
    expect(result.records).toBe(1472);
    expect(result.imported + result.rejected.length).toBe(result.records);
    expect(result.organisations).toHaveLength(736);
    for (const o of result.organisations) {
      expect(o.id).toMatch(/^GB-CHC-\d+$/);
      expect(o.areas).toContain(TRAFFORD);
      expect(o.provenance?.areas?.[TRAFFORD]).toEqual({
        kind: 'register',
        register: 'charity-commission',
        record: o.id.slice('GB-CHC-'.length),
        date: '2021-05-27',
        rule: 'area of operation "Trafford"',
      });
    }
  });

  it('when a charity describes its activities, then its services are inferred by UKCAT keyword rules and say so; its legal form is the register’s charity type', () => {
    const beacon = org(result, 'GB-CHC-1109545'); // Beacon Counselling: "Counselling and related services to adults, young people, and children"
    expect(beacon.name).toBe('Beacon Counselling');
    expect(beacon.services).toContain('85312320');
    expect(beacon.provenance?.services?.['85312320']).toEqual({
      kind: 'inferred',
      register: 'charity-commission',
      record: '1109545',
      rule: 'UKCAT tag HE304 "Counselling and therapy" from the activities text',
    });
    expect(beacon.legalForm).toBe('company_limited_by_guarantee');
    expect(beacon.provenance?.legalForm).toMatchObject({
      kind: 'register',
      register: 'charity-commission',
      rule: 'charity type "Charitable company"',
    });
    expect(beacon.provenance?.kind).toMatchObject({ kind: 'inferred' });
    expect(beacon.foundedYear).toBe(2005);
    expect(beacon.provenance?.foundedYear).toMatchObject({
      kind: 'inferred',
      register: 'charity-commission',
      date: '2005-05-19',
      rule: 'year of registration',
    });
  });

  it('when a charity is a parent-teacher association, then it gets no service: it raises funds, it does not teach', () => {
    const ptas = result.organisations.filter((o) => /\bP\.?T\.?A\b|parent teacher/i.test(o.name));
    expect(ptas.length).toBeGreaterThan(3);
    for (const pta of ptas) expect(pta.services).not.toContain('80100000');
  });
});

describe('CQC: Oldham API records (2024), the HSCA locations file (2025-08), Trafford care homes (2026-02)', () => {
  const oldham = importOrganisations(
    [file('cqc/oldham-cqc-api-locations-2024.jsonl'), file('cqc/oldham-cqc-api-providers-2024.jsonl')],
    reference(),
  );

  it('when the Oldham locations and providers are imported, then deregistered and dormant locations are rejected with the reason and the rest add up', () => {
    expect(oldham.records).toBe(471);
    expect(oldham.imported + oldham.rejected.length).toBe(471);
    expect(oldham.rejected.filter((r) => r.reason.startsWith('deregistered from CQC on ')).length).toBeGreaterThan(200);
    expect(oldham.rejected.some((r) => r.reason.includes('dormant'))).toBe(true);
    for (const o of oldham.organisations) expect(o.areas).toContain(OLDHAM);
  });

  it('when a provider record names a care home’s provider, then the location merges into it: id by company number, registered services, inferred client groups', () => {
    const laburnum = org(oldham, 'GB-COH-03754654'); // Laburnum House (Shaw) Limited, CQC provider 1-101612188
    expect(laburnum.name).toBe('Laburnum House (Shaw) Limited');
    expect(oldham.merged).toContainEqual(expect.objectContaining({ id: 'GB-COH-03754654', aliases: ['GB-CQC-1-101612188'] }));
    expect(laburnum.services).toEqual(expect.arrayContaining(['85311000', '85311100']));
    expect(laburnum.provenance?.services?.['85311000']).toEqual({
      kind: 'register',
      register: 'cqc',
      record: '1-119238580',
      date: '2023-09-19',
      rule: 'CQC service type "Residential homes"',
    });
    expect(laburnum.provenance?.services?.['85311100']).toMatchObject({
      kind: 'inferred',
      register: 'cqc',
      rule: 'CQC specialism "Caring for adults over 65 yrs" at a social care location',
    });
    expect(laburnum.baseArea).toBe(OLDHAM);
    expect(laburnum.provenance?.baseArea).toMatchObject({
      kind: 'register',
      register: 'cqc',
      rule: "local authority of the provider's address",
    });
    expect(laburnum.kind).toBe('private_provider');
    expect(laburnum.provenance?.kind?.kind).toBe('inferred');
  });

  it('when only a location names a provider, then it is named after its location with a warning, never silently', () => {
    const fallback = oldham.warnings.filter((w) => w.message.includes('named after its location'));
    expect(fallback.length).toBeGreaterThan(100);
  });

  it('when a GP surgery serves "adults over 65", then that is no older people’s service: specialisms count at social care locations only', () => {
    for (const o of oldham.organisations.filter((x) => x.services.includes('85121100'))) {
      if (!o.services.some((s) => ['85312400', '85311000', '85144100'].includes(s))) expect(o.services).not.toContain('85311100');
    }
  });

  it('when the HSCA file names "Bedford Borough", then it is Bedford (E06000055), and a provider with a company number is named by it', () => {
    const hsca = importOrganisations([file('cqc/cqc-asc-locations-2025-08-head999.csv')], reference());
    expect(hsca.records).toBe(999);
    expect(hsca.imported + hsca.rejected.length).toBe(999);
    const lansdowne = hsca.organisations.filter((o) => o.areas.includes('E06000055'));
    expect(lansdowne.length).toBeGreaterThan(0);
    const withCompany = hsca.organisations.filter((o) => o.id.startsWith('GB-COH-'));
    expect(withCompany.length).toBeGreaterThan(hsca.organisations.length / 2);
  });

  it('when a CQC provider is also a charity in UKCAT’s file, then its charity number outweighs CQC’s ownership guess, and the conflict is reported', () => {
    const both = importOrganisations(
      [file('cqc/cqc-asc-locations-2025-08-head999.csv'), file('charity-commission/ukcat-top2000-largest.csv')],
      reference(),
    );
    const macintyre = org(both, 'GB-CHC-250840');
    expect(macintyre).toMatchObject({ name: 'MacIntyre Care', kind: 'charity' });
    expect(both.merged).toContainEqual(
      expect.objectContaining({ id: 'GB-CHC-250840', aliases: expect.arrayContaining(['GB-COH-00894054']) }),
    );
    expect(both.conflicts).toContainEqual(
      expect.objectContaining({
        id: 'GB-CHC-250840',
        fact: 'kind',
        kept: expect.objectContaining({ value: 'charity' }),
        dropped: expect.objectContaining({ value: 'private_provider' }),
      }),
    );
  });

  it('when the Trafford care homes list writes area code E0800009, then it is read as Trafford with a warning, and a CIC provider is a social enterprise', () => {
    const homes = importOrganisations([file('cqc/trafford-care-homes-2026-02.csv')], reference());
    expect(homes.records).toBe(56);
    expect(homes.warnings.filter((w) => w.message === 'area code E0800009 is a digit short; read as E08000009')).toHaveLength(56);
    const fd = homes.organisations.find((o) => o.name === 'Future Directions CIC')!;
    expect(fd).toMatchObject({ kind: 'social_enterprise', legalForm: 'cic', areas: [TRAFFORD] });
    expect(fd.provenance?.areas?.[TRAFFORD]).toMatchObject({ kind: 'register', register: 'cqc' });
  });
});

describe('UKCAT charity samples', () => {
  const result = importOrganisations(
    [file('charity-commission/ukcat-top2000-largest.csv'), file('charity-commission/ukcat-sample-4203-tagged.csv')],
    reference(),
  );

  it('when both samples are imported, then every row is accounted for and charities of all three registers come in with their register ids', () => {
    expect(result.records).toBe(2464 + 4203);
    expect(result.imported + result.rejected.length).toBe(result.records);
    const ids = result.organisations.map((o) => o.id);
    expect(ids.some((id) => id.startsWith('GB-SC-SC'))).toBe(true);
    expect(ids.some((id) => id.startsWith('GB-NIC-'))).toBe(true);
    expect(result.rejected.some((r) => r.reason === 'not active on the register')).toBe(true);
  });

  it('when a charity is in both samples with different incomes, then the newer register figure wins and the older is reported as a conflict', () => {
    const conflict = result.conflicts.find((c) => c.id === 'GB-CHC-1000412' && c.fact === 'annualTurnoverGbp')!;
    expect(conflict.kept).toMatchObject({
      value: 13977171,
      source: { kind: 'register', register: 'charity-commission', date: '2025-03-31' },
    });
    expect(conflict.dropped).toMatchObject({ value: 6751028, source: { date: '2019-03-31' } });
    expect(org(result, 'GB-CHC-1000412').annualTurnoverGbp).toBe(13977171);
  });

  it('when a charity carries UKCAT tags, then its services come from the tags, inferred, naming the tag', () => {
    const tagged = result.organisations.filter((o) =>
      Object.values(o.provenance?.services ?? {}).some((s) => s.rule?.startsWith('UKCAT tag')),
    );
    expect(tagged.length).toBeGreaterThan(100);
    for (const o of tagged)
      for (const s of Object.values(o.provenance!.services!)) expect(s).toMatchObject({ kind: 'inferred', register: 'ukcat' });
  });
});

describe('Companies House, FCA mutuals, CCNI, UKCAT CIC classes', () => {
  it('when BasicCompanyData is imported, then a CIC’s legal form is the register’s, its kind inferred, and a company that is not active is rejected', () => {
    const result = importOrganisations([file('companies-house/BasicCompanyData-2020-06-01-sample87.csv')], reference());
    expect(result.records).toBe(87);
    expect(result.imported + result.rejected.length).toBe(87);
    const cics = result.organisations.filter((o) => o.legalForm === 'cic');
    expect(cics.length).toBeGreaterThan(0);
    for (const cic of cics) {
      expect(cic.kind).toBe('social_enterprise');
      expect(cic.provenance?.legalForm).toMatchObject({ kind: 'register', register: 'companies-house' });
      expect(cic.provenance?.kind).toMatchObject({ kind: 'inferred', register: 'companies-house' });
    }
    expect(result.rejected.some((r) => r.reason.startsWith('company status'))).toBe(true);
  });

  it('when the FCA mutuals list is imported, then each society is a co-operative known by its GB-MPR and GB-COH ids', () => {
    const result = importOrganisations([file('companies-house/drkane-mutual-companies-fca-register.csv')], reference());
    const club = org(result, 'GB-COH-IP10002R');
    expect(club).toMatchObject({ name: 'Pegswood and District Social Club and Institute Limited', kind: 'cooperative' });
    expect(result.merged).toContainEqual(expect.objectContaining({ id: 'GB-COH-IP10002R', aliases: ['GB-MPR-10002R'] }));
  });

  it('when the CCNI register is imported, then staff and income are the register’s, dated by the financial year end', () => {
    const result = importOrganisations([file('ccni/ccni-charitydetails-sample365.csv')], reference());
    expect(result.imported + result.rejected.length).toBe(365);
    const lifeline = org(result, 'GB-NIC-100002'); // Cancer Lifeline: income £462,154, 11 staff, year to 31 March 2023
    expect(lifeline).toMatchObject({ name: 'Cancer Lifeline', staff: 11, annualTurnoverGbp: 462154 });
    expect(lifeline.provenance?.staff).toEqual({ kind: 'register', register: 'ccni', record: '100002', date: '2023-03-31' });
    expect(lifeline.services).toContain('85312310'); // Advice/advocacy/information
    expect(lifeline.provenance?.services?.['85312310']).toMatchObject({
      kind: 'inferred',
      rule: 'CCNI "how the charity works": Advice/advocacy/information',
    });
    expect(result.rejected.some((r) => r.reason === 'removed from the register')).toBe(true);
  });

  it('when UKCAT’s CIC classes come without names, then they only enrich: none becomes an organisation of its own', () => {
    const result = importOrganisations(
      [{ name: 'cics.csv', text: 'org_id,icnptso_code,icnptso_code_probability,icnptso_code_source\nGB-COH-05533834,D13,0.97,ml_model\n' }],
      reference(),
    );
    expect(result.organisations).toEqual([]);
    expect(result.enrichments).toHaveLength(1);
    const [{ facts }] = result.enrichments;
    expect(facts.services.get('85311200')?.source).toMatchObject({
      kind: 'inferred',
      register: 'ukcat',
      rule: expect.stringContaining('D13'),
    });
  });
});
