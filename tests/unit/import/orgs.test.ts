import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importOrganisations, readOrgSource } from '../../../src/organisations/import/index.ts';
import { Organisation } from '../../../src/organisations/schema.ts';
import { fixture, reference } from './support.ts';

const GIVING_JSON = [
  '360giving_covid19_grants_snapshot_2020-05-07_trimmed.json',
  '360giving_powertochange_grants_2015-2019_trimmed.json',
  '360giving_lloydsbankfoundation_grants_2010-2015_trimmed.json',
] as const;

const source = (name: string) => ({ name, text: fixture(`orgs/${name}`) });

/** recipientOrganization entries in a 360Giving JSON text */
function recipientCount(text: string): number {
  const doc = JSON.parse(text) as { grants: { recipientOrganization?: unknown[] }[] };
  return doc.grants.reduce((s, g) => s + (g.recipientOrganization?.length ?? 0), 0);
}

/** data rows in a CSV text without embedded line breaks */
function csvRowCount(text: string): number {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
}

describe('organisation import: real 360Giving samples', () => {
  it('when the trimmed 360Giving JSON files are imported, then every recipient entry is imported or rejected with a reason and the counts add up', () => {
    const result = importOrganisations(GIVING_JSON.map(source), reference());
    const expected = GIVING_JSON.reduce((s, f) => s + recipientCount(fixture(`orgs/${f}`)), 0);
    expect(result.records).toBe(expected);
    expect(result.imported + result.rejected.length).toBe(expected);
    for (const r of result.rejected) {
      expect(r.id).toBeDefined();
      expect(r.reason.length).toBeGreaterThan(0);
    }
    for (const org of result.organisations) expect(Organisation.safeParse(org).success).toBe(true);
    expect(new Set(result.organisations.map((o) => o.id)).size).toBe(result.organisations.length);
  });

  it('when a charity appears under GB-CHC in one file and under GB-COH with its charity number in another, then it is one organisation named by GB-CHC with the company id as an alias', () => {
    const result = importOrganisations(GIVING_JSON.map(source), reference());
    const ids = result.organisations.map((o) => o.id);
    expect(ids).toContain('GB-CHC-1084817');
    expect(ids).not.toContain('GB-COH-03852249');
    expect(result.merged).toContainEqual({ id: 'GB-CHC-1084817', aliases: ['GB-COH-03852249'], records: 4 });
    // the other real pair: GB-COH-04170241 (COVID-19 grant, carrying charity number 1086460) and GB-CHC-1086460 (Lloyds)
    expect(result.merged).toContainEqual({ id: 'GB-CHC-1086460', aliases: ['GB-COH-04170241'], records: 2 });
    expect(ids).not.toContain('GB-COH-04170241');
  });

  it('when one record carries both a charity and a company number, then the organisation is named by the charity id and lists the company id', () => {
    const text = JSON.stringify({
      grants: [
        {
          id: 'g1',
          recipientOrganization: [
            { id: 'GB-COH-01234567', name: 'Both Numbers Trust', charityNumber: '1012345.0', companyNumber: '1234567' },
          ],
        },
      ],
    });
    const result = importOrganisations({ name: 'inline.json', text }, reference());
    expect(result.organisations.map((o) => o.id)).toEqual(['GB-CHC-1012345']);
    expect(result.merged).toEqual([{ id: 'GB-CHC-1012345', aliases: ['GB-COH-01234567'], records: 1 }]);
    expect(result.organisations[0]).toMatchObject({ kind: 'charity', legalForm: 'company_limited_by_guarantee' });
  });

  it('when two records share only a company number, then they are one organisation', () => {
    const text = JSON.stringify({
      grants: [
        { id: 'g1', recipientOrganization: [{ id: '360G-funderA-77', name: 'Shared Company CIC', companyNumber: '09876543' }] },
        { id: 'g2', recipientOrganization: [{ id: '360G-funderB-12', name: 'Shared Company C.I.C.', companyNumber: 'GB-COH-09876543' }] },
      ],
    });
    const result = importOrganisations({ name: 'inline.json', text }, reference());
    expect(result.organisations).toHaveLength(1);
    expect(result.organisations[0]).toMatchObject({
      id: 'GB-COH-09876543',
      name: 'Shared Company CIC',
      kind: 'social_enterprise',
      legalForm: 'cic',
    });
    expect(result.merged[0].aliases.sort()).toEqual(['360G-funderA-77', '360G-funderB-12']);
  });

  it('when a recipient has a district code, then it is the area; otherwise its postcode area gives an approximate one', () => {
    const result = importOrganisations(GIVING_JSON.map(source), reference());
    const hydePark = result.organisations.find((o) => o.id === 'GB-COH-IP28755R')!;
    expect(hydePark).toMatchObject({ name: 'Hyde Park Source', kind: 'cooperative', areas: ['E08000035'] }); // Leeds District, from recipientDistrictGeoCode
    const womensAid = result.organisations.find((o) => o.id === 'GB-CHC-1136419')!;
    expect(womensAid.areas).toEqual(['E12000004']); // LE1 1AA → Leicester postcode area → East Midlands
  });

  it('when data is not in the sources (services, values, ways of working), then the schema defaults apply', () => {
    const org = importOrganisations(GIVING_JSON.map(source), reference()).organisations[0];
    expect(org).toMatchObject({
      services: [],
      values: [],
      waysOfWorking: { decisionSpeed: 'weeks', governance: 'board_led', commercialMaturity: 'established' },
      openToPartnering: true,
      spareCapacity: 'some',
    });
  });

  it('when the flattened 360Giving CSV is imported, then every row is imported or rejected and location geo codes become areas', () => {
    const text = fixture('orgs/360giving_grants_flattened.csv');
    const result = importOrganisations({ name: 'flattened.csv', text }, reference());
    expect(result.records).toBe(csvRowCount(text));
    expect(result.imported + result.rejected.length).toBe(result.records);
    expect(result.organisations.find((o) => o.id === 'GB-COH-IP28755R')?.areas).toEqual(['E08000035']);
  });

  it('when the same grants come as JSON and as CSV, then each organisation is imported once', () => {
    // the CSV holds grants 0–29 and 75 of the Power to Change JSON, plus a Lloyds grant to charity 1084817 (already in it)
    const both = importOrganisations([source(GIVING_JSON[1]), source('360giving_grants_flattened.csv')], reference());
    const jsonOnly = importOrganisations(source(GIVING_JSON[1]), reference());
    const ids = both.organisations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(jsonOnly.organisations.map((o) => o.id));
    expect(both.imported + both.rejected.length).toBe(both.records);
  });

  it('when a recipient is marked closed by its funder, then it is rejected with its id and the reason', () => {
    const result = importOrganisations(source(GIVING_JSON[1]), reference());
    expect(result.rejected).toContainEqual(
      expect.objectContaining({
        id: 'GB-COH-04757000',
        name: 'Chalford Community Stores',
        reason: expect.stringContaining('Converted/Closed'),
      }),
    );
  });

  it("when the curator's one-row-per-organisation CSV is imported, then every row is imported or rejected", () => {
    const text = fixture('orgs/organisations_from_360giving_head.csv');
    const result = importOrganisations({ name: 'orgs.csv', text }, reference());
    expect(result.records).toBe(40);
    expect(result.imported + result.rejected.length).toBe(40);
  });
});

describe('organisation import: NHS trusts (ODS)', () => {
  const text = fixture('orgs/nhs_trusts_ods_etr.csv');
  const result = importOrganisations({ name: 'etr.csv', text }, reference());

  it('when the ODS file is imported, then open trusts import as NHS bodies and closed ones are rejected as closed; the counts add up', () => {
    const rows = readOrgSource({ name: 'etr.csv', text }, reference());
    const closed = text
      .split('\n')
      .slice(1)
      .filter((l) => /,\d{8},\d{8},/.test(l)).length;
    expect(result.records).toBe(rows.length);
    expect(result.rejected).toHaveLength(closed);
    expect(result.rejected.every((r) => /^closed on \d{4}-\d{2}-\d{2}$/.test(r.reason) && r.id !== undefined)).toBe(true);
    expect(result.organisations).toHaveLength(rows.length - closed);
    expect(result.organisations.every((o) => o.kind === 'nhs_body' && o.id.startsWith('GB-NHS-') && o.areas.length === 1)).toBe(true);
  });

  it('when a trust is a foundation trust, then its legal form says so, and its capitals become title case', () => {
    expect(result.organisations.find((o) => o.id === 'GB-NHS-R0A')).toMatchObject({
      name: 'Manchester University NHS Foundation Trust',
      legalForm: 'nhs_foundation_trust',
      foundedYear: 2017,
    });
    expect(result.organisations.filter((o) => o.legalForm === 'nhs_trust').every((o) => !/foundation trust/i.test(o.name))).toBe(true);
  });

  it('when the ODS file comes without its header row, then it is read the same way', () => {
    const headerless = text.split('\n').slice(1).join('\n');
    const again = importOrganisations({ name: 'etr-raw.csv', text: headerless }, reference());
    expect(again.organisations).toEqual(result.organisations);
  });
});

describe('organisation import: provider CSV template', () => {
  it('when the documented example template is imported, then every row imports', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../data/templates/providers.csv', import.meta.url)), 'utf8');
    const result = importOrganisations({ name: 'providers.csv', text }, reference());
    expect(result.rejected).toEqual([]);
    expect(result.organisations).toHaveLength(csvRowCount(text));
    expect(result.organisations[0]).toMatchObject({
      kind: 'public_service_mutual',
      services: ['85312000', '85311200', '85323000'],
      waysOfWorking: { governance: 'staff_led' },
    });
  });

  it('when rows are bad, then each is rejected with its id and reason while the rest import', () => {
    const text = fixture('orgs/providers-with-errors.csv');
    const result = importOrganisations({ name: 'providers-with-errors.csv', text }, reference());
    expect(result.records).toBe(csvRowCount(text));
    expect(result.imported + result.rejected.length).toBe(result.records);
    expect(result.rejected.map((r) => [r.id, r.reason])).toEqual([
      ['TEST-BAD-CPV', 'unknown CPV code 85999999'],
      ['TEST-BAD-GSS', 'unknown GSS area code E06999999'],
      ['TEST-BAD-STAFF', 'staff "lots" is not an integer between 0 and 2000000'],
      ['TEST-NO-NAME', 'no name'],
      ['TEST-BAD-KIND', 'kind "charitee" is not one of the allowed values'],
      ['TEST-BAD-TURNOVER', 'annual_turnover_gbp "-5" is not a number between 0 and 1000000000000'],
      ['bad id!', 'id "bad id!" is not a valid org-id (letters, digits, . _ : - only)'],
      ['TEST-BAD-YEAR', 'founded_year "3025" is not an integer between 1600 and 2100'],
      ['TEST-BAD-VALUE', 'values "kindness" is not one of the allowed values'],
    ]);
    expect(result.organisations.map((o) => o.id)).toEqual(['TEST-GOOD-1', 'GB-CHC-1084817', 'TEST-GOOD-2']);
    expect(result.organisations[0]).toMatchObject({
      annualTurnoverGbp: 8_500_000,
      services: ['85312000', '85311200'],
      areas: ['E06000026', 'E10000008'],
    });
    expect(result.organisations[2]).toMatchObject({ openToPartnering: false, areas: ['E08000035'] }); // from the LS postcode
  });

  it('when a provider row shares a charity number with grant data, then they merge and the provider’s own values win', () => {
    const result = importOrganisations([source(GIVING_JSON[0]), source(GIVING_JSON[1]), source('providers-with-errors.csv')], reference());
    const org = result.organisations.find((o) => o.id === 'GB-CHC-1084817')!;
    expect(org).toMatchObject({
      name: 'Example Charity Known By Its Number',
      services: ['85312300'],
      values: ['co_production'],
      staff: 40,
    });
    expect(result.merged).toContainEqual(expect.objectContaining({ id: 'GB-CHC-1084817', aliases: ['GB-COH-03852249'] }));
  });
});

describe('organisation import: unreadable sources', () => {
  it('when a file is neither JSON nor a known CSV, then it is one rejected record and other files still import', () => {
    const result = importOrganisations(
      [
        { name: 'mystery.csv', text: 'a,b,c\n1,2,3\n' },
        { name: 'broken.json', text: '{"grants": [' },
        { name: 'providers.csv', text: 'name,kind\nA Small Charity,charity\n' },
      ],
      reference(),
    );
    expect(result.rejected.map((r) => [r.source, r.reason.split(':')[0]])).toEqual([
      ['mystery.csv', 'CSV header not recognised'],
      ['broken.json', 'not valid JSON'],
    ]);
    expect(result.organisations.map((o) => o.name)).toEqual(['A Small Charity']);
  });
});
