/**
 * Organisation files → organisations. Each source is read by the reader its content calls for (detected from
 * the JSON shape or the CSV header, or given), then all records of all sources are deduplicated together
 * (./merge.ts), so the same charity in a 360Giving file and a provider's own CSV becomes one organisation.
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
  for (const source of list) records.push(...readOrgSource(source));
  return mergeOrgRecords(records, reference);
}

/** One source → its records (unmerged); an unreadable source gives a single record carrying the problem. */
export function readOrgSource(source: OrgSource): OrgRecord[] {
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
      return unreadable(`not valid JSON: ${(err as Error).message}`);
    }
    if (isObject(doc) && Array.isArray(doc.grants)) return readGivingJson(doc, source.name);
    if (Array.isArray(doc)) return readFindThatCharityJson(doc, source.name);
    return unreadable('JSON that is neither a 360Giving file ({grants: [...]}) nor a list of organisation records');
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
    default:
      return unreadable(
        'CSV header not recognised: expected the provider template (id,name,kind,…), the NHS ODS trusts file, ' +
          'a 360Giving CSV (Recipient Org:Identifier,…) or organisations_from_360giving.csv (org_id,name,…)',
      );
  }
}

export function detectCsvFormat(table: CsvTable): OrgSourceFormat | undefined {
  const h = new Set(table.header);
  if (h.has('recipient org:identifier') || h.has('recipient org:name')) return '360giving-csv';
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
