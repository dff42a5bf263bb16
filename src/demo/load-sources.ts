/**
 * Reads the demo source files into plain records: data/demo/organisations_360giving.csv and nhs_trusts.csv, the
 * register samples of DEMO_REGISTER_FILES and the notices of DEMO_NOTICE_FILES (data/demo/README.md). The only
 * file of src/demo that touches the disk. Throws when a file is missing or malformed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DemoFile, DemoSources, SourceNhsTrust, SourceOrganisation } from './sources.ts';

/** data/demo in this repository. */
export const DEFAULT_DEMO_DATA_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));
/** data/, the parent of data/demo and data/registers */
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Register samples the demo imports (relative to data/): Greater Manchester's, and CQC's national head. */
export const DEMO_REGISTER_FILES = [
  'registers/charity-commission/trafford-charities-operating-in-trafford-2021-05.csv',
  'registers/charity-commission/trafford-area-of-operation-2021-05.csv',
  'registers/cqc/oldham-cqc-api-locations-2024.jsonl',
  'registers/cqc/oldham-cqc-api-providers-2024.jsonl',
  'registers/cqc/trafford-care-homes-2026-02.csv',
  'registers/cqc/cqc-asc-locations-2025-08-head999.csv',
] as const;

/** Register samples whose records only enrich the organisations of DEMO_REGISTER_FILES (relative to data/). */
export const DEMO_ENRICHMENT_FILES = ['registers/charity-commission/ukcat-top2000-largest.csv'] as const;

/** Real notices the demo imports as tenders: Find a Tender's UK4 "Aldbanks Supported Living", four Contracts Finder notices. */
export const DEMO_NOTICE_FILES = [
  'registers/find-a-tender/fts-release-package-2026-10-06-limit-4.json',
  'demo/notices/contracts-finder-2025-selected.json',
] as const;

type Row = Record<string, string>;

function readCsv(path: string, required: readonly string[]): Row[] {
  const rows: Row[] = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true });
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const missing = required.filter((c) => !header.includes(c));
  if (rows.length === 0 || missing.length > 0) {
    throw new Error(`demo/load-sources: ${path} is empty or lacks columns ${missing.join(', ')}`);
  }
  return rows;
}

const opt = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);

function optNumber(value: string | undefined): number | undefined {
  const text = opt(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const readFiles = (paths: readonly string[]): DemoFile[] =>
  paths.map((path) => ({ name: path, text: readFileSync(join(DATA_DIR, path), 'utf8') }));

export function loadDemoSources(dir: string = DEFAULT_DEMO_DATA_DIR): DemoSources {
  const orgRows = readCsv(join(dir, 'organisations_360giving.csv'), [
    'org_id',
    'name',
    'id_scheme',
    'district_gss_code',
    'postcode_outward',
  ]);
  const organisations: SourceOrganisation[] = orgRows.map((r) => ({
    orgId: r.org_id.trim(),
    name: r.name.trim(),
    idScheme: r.id_scheme.trim(),
    charityNumber: opt(r.charity_number),
    companyNumber: opt(r.company_number),
    organisationType: opt(r.organisation_type),
    postcodeOutward: opt(r.postcode_outward),
    districtGssCode: opt(r.district_gss_code),
    latestIncomeGbp: optNumber(r.latest_income_gbp),
    ccewScale: opt(r.ccew_scale),
    titles: r.titles ?? '',
    description: r.description ?? '',
    grantDescriptions: r.grant_descriptions ?? '',
  }));
  const nhsRows = readCsv(join(dir, 'nhs_trusts.csv'), ['organisation_code', 'name', 'postcode_outward', 'gor_code']);
  const nhsTrusts: SourceNhsTrust[] = nhsRows.map((r) => ({
    odsCode: r.organisation_code.trim(),
    name: r.name.trim(),
    nationalGrouping: r.national_grouping ?? '',
    icbCode: r.high_level_health_geography ?? '',
    postcodeOutward: opt(r.postcode_outward),
    openDate: opt(r.open_date),
    closeDate: opt(r.close_date),
    gorCode: opt(r.gor_code),
  }));
  return {
    organisations,
    nhsTrusts,
    registers: readFiles(DEMO_REGISTER_FILES),
    enrichments: readFiles(DEMO_ENRICHMENT_FILES),
    notices: readFiles(DEMO_NOTICE_FILES),
  };
}
