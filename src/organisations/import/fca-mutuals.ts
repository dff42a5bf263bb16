/**
 * The FCA Mutuals Public Register's co-operatives and community benefit societies, matched to their Companies
 * House numbers (drkane/charity-lookups `mutual-companies.csv`, ODbL): GB-MPR and GB-COH ids, name, and kind
 * co-operative (`register`: being on this register is what makes it a registered society). No place or service:
 * these records give an organisation its identity and kind; other sources give the rest.
 */
import { cell, type CsvTable } from './csv.ts';
import { readGivenId } from './identifiers.ts';
import { addIdentifier, newRecord, registerSource, type OrgRecord } from './record.ts';

export const FCA_MUTUALS = 'fca-mutuals';

export function readFcaMutualsCsv(table: CsvTable, source: string): OrgRecord[] {
  return table.rows.map((row, i) => {
    const mpr = cell(row, 'org_id_a');
    const r = newRecord('fca-mutuals-csv', source, i, `line ${table.lines[i]}`, registerSource(FCA_MUTUALS, mpr));
    r.givenId = mpr;
    for (const raw of [mpr, cell(row, 'org_id_b')]) {
      const id = readGivenId(raw).id;
      if (id !== undefined && /^GB-(MPR|COH)-/.test(id)) addIdentifier(r, id);
    }
    if (r.identifiers.length === 0) r.problems.push(`no usable GB-MPR or GB-COH id in ${JSON.stringify(mpr ?? '')}`);
    const name = cell(row, 'org_name');
    if (name === undefined) r.problems.push('no name');
    else r.name = name;
    r.kind = 'cooperative';
    r.legalForm = 'cooperative_society';
    r.factSources.legalForm = { ...r.from, rule: 'registered society on the FCA Mutuals Public Register' };
    return r;
  });
}
