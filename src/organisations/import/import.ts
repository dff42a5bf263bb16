/**
 * Organisation files → organisations. Each source is read by the reader its content calls for (detected from
 * the JSON shape or the CSV header, or given), then all records of all sources are deduplicated together
 * (./merge.ts), so the same charity in a 360Giving file, the Charity Commission's register and a provider's own
 * CSV becomes one organisation, each fact with its source.
 *
 * Pure: text in, result out; never throws on bad data (an unreadable source is one rejected record).
 */
import type { Reference } from '../../reference/types.ts';
import { isObject, parseJsonLenient } from '../../shared/loose-json.ts';
import { readCsvTable, type CsvTable } from './csv.ts';
import { readFindThatCharityJson, readGivingCsv, readGivingJson, readGivingOrgsCsv } from './giving360.ts';
import { mergeOrgRecords, type OrgImportResult } from './merge.ts';
import { ODS_COLUMNS, readNhsOdsCsv } from './nhs-ods.ts';
import { readProviderCsv } from './provider-csv.ts';
import { readAreaOfOperationTable, readCharityTable } from './charity-commission.ts';
import { readCcniCsv } from './ccni.ts';
import { readCompaniesHouseCsv } from './companies-house.ts';
import { isCqcApiRecord, readCqcApiRecords, readCqcCareHomesCsv, readCqcDirectoryCsv, readCqcLocationsCsv } from './cqc.ts';
import { readFcaMutualsCsv } from './fca-mutuals.ts';
import { readUkcatCharities, readUkcatIcnptso } from './ukcat.ts';
import { newRecord, type OrgRecord, type OrgSourceFormat } from './record.ts';

export interface OrgSource {
  /** the file name or another label used in reports */
  name: string;
  text: string;
  /** skip detection */
  format?: OrgSourceFormat;
}

function isSourceList(sources: OrgSource | readonly OrgSource[]): sources is readonly OrgSource[] {
  return Array.isArray(sources);
}

export function importOrganisations(sources: OrgSource | readonly OrgSource[], reference: Reference): OrgImportResult {
  const list: readonly OrgSource[] = isSourceList(sources) ? sources : [sources];
  const records: OrgRecord[] = [];
  for (const source of list) records.push(...readOrgSource(source, reference));
  return mergeOrgRecords(records, reference);
}

/** One source → its records (unmerged); an unreadable source gives a single record carrying the problem. */
export function readOrgSource(source: OrgSource, reference: Reference): OrgRecord[] {
  const text = source.text.replace(/^\uFEFF/, '');
  const unreadable = (reason: string): OrgRecord[] => {
    const r = newRecord(source.format ?? '360giving-json', source.name, 0, 'file');
    r.problems.push(reason);
    return [r];
  };
  const trimmed = text.trimStart();
  if (source.format?.endsWith('json') || (source.format === undefined && (trimmed.startsWith('{') || trimmed.startsWith('[')))) {
    let doc: unknown;
    try {
      doc = parseJsonLenient(text);
    } catch (err) {
      const lines = jsonLines(text);
      if (lines === undefined) return unreadable(`not valid JSON: ${(err as Error).message}`);
      if (lines.items.some(isCqcApiRecord)) return readCqcApiRecords(lines.items, source.name, reference, lines.locators);
      return unreadable('JSON lines that are not CQC API location or provider records');
    }
    if (isObject(doc) && Array.isArray(doc.grants)) return readGivingJson(doc, source.name);
    if (isCqcApiRecord(doc)) return readCqcApiRecords([doc], source.name, reference, ['record']);
    if (Array.isArray(doc) && doc.some(isCqcApiRecord))
      return readCqcApiRecords(
        doc,
        source.name,
        reference,
        doc.map((_, i) => `[${i}]`),
      );
    if (Array.isArray(doc)) return readFindThatCharityJson(doc, source.name);
    return unreadable('JSON that is neither a 360Giving file ({grants: [...]}), CQC API records, nor a list of organisation records');
  }
  let table: CsvTable;
  try {
    table = readCsvTable(text);
  } catch (err) {
    return unreadable(`not valid CSV: ${(err as Error).message}`);
  }
  const format = source.format ?? detectCsvFormat(table);
  switch (format) {
    case 'provider-csv':
      return readProviderCsv(table, source.name);
    case 'nhs-ods-csv':
      return readNhsOdsCsv(table.header.includes('organisation_code') ? table : withOdsHeader(text), source.name);
    case '360giving-csv':
      return readGivingCsv(table, source.name);
    case '360giving-orgs-csv':
      return readGivingOrgsCsv(table, source.name);
    case 'ccew-charity-csv':
      return readCharityTable(table, source.name, reference);
    case 'ccew-area-of-operation-csv':
      return readAreaOfOperationTable(table, source.name, reference);
    case 'ukcat-csv':
      return readUkcatCharities(table, source.name, reference);
    case 'ukcat-icnptso-csv':
      return readUkcatIcnptso(table, source.name, reference);
    case 'cqc-locations-csv':
      return readCqcLocationsCsv(table, source.name, reference);
    case 'cqc-directory-csv':
      return readCqcDirectoryCsv(table, source.name, reference);
    case 'cqc-care-homes-csv':
      return readCqcCareHomesCsv(table, source.name, reference);
    case 'companies-house-csv':
      return readCompaniesHouseCsv(table, source.name);
    case 'fca-mutuals-csv':
      return readFcaMutualsCsv(table, source.name);
    case 'ccni-csv':
      return readCcniCsv(table, source.name);
    case 'findthatcharity-json':
    case '360giving-json':
    case 'cqc-api-json':
    case undefined:
      return unreadable(
        'CSV header not recognised: expected the provider template (id,name,kind,…), a register file (Charity Commission ' +
          'charity or area-of-operation table, CQC locations, directory or care homes, Companies House BasicCompanyData, ' +
          'CCNI register, FCA mutuals, UKCAT), the NHS ODS trusts file, a 360Giving CSV (Recipient Org:Identifier,…) or ' +
          'organisations_from_360giving.csv (org_id,name,…); see docs/import.md',
      );
  }
}

export function detectCsvFormat(table: CsvTable): OrgSourceFormat | undefined {
  const h = new Set(table.header);
  if (h.has('recipient org:identifier') || h.has('recipient org:name')) return '360giving-csv';
  if (h.has('registered_charity_number') && h.has('geographic_area_description')) return 'ccew-area-of-operation-csv';
  if (h.has('registered_charity_number') && h.has('charity_name')) return 'ccew-charity-csv';
  if (h.has('org_id') && h.has('icnptso_code')) return 'ukcat-icnptso-csv';
  if (h.has('org_id') && h.has('ukcat')) return 'ukcat-csv';
  if (h.has('org_id_a') && h.has('org_name')) return 'fca-mutuals-csv';
  if (h.has('location id') && h.has('provider id')) return 'cqc-locations-csv';
  if (h.has('cqc location id (for office use only)')) return 'cqc-directory-csv';
  if (h.has('cqc_id') && h.has('provider')) return 'cqc-care-homes-csv';
  if (h.has('companynumber') && h.has('companyname')) return 'companies-house-csv';
  if (h.has('reg charity number') && h.has('charity name')) return 'ccni-csv';
  if (h.has('org_id') && h.has('name')) return '360giving-orgs-csv';
  if (h.has('organisation_code') && h.has('name')) return 'nhs-ods-csv';
  if (h.has('name') && h.has('kind')) return 'provider-csv';
  // the raw ODS etr file has no header: an ODS code, then an NHS name
  const first = table.header;
  if (first.length >= 24 && /^[a-z0-9]{3,6}$/.test(first[0] ?? '') && /nhs|trust/.test(first[1] ?? '')) return 'nhs-ods-csv';
  return undefined;
}

/** The headerless ODS file, read with the standard column names. */
function withOdsHeader(text: string): CsvTable {
  const table = readCsvTable(`${ODS_COLUMNS.join(',')}\n${text}`);
  return { ...table, lines: table.lines.map((l) => l - 1) };
}

/** Text with one JSON object per line (JSON lines) → the objects and their line locators; undefined if it is not that. */
function jsonLines(text: string): { items: unknown[]; locators: string[] } | undefined {
  const items: unknown[] = [];
  const locators: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    try {
      items.push(parseJsonLenient(lines[i]));
    } catch {
      // a bad line is one bad record, unless it is the first: then this is not JSON lines at all
      if (items.length === 0) return undefined;
      items.push(undefined);
    }
    locators.push(`line ${i + 1}`);
  }
  return items.length > 1 ? { items, locators } : undefined;
}
