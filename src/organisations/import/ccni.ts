/**
 * The Charity Commission for Northern Ireland's register export (https://www.charitycommissionni.org.uk, OGL v3):
 * GB-NIC id, name, registration year, total income (dated by the financial year end), employed staff — the one
 * UK register that publishes staff counts — all `register`; services from "How the charity works"
 * (./mappings/ccni.ts, `inferred`). The public address's postcode gives an approximate area (Northern Ireland).
 * A removed charity is rejected.
 */
import { cell, type CsvTable } from './csv.ts';
import { readCharityNumber, readCompanyNumber } from './identifiers.ts';
import { ccniServices } from './mappings/ccni.ts';
import { addIdentifier, newRecord, registerSource, registrationYear, type OrgRecord } from './record.ts';

export const CCNI = 'ccni';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "31 March 2023" or "13/12/2013" → ISO date */
function date(value: string | undefined): string | undefined {
  const t = value?.trim() ?? '';
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(t);
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  return m && month >= 0 ? `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}` : undefined;
}

const wholeNumber = (value: string | undefined) => {
  const n = Number((value ?? '').replace(/[£,\s]/g, ''));
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
};

export function readCcniCsv(table: CsvTable, source: string): OrgRecord[] {
  return table.rows.map((row, i) => {
    const number = cell(row, 'reg charity number');
    const yearEnd = date(cell(row, 'date for financial year ending'));
    const r = newRecord('ccni-csv', source, i, `line ${table.lines[i]}`, registerSource(CCNI, number, yearEnd));
    r.givenId = number;
    const reading = readCharityNumber(number && /^\d+$/.test(number) ? `NIC${number}` : number);
    if (!reading.ok) r.problems.push(reading.problem);
    else if (reading.id === undefined) r.problems.push('no charity number');
    else {
      addIdentifier(r, reading.id);
      r.hasCharityNumber = true;
    }
    // Northern Ireland companies: the register gives the digits of NI + 6 digits ("22996" is NI022996); 0 for none.
    const companyNumber = cell(row, 'company number');
    if (companyNumber !== undefined && /^\d{1,6}$/.test(companyNumber) && Number(companyNumber) > 0)
      addIdentifier(r, `GB-COH-NI${companyNumber.padStart(6, '0')}`);
    else if (companyNumber !== undefined && Number(companyNumber) !== 0) {
      const company = readCompanyNumber(companyNumber);
      if (company.ok) addIdentifier(r, company.id);
      else r.warnings.push(`${company.problem}; ignored`);
    }
    r.name = cell(row, 'charity name');
    if (r.name === undefined) r.problems.push('no name');
    if (/removed/i.test(cell(row, 'status') ?? '')) r.problems.push('removed from the register');

    const registered = date(cell(row, 'date registered'));
    if (registered !== undefined) {
      r.foundedYear = Number(registered.slice(0, 4));
      r.factSources.foundedYear = registrationYear(CCNI, number, registered);
    }
    r.annualTurnoverGbp = wholeNumber(cell(row, 'total income'));
    r.staff = wholeNumber(cell(row, 'employed staff'));
    r.postcode = /\bBT\d{1,2} ?\d[A-Z]{2}\b/i.exec(cell(row, 'public address') ?? '')?.[0];
    r.services = [];
    for (const s of ccniServices(cell(row, 'how the charity works') ?? '')) {
      r.services.push(s.code);
      r.serviceSources[s.code] = { kind: 'inferred', register: CCNI, ...(number ? { record: number } : {}), rule: s.rule };
    }
    return r;
  });
}
