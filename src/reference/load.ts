/**
 * Reads the reference CSV files under data/reference and builds the CPV taxonomy and the geography, once.
 * The only module of src/reference that touches the file system; everything it returns is in memory and
 * read-only. Its time and memory are measured in data/reference/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { buildCpvTaxonomy } from './cpv.ts';
import { ReferenceDataError } from './errors.ts';
import { buildGeography } from './geography.ts';
import { buildRegisterLookups } from './registers.ts';
import { cpvRowsFromCsv, geographyTablesFromCsv, lightRegimeCodesFromCsv, type CsvRecord, type ReferenceCsv } from './tables.ts';
import type { Reference } from './types.ts';

/** <project>/data/reference, found from this file rather than the working directory. */
export const DEFAULT_REFERENCE_DIR = fileURLToPath(new URL('../../data/reference/', import.meta.url));
/** <project>/data/registers: the register samples, and the lookups the register importers use (data/registers/README.md). */
export const DEFAULT_REGISTERS_DIR = fileURLToPath(new URL('../../data/registers/', import.meta.url));

/** Lookup tables of the register importers, relative to the registers directory. */
export const REGISTER_LOOKUP_FILES = {
  areaNames: 'charity-commission/drkane-charity-lookups__cc-aoo-gss-iso-new.csv',
  ukcat: 'charity-commission/ukcat-taxonomy.csv',
  icnptso: 'companies-house/ukcat-icnptso-taxonomy.csv',
} as const;

/** File of each table, relative to the reference directory. */
export const REFERENCE_FILES: Readonly<Record<keyof ReferenceCsv, string>> = {
  cpv: 'cpv/cpv_2008_en.csv',
  cpvLightRegime: 'cpv/cpv_social_services_light_regime.csv',
  englandLads: 'geography/england_local_authorities_current.csv',
  englandUtlas: 'geography/england_upper_tier_authorities_current.csv',
  laAllCodes: 'geography/la_all_codes.csv',
  countries: 'geography/ctry_all_codes.csv',
  regions: 'geography/rgn_all_codes.csv',
  cauths: 'geography/cauth_all_codes.csv',
  regionsNuts: 'geography/uk_regions_nuts1_itl1.csv',
  adjacency: 'geography/lad_current_adjacency.csv',
  nuts: 'geography/lad_dec2018_to_nuts3_nuts2_nuts1_jan2018_ons.csv',
  centroids: 'geography/lad_dec2023_centroids_ons.csv',
};

/**
 * Loads and builds the reference data from `dir` (synchronous; call once at start-up).
 * @throws ReferenceDataError when a file is missing, unreadable or inconsistent.
 */
export function loadReference(dir: string = DEFAULT_REFERENCE_DIR, registersDir: string = DEFAULT_REGISTERS_DIR): Reference {
  const csv = Object.fromEntries(
    Object.entries(REFERENCE_FILES).map(([key, file]) => [key, readCsv(join(dir, file))]),
  ) as unknown as ReferenceCsv;
  const cpv = buildCpvTaxonomy(cpvRowsFromCsv(csv.cpv), { lightRegime: lightRegimeCodesFromCsv(csv.cpvLightRegime) });
  const geography = buildGeography(geographyTablesFromCsv(csv));
  const lookups = Object.fromEntries(
    Object.entries(REGISTER_LOOKUP_FILES).map(([key, file]) => [key, readCsv(join(registersDir, file))]),
  ) as unknown as Parameters<typeof buildRegisterLookups>[0];
  return { cpv, geography, registers: buildRegisterLookups(lookups, geography) };
}

let shared: Reference | undefined;

/** The reference built from the default directory, loaded on first call and shared afterwards. */
export function defaultReference(): Reference {
  shared ??= loadReference();
  return shared;
}

function readCsv(path: string): CsvRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ReferenceDataError('load', `cannot read ${path}`, { cause });
  }
  try {
    return parse<CsvRecord>(text, { columns: true, bom: true, skip_empty_lines: true, trim: false });
  } catch (cause) {
    throw new ReferenceDataError('load', `cannot parse ${path}: ${(cause as Error).message}`, { cause });
  }
}
