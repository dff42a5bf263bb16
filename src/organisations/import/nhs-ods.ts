/**
 * NHS trusts and foundation trusts from the NHS ODS "etr" file (England and Wales): id GB-NHS-<ODS code>,
 * kind nhs_body, legal form nhs_foundation_trust when the name says "Foundation Trust", else nhs_trust.
 * The ODS open date is taken as the founding year (the date the trust, in its current form, was established);
 * a trust with a close date is rejected as closed. Area: the postcode area table (./areas in the merge step),
 * else the ODS government office region letter. Names are turned from the register's capitals into title case.
 * Accepts the file with the standard ODS header (organisation_code, name, …, gor_code) or without one.
 */
import { cell, type CsvTable } from './csv.ts';
import { addIdentifier, newRecord, registerSource, type OrgRecord } from './record.ts';
import { titleCase } from './names.ts';

/** The standard ODS column order, for files without a header row. */
export const ODS_COLUMNS = [
  'organisation_code',
  'name',
  'national_grouping',
  'high_level_health_geography',
  'address_line_1',
  'address_line_2',
  'address_line_3',
  'address_line_4',
  'address_line_5',
  'postcode',
  'open_date',
  'close_date',
  'null_13',
  'null_14',
  'null_15',
  'null_16',
  'null_17',
  'contact_telephone_number',
  'null_19',
  'null_20',
  'null_21',
  'amended_record_indicator',
  'null_23',
  'gor_code',
  'null_25',
  'null_26',
  'null_27',
] as const;

/** ODS government office region letters → GSS region / nation. */
const GOR: Readonly<Record<string, string>> = {
  A: 'E12000001',
  B: 'E12000002',
  D: 'E12000003',
  E: 'E12000004',
  F: 'E12000005',
  G: 'E12000006',
  H: 'E12000007',
  J: 'E12000008',
  K: 'E12000009',
  W: 'W92000004',
};

function odsDate(value: string | undefined): { iso: string; year: number } | undefined {
  const m = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return m ? { iso: `${m[1]}-${m[2]}-${m[3]}`, year: Number(m[1]) } : undefined;
}

export function readNhsOdsCsv(table: CsvTable, source: string): OrgRecord[] {
  return table.rows.map((row, i) => {
    const code = cell(row, 'organisation_code')?.toUpperCase();
    const r = newRecord('nhs-ods-csv', source, i, `line ${table.lines[i]}`, registerSource('nhs-ods', code));
    r.givenId = code;
    if (code === undefined || !/^[A-Z0-9]{3,6}$/.test(code)) {
      r.problems.push(`ODS code ${JSON.stringify(code ?? '')} is not a valid organisation code`);
    } else addIdentifier(r, `GB-NHS-${code}`);
    const name = cell(row, 'name');
    if (name === undefined) r.problems.push('no name');
    else r.name = titleCase(name);
    r.kind = 'nhs_body';
    r.legalForm = /foundation trust/i.test(name ?? '') ? 'nhs_foundation_trust' : 'nhs_trust';
    r.postcode = cell(row, 'postcode');
    const gor = cell(row, 'gor_code')?.toUpperCase();
    if (gor !== undefined && GOR[gor]) r.fallbackArea = GOR[gor];
    const opened = odsDate(cell(row, 'open_date'));
    if (opened) r.foundedYear = opened.year;
    const closed = odsDate(cell(row, 'close_date'));
    if (closed) r.problems.push(`closed on ${closed.iso}`);
    return r;
  });
}
