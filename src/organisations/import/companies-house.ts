/**
 * Companies House "Free Company Data Product" (BasicCompanyData CSV, OGL v3): GB-COH id, name, company
 * category → legal form and kind, incorporation year, and services from the SIC codes (./mappings/sic.ts,
 * `inferred`). The company category is the register's fact (its legal form: `register`); the kind that follows
 * is a rule (`inferred`): a company limited by guarantee may be a charity or a social enterprise. A company
 * that is not active (dissolved, in liquidation, …) is rejected. The registered office's postcode gives an
 * approximate area when nothing else places the company.
 */
import type { LegalForm, OrganisationKind } from '../schema.ts';
import { cell, type CsvTable } from './csv.ts';
import { readCompanyNumber } from './identifiers.ts';
import { sicService } from './mappings/sic.ts';
import { titleCase } from './names.ts';
import { addIdentifier, newRecord, registerSource, type OrgRecord } from './record.ts';

export const COMPANIES_HOUSE = 'companies-house';

/** CompanyCategory (lower case) → legal form, and the kind it suggests. */
const CATEGORIES: readonly [RegExp, LegalForm, OrganisationKind][] = [
  [/community interest company/, 'cic', 'social_enterprise'],
  [/charitable incorporated organisation/, 'charity_cio', 'charity'],
  [/registered society|industrial and provident|co-?operative|community benefit/, 'cooperative_society', 'cooperative'],
  [/limited liability partnership/, 'llp', 'private_provider'],
  [/guarant/, 'company_limited_by_guarantee', 'social_enterprise'],
  [/private limited company|public limited company|private unlimited/, 'company_limited_by_shares', 'private_provider'],
];

/** "10/05/2019" → 2019-05-10 */
function ukDate(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
}

export function readCompaniesHouseCsv(table: CsvTable, source: string): OrgRecord[] {
  return table.rows.map((row, i) => {
    const number = cell(row, 'companynumber');
    const confirmed = ukDate(cell(row, 'confstmtlastmadeupdate'));
    const r = newRecord(
      'companies-house-csv',
      source,
      i,
      `line ${table.lines[i]}`,
      registerSource(COMPANIES_HOUSE, number, confirmed?.slice(0, 7)),
    );
    r.givenId = number;
    const reading = readCompanyNumber(number);
    if (!reading.ok) r.problems.push(reading.problem);
    else if (reading.id === undefined) r.problems.push('no company number');
    else addIdentifier(r, reading.id);
    const name = cell(row, 'companyname');
    if (name === undefined) r.problems.push('no name');
    else r.name = titleCase(name);
    const status = cell(row, 'companystatus');
    if (status !== undefined && !/^active$/i.test(status)) r.problems.push(`company status "${status}"`);

    const category = cell(row, 'companycategory');
    if (category !== undefined) {
      r.typeText = category;
      const match = CATEGORIES.find(([pattern]) => pattern.test(category.toLowerCase()));
      if (match) {
        r.legalForm = match[1];
        r.factSources.legalForm = { ...r.from, rule: `company category "${category}"` };
        r.kind = match[2];
        r.factSources.kind = {
          kind: 'inferred',
          register: COMPANIES_HOUSE,
          ...(number ? { record: number } : {}),
          rule: `company category "${category}"`,
        };
      }
    }
    const incorporated = ukDate(cell(row, 'incorporationdate'));
    if (incorporated !== undefined) {
      r.foundedYear = Number(incorporated.slice(0, 4));
      r.factSources.foundedYear = { ...registerSource(COMPANIES_HOUSE, number, incorporated), rule: 'year of incorporation' };
    }
    r.postcode = cell(row, 'regaddress.postcode');
    r.services = [];
    for (const column of ['siccode.sictext_1', 'siccode.sictext_2', 'siccode.sictext_3', 'siccode.sictext_4']) {
      const service = sicService(cell(row, column) ?? '');
      if (service && !r.services.includes(service.code)) {
        r.services.push(service.code);
        r.serviceSources[service.code] = {
          kind: 'inferred',
          register: COMPANIES_HOUSE,
          ...(number ? { record: number } : {}),
          rule: service.rule,
        };
      }
    }
    return r;
  });
}
