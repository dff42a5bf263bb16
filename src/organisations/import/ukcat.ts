/**
 * UK Charity Activity Tags files (https://github.com/charity-classification/ukcat; classification CC BY 4.0,
 * register data OGL v3):
 *
 * - charity samples (`top2000.csv`, `sample.csv`): one row per charity of any UK register (`source` CCEW, OSCR or
 *   CCNI) with its org-id, name, registration date, latest income and financial year end, activities text,
 *   company number and UKCAT tags. Income and registration year are register facts (dated by the financial year
 *   end); services come from the tags (./mappings/ukcat.ts) — the file's own hand-tagging where it has one, else
 *   UKCAT's keyword rules on the activities text — and are `inferred`. An inactive charity is rejected.
 * - `cics-icnptso.csv`: a machine-learned ICNPTSO class for every community interest company, by company number
 *   and with no name: these rows only add a service to a CIC named elsewhere (./mappings/icnptso.ts).
 */
import type { Reference } from '../../reference/types.ts';
import { cell, type CsvTable } from './csv.ts';
import { readCompanyNumber, readGivenId } from './identifiers.ts';
import { icnptsoService } from './mappings/icnptso.ts';
import { ukcatServices, ukcatTagsFromText } from './mappings/ukcat.ts';
import { titleCase } from './names.ts';
import { addIdentifier, newRecord, registerSource, registrationYear, sourceDate, type OrgRecord } from './record.ts';

export const UKCAT = 'ukcat';

/** The `source` column → our register names. */
const REGISTERS: Readonly<Record<string, string>> = { ccew: 'charity-commission', oscr: 'oscr', ccni: 'ccni' };

export function readUkcatCharities(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) => {
    const given = cell(row, 'org_id');
    const register = REGISTERS[(cell(row, 'source') ?? '').toLowerCase()] ?? 'charity-commission';
    const fye = sourceDate(cell(row, 'fye'));
    const r = newRecord('ukcat-csv', source, i, `line ${table.lines[i]}`, registerSource(register, cell(row, 'reg_number') ?? given, fye));
    r.givenId = given;
    const id = readGivenId(given).id;
    if (id === undefined || !/^GB-(CHC|SC|NIC)-/.test(id)) r.problems.push(`org_id ${JSON.stringify(given ?? '')} is not a charity org-id`);
    else {
      addIdentifier(r, id);
      r.hasCharityNumber = true;
    }
    const company = readCompanyNumber(cell(row, 'company_number'));
    if (!company.ok) r.warnings.push(`${company.problem}; ignored`);
    else addIdentifier(r, company.id);
    const name = cell(row, 'name');
    if (name === undefined) r.problems.push('no name');
    else r.name = titleCase(name);
    if (/^false$/i.test(cell(row, 'active') ?? '')) r.problems.push('not active on the register');

    const income = Number(cell(row, 'income'));
    if (cell(row, 'income') !== undefined && Number.isFinite(income) && income >= 0) r.annualTurnoverGbp = Math.round(income);
    const registered = sourceDate(cell(row, 'date_registered'));
    if (registered !== undefined) {
      r.foundedYear = Number(registered.slice(0, 4));
      r.factSources.foundedYear = registrationYear(register, r.from.record, registered);
    }
    r.postcode = cell(row, 'postcode');

    const givenTags = (cell(row, 'ukcat') ?? '')
      .split(';')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    const fromText = givenTags.length === 0;
    const tags = fromText ? ukcatTagsFromText(`${name ?? ''}. ${cell(row, 'activities') ?? ''}`, ref.registers) : givenTags;
    r.services = [];
    for (const s of ukcatServices(tags, ref.registers)) {
      r.services.push(s.code);
      r.serviceSources[s.code] = {
        kind: 'inferred',
        register: UKCAT,
        ...(id ? { record: id } : {}),
        rule: fromText ? `${s.rule} (keyword rule on the activities text)` : s.rule,
      };
    }
    return r;
  });
}

export function readUkcatIcnptso(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) => {
    const given = cell(row, 'org_id');
    const r = newRecord('ukcat-icnptso-csv', source, i, `line ${table.lines[i]}`, {
      kind: 'inferred',
      register: UKCAT,
      ...(given ? { record: given } : {}),
    });
    r.givenId = given;
    r.enrichesOnly = true;
    const id = readGivenId(given).id;
    if (id === undefined) r.problems.push(`org_id ${JSON.stringify(given ?? '')} is not an org-id`);
    else addIdentifier(r, id);
    const code = (cell(row, 'icnptso_code') ?? '').toUpperCase();
    const probability = Number(cell(row, 'icnptso_code_probability', 'probability') ?? '1');
    const service = icnptsoService(code, probability, ref.registers.icnptsoTitle(code));
    r.services = [];
    if (service) {
      r.services.push(service.code);
      r.serviceSources[service.code] = { ...r.from, rule: service.rule };
    }
    return r;
  });
}
