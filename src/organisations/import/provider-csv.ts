/**
 * The provider CSV template (docs/provider-csv-template.md, example data/templates/providers.csv): how an
 * organisation describes itself. Self-described data is checked strictly: any unreadable value (unknown
 * kind, bad number, unknown CPV or GSS code, unknown value) rejects the row with the reason, rather than
 * importing a profile the provider did not write.
 */
import { CommercialMaturity, DecisionSpeed, Governance, LegalForm, OrganisationKind, OrgValue, SpareCapacity } from '../schema.ts';
import { cell, type CsvTable } from './csv.ts';
import { readCharityNumber, readCompanyNumber, readGivenId } from './identifiers.ts';
import { addIdentifier, newRecord, type OrgRecord } from './record.ts';
import type { z } from 'zod';

export const PROVIDER_COLUMNS = [
  'id',
  'name',
  'kind',
  'legal_form',
  'staff',
  'annual_turnover_gbp',
  'founded_year',
  'services',
  'areas',
  'values',
  'decision_speed',
  'governance',
  'commercial_maturity',
  'open_to_partnering',
  'spare_capacity',
] as const;
/** Optional extra columns: registration numbers (for deduplication with register data) and a postcode. */
export const PROVIDER_OPTIONAL_COLUMNS = ['charity_number', 'company_number', 'postcode'] as const;

function list(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

function enumValue<T extends string>(schema: z.ZodType<T>, raw: string | undefined, column: string, problems: string[]): T | undefined {
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(
    raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  if (parsed.success) return parsed.data;
  problems.push(`${column} ${JSON.stringify(raw)} is not one of the allowed values`);
  return undefined;
}

/** "1,200", "£1.2m", "350k", "2500000" → a number; undefined (with a problem) when unreadable. */
function numberValue(
  raw: string | undefined,
  column: string,
  problems: string[],
  opts: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^£?\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn)?$/i.exec(raw.trim());
  const scale = m?.[2]?.toLowerCase();
  const n = m ? Number(m[1].replace(/,/g, '')) * (scale === 'k' ? 1e3 : scale === 'm' ? 1e6 : scale === 'bn' ? 1e9 : 1) : NaN;
  if (
    !Number.isFinite(n) ||
    (opts.integer && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min) ||
    (opts.max !== undefined && n > opts.max)
  ) {
    const range = opts.min !== undefined && opts.max !== undefined ? ` between ${opts.min} and ${opts.max}` : '';
    problems.push(`${column} ${JSON.stringify(raw)} is not a${opts.integer ? 'n integer' : ' number'}${range}`);
    return undefined;
  }
  return n;
}

function booleanValue(raw: string | undefined, column: string, problems: string[]): boolean | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(t)) return true;
  if (['no', 'n', 'false', '0'].includes(t)) return false;
  problems.push(`${column} ${JSON.stringify(raw)} is not yes or no`);
  return undefined;
}

export function readProviderCsv(table: CsvTable, source: string): OrgRecord[] {
  return table.rows.map((row, i) => {
    const r = newRecord('provider-csv', source, i, `line ${table.lines[i]}`);
    r.strictCodes = true;
    const p = r.problems;
    const id = cell(row, 'id');
    if (id !== undefined) {
      r.givenId = id;
      const { id: normalised, rewritten } = readGivenId(id);
      const registered = normalised !== undefined && /^GB-(CHC|SC|NIC|COH)-/.test(normalised);
      if (normalised === undefined || (rewritten && !registered))
        p.push(`id ${JSON.stringify(id)} is not a valid org-id (letters, digits, . _ : - only)`);
      else addIdentifier(r, normalised);
    }
    const charity = readCharityNumber(cell(row, 'charity_number'));
    if (!charity.ok) p.push(charity.problem);
    else if (charity.id !== undefined) {
      addIdentifier(r, charity.id);
      r.hasCharityNumber = charity.scheme !== 'GB-COH';
    }
    const company = readCompanyNumber(cell(row, 'company_number'));
    if (!company.ok) p.push(company.problem);
    else addIdentifier(r, company.id);

    r.name = cell(row, 'name');
    if (r.name === undefined) p.push('no name');
    r.kind = enumValue(OrganisationKind, cell(row, 'kind'), 'kind', p);
    if (cell(row, 'kind') === undefined) p.push('no kind (one of ' + OrganisationKind.options.join(', ') + ')');
    r.legalForm = enumValue(LegalForm, cell(row, 'legal_form'), 'legal_form', p);
    r.staff = numberValue(cell(row, 'staff'), 'staff', p, { integer: true, min: 0, max: 2_000_000 });
    r.annualTurnoverGbp = numberValue(cell(row, 'annual_turnover_gbp'), 'annual_turnover_gbp', p, { min: 0, max: 1e12 });
    r.foundedYear = numberValue(cell(row, 'founded_year'), 'founded_year', p, { integer: true, min: 1600, max: 2100 });
    r.services = list(cell(row, 'services'));
    r.areaCodes = list(cell(row, 'areas')).map((c) => c.toUpperCase());
    r.values = list(cell(row, 'values'))
      .map((v) => enumValue(OrgValue, v, 'values', p))
      .filter((v): v is OrgValue => v !== undefined);
    const decisionSpeed = enumValue(DecisionSpeed, cell(row, 'decision_speed'), 'decision_speed', p);
    const governance = enumValue(Governance, cell(row, 'governance'), 'governance', p);
    const commercialMaturity = enumValue(CommercialMaturity, cell(row, 'commercial_maturity'), 'commercial_maturity', p);
    r.waysOfWorking = {
      ...(decisionSpeed ? { decisionSpeed } : {}),
      ...(governance ? { governance } : {}),
      ...(commercialMaturity ? { commercialMaturity } : {}),
    };
    r.openToPartnering = booleanValue(cell(row, 'open_to_partnering'), 'open_to_partnering', p);
    r.spareCapacity = enumValue(SpareCapacity, cell(row, 'spare_capacity'), 'spare_capacity', p);
    r.postcode = cell(row, 'postcode');
    return r;
  });
}
