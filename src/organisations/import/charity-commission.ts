/**
 * The Charity Commission for England and Wales' register download (https://register-of-charities.charitycommission.gov.uk,
 * OGL v3), table by table as the Commission names its columns (field definitions: drkane/charity-lookups
 * `ccew-fields.csv`):
 *
 * - the `charity` table (and extracts with its column names, such as Trafford Data Lab's "charities operating in
 *   Trafford"): GB-CHC id, name, charity type → legal form (register), year of registration, latest income
 *   (register, dated by the financial year end), and services inferred from the trustees' activities text by
 *   UKCAT's keyword rules (./mappings/ukcat.ts). A removed, insolvent or linked (subsidiary) charity is rejected.
 * - the `charity_area_of_operation` table: one row per area a charity works in, the area's name → GSS codes
 *   (src/reference/registers.ts) with a `register` source dated by `date_of_extract`. These rows name no charity:
 *   they add to a charity of the same import or one already stored.
 *
 * Every cell "NA" (as R writes a missing value) reads as empty.
 */
import type { Reference } from '../../reference/types.ts';
import type { LegalForm } from '../schema.ts';
import { cell as rawCell, type CsvTable } from './csv.ts';
import { readCharityNumber, readCompanyNumber } from './identifiers.ts';
import { ukcatServices, ukcatTagsFromText } from './mappings/ukcat.ts';
import { titleCase } from './names.ts';
import { addIdentifier, newRecord, registerSource, registrationYear, sourceDate, type OrgRecord } from './record.ts';

export const CCEW = 'charity-commission';

const cell = (row: Record<string, string>, ...names: string[]) => {
  const v = rawCell(row, ...names);
  return v === undefined || /^(NA|NULL)$/i.test(v) ? undefined : v;
};

/** The register's charity type → legal form. */
const CHARITY_TYPES: Readonly<Record<string, LegalForm>> = {
  'charitable company': 'company_limited_by_guarantee',
  cio: 'charity_cio',
  trust: 'charitable_trust',
};

function charityId(record: OrgRecord, raw: string | undefined): string | undefined {
  const reading = readCharityNumber(raw);
  if (!reading.ok) record.problems.push(reading.problem);
  else if (reading.id === undefined) record.problems.push('no registered charity number');
  else {
    addIdentifier(record, reading.id);
    record.hasCharityNumber = true;
    return reading.id.replace(/^GB-CHC-/, '');
  }
  return undefined;
}

export function readCharityTable(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) => {
    const number = cell(row, 'registered_charity_number');
    const extracted = sourceDate(cell(row, 'date_of_extract'));
    const r = newRecord('ccew-charity-csv', source, i, `line ${table.lines[i]}`, registerSource(CCEW, number, extracted));
    r.givenId = number;
    const id = charityId(r, number);
    const linked = cell(row, 'linked_charity_number');
    if (linked !== undefined && linked !== '0') r.problems.push(`linked charity ${linked} of ${number}: only main charities are imported`);
    const company = readCompanyNumber(cell(row, 'charity_company_registration_number'));
    if (!company.ok) r.warnings.push(`${company.problem}; ignored`);
    else addIdentifier(r, company.id);

    const name = cell(row, 'charity_name');
    if (name === undefined) r.problems.push('no name');
    else r.name = titleCase(name);
    const status = cell(row, 'charity_registration_status');
    const removed = cell(row, 'date_of_removal');
    if (removed !== undefined || status?.toLowerCase() === 'removed')
      r.problems.push(`removed from the register${removed ? ` on ${removed}` : ''}`);
    if (/^(true|yes|1)$/i.test(cell(row, 'charity_insolvent') ?? '')) r.problems.push('insolvent');
    if (/^(true|yes|1)$/i.test(cell(row, 'charity_in_administration') ?? '')) r.problems.push('in administration');

    const type = cell(row, 'charity_type');
    if (type !== undefined) {
      r.typeText = type;
      const legalForm = CHARITY_TYPES[type.toLowerCase()];
      if (legalForm !== undefined) {
        r.legalForm = legalForm;
        r.factSources.legalForm = { ...r.from, rule: `charity type "${type}"` };
      }
    }
    const registered = sourceDate(cell(row, 'date_of_registration'));
    if (registered !== undefined) {
      r.foundedYear = Number(registered.slice(0, 4));
      r.factSources.foundedYear = registrationYear(CCEW, number, registered);
    }
    const income = Number(cell(row, 'latest_income'));
    if (cell(row, 'latest_income') !== undefined && Number.isFinite(income) && income >= 0) {
      r.annualTurnoverGbp = income;
      r.factSources.annualTurnoverGbp = registerSource(CCEW, number, sourceDate(cell(row, 'latest_acc_fin_period_end_date')));
    }
    r.postcode = cell(row, 'charity_contact_postcode');

    const activities = cell(row, 'charity_activities');
    if (activities !== undefined && id !== undefined) {
      // UKCAT's rules read the name too ("… Primary School PTA" is a parent-teacher association)
      const tags = ukcatTagsFromText(`${name ?? ''}. ${activities}`, ref.registers);
      r.services = [];
      for (const s of ukcatServices(tags, ref.registers)) {
        r.services.push(s.code);
        r.serviceSources[s.code] = { kind: 'inferred', register: CCEW, record: id, rule: `${s.rule} from the activities text` };
      }
    }
    return r;
  });
}

export function readAreaOfOperationTable(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) => {
    const number = cell(row, 'registered_charity_number');
    const extracted = sourceDate(cell(row, 'date_of_extract'));
    const r = newRecord('ccew-area-of-operation-csv', source, i, `line ${table.lines[i]}`, registerSource(CCEW, number, extracted));
    r.givenId = number;
    r.enrichesOnly = true;
    charityId(r, number);
    const linked = cell(row, 'linked_charity_number');
    if (linked !== undefined && linked !== '0') r.problems.push(`linked charity ${linked} of ${number}: only main charities are imported`);
    const name = cell(row, 'geographic_area_description');
    if (name === undefined) {
      r.problems.push('no geographic_area_description');
      return r;
    }
    const codes = ref.registers.areaCodes(name);
    if (codes === undefined) {
      // Countries and continents abroad have no GSS code: not an area this engine matches on.
      if (!/country|continent/i.test(cell(row, 'geographic_area_type') ?? ''))
        r.warnings.push(`area of operation "${name}" is not a known area; ignored`);
      return r;
    }
    for (const code of codes) {
      r.areaCodes.push(code);
      r.areaSources[code] = { ...r.from, rule: `area of operation "${name}"` };
    }
    return r;
  });
}
