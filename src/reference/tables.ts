/**
 * Maps the raw CSV records of data/reference (one object per row, keyed by header) to the typed rows the
 * builders take. Pure: the loader reads the files, this only renames columns and joins tables, so the
 * column names of every source file are written down in exactly one place.
 */
import type { CpvRow } from './cpv.ts';
import { ReferenceDataError } from './errors.ts';
import type { GeographyTables, LadRow, RegionRow, RetiredLadRow } from './geography.ts';

export type CsvRecord = Readonly<Record<string, string>>;

/** The reference CSV files, parsed; see data/reference/README.md for each file's source. */
export interface ReferenceCsv {
  /** cpv/cpv_2008_en.csv */
  cpv: readonly CsvRecord[];
  /** cpv/cpv_social_services_light_regime.csv */
  cpvLightRegime: readonly CsvRecord[];
  /** geography/england_local_authorities_current.csv */
  englandLads: readonly CsvRecord[];
  /** geography/england_upper_tier_authorities_current.csv */
  englandUtlas: readonly CsvRecord[];
  /** geography/la_all_codes.csv (UK-wide, current and retired) */
  laAllCodes: readonly CsvRecord[];
  /** geography/ctry_all_codes.csv */
  countries: readonly CsvRecord[];
  /** geography/rgn_all_codes.csv */
  regions: readonly CsvRecord[];
  /** geography/cauth_all_codes.csv */
  cauths: readonly CsvRecord[];
  /** geography/uk_regions_nuts1_itl1.csv */
  regionsNuts: readonly CsvRecord[];
  /** geography/lad_current_adjacency.csv */
  adjacency: readonly CsvRecord[];
  /** geography/lad_dec2018_to_nuts3_nuts2_nuts1_jan2018_ons.csv */
  nuts: readonly CsvRecord[];
  /** geography/lad_dec2023_centroids_ons.csv */
  centroids: readonly CsvRecord[];
}

/** Everyday names the files do not carry. */
const EXTRA_ALIASES: Readonly<Record<string, readonly string[]>> = {
  K02000001: ['UK'],
  K03000001: ['GB'],
  E12000007: ['Greater London'],
  E06000010: ['Hull'],
  W06000016: ['Rhondda Cynon Taff'],
  S12000013: ['Western Isles', 'Eilean Siar'],
};

const ENGLAND = 'E92000001';

function col(record: CsvRecord, column: string, file: string): string {
  const value = record[column];
  if (value === undefined) throw new ReferenceDataError('tables', `${file}: missing column "${column}"`);
  return value.trim();
}

function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}

function number(value: string, file: string, column: string): number | undefined {
  if (value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new ReferenceDataError('tables', `${file}: "${value}" in ${column} is not a number`);
  return n;
}

export function cpvRowsFromCsv(records: readonly CsvRecord[]): CpvRow[] {
  const file = 'cpv_2008_en.csv';
  return records.map((r) => ({
    code: col(r, 'code', file),
    label: col(r, 'label_en', file),
    level: number(col(r, 'level', file), file, 'level') ?? 0,
    parent: optional(col(r, 'parent_code', file)),
  }));
}

export function lightRegimeCodesFromCsv(records: readonly CsvRecord[]): string[] {
  return records.map((r) => col(r, 'code', 'cpv_social_services_light_regime.csv'));
}

/** The geography's tables from the CSV files, one step per table (the column names of each file are read here). */
export function geographyTablesFromCsv(csv: ReferenceCsv): GeographyTables {
  const { countryGroups, nations } = nationsFromCsv(csv);
  const { lads, retiredLads } = ladsFromCsv(csv);
  return {
    countryGroups,
    nations,
    regions: regionsFromCsv(csv, nations),
    cauths: cauthsFromCsv(csv),
    utlas: utlasFromCsv(csv),
    lads,
    retiredLads,
    adjacency: adjacencyFromCsv(csv),
    nuts: nutsFromCsv(csv),
  };
}

/** The nations and the country groups (UK, GB, England and Wales) they belong to. */
function nationsFromCsv(csv: ReferenceCsv): Pick<GeographyTables, 'countryGroups' | 'nations'> {
  const f = 'ctry_all_codes.csv';
  const groups = new Map<string, string>();
  const nations = csv.countries.map((r) => {
    const memberOf: string[] = [];
    for (const [codeCol, nameCol] of [
      ['EWCD', 'EWNM'],
      ['GBCD', 'GBNM'],
      ['UKCD', 'UKNM'],
    ] as const) {
      const code = col(r, codeCol, f);
      if (code === '') continue;
      groups.set(code, col(r, nameCol, f));
      memberOf.push(code);
    }
    return { code: col(r, 'CTRYCD', f), name: col(r, 'CTRYNM', f), groups: memberOf };
  });
  const countryGroups = [...groups].map(([code, name]) => ({ code, name, aliases: EXTRA_ALIASES[code] ?? [] }));
  return { countryGroups, nations };
}

/** Regions (E12) and the nations' NUTS1/ITL1 rows, with the names tenders use for them. */
function regionsFromCsv(csv: ReferenceCsv, nations: GeographyTables['nations']): RegionRow[] {
  const fn = 'uk_regions_nuts1_itl1.csv';
  const nutsByRegion = new Map(csv.regionsNuts.map((r) => [col(r, 'region_code', fn), r]));
  const regionRow = (code: string, name: string): RegionRow => {
    const n = nutsByRegion.get(code);
    if (!n) throw new ReferenceDataError('tables', `${fn}: no row for ${code} ${name}`);
    const aliases = [
      col(n, 'contracts_finder_region_label', fn),
      col(n, 'nuts1_2016_name', fn),
      col(n, 'itl1_2021_name', fn),
      ...(EXTRA_ALIASES[code] ?? []),
    ];
    return {
      code,
      name,
      nuts1: col(n, 'nuts1_2016_code', fn),
      itl1: col(n, 'itl1_2021_code', fn),
      aliases: aliases.filter((a) => a !== ''),
    };
  };
  return [
    ...csv.regions.map((r) => regionRow(col(r, 'RGNCD', 'rgn_all_codes.csv'), col(r, 'RGNNM', 'rgn_all_codes.csv'))),
    ...nations.filter((n) => n.code !== ENGLAND && nutsByRegion.has(n.code)).map((n) => regionRow(n.code, n.name)),
  ];
}

function cauthsFromCsv(csv: ReferenceCsv): GeographyTables['cauths'] {
  const fc = 'cauth_all_codes.csv';
  return csv.cauths.map((r) => ({ code: col(r, 'CAUTHCD', fc), name: col(r, 'CAUTHNM', fc), region: col(r, 'RGNCD', fc) }));
}

function utlasFromCsv(csv: ReferenceCsv): GeographyTables['utlas'] {
  const fu = 'england_upper_tier_authorities_current.csv';
  return csv.englandUtlas.map((r) => ({
    code: col(r, 'utla_code', fu),
    name: col(r, 'utla_name', fu),
    region: col(r, 'region_code', fu),
    latitude: number(col(r, 'latitude', fu), fu, 'latitude'),
    longitude: number(col(r, 'longitude', fu), fu, 'longitude'),
  }));
}

/**
 * LADs: England from the curated table; Wales, Scotland and Northern Ireland from la_all_codes with ONS centroids
 * (the centroid file also gives the Welsh names). Retired codes, with their successor, from la_all_codes.
 */
function ladsFromCsv(csv: ReferenceCsv): { lads: LadRow[]; retiredLads: RetiredLadRow[] } {
  const fk = 'lad_dec2023_centroids_ons.csv';
  const centroids = new Map(csv.centroids.map((r) => [col(r, 'LAD23CD', fk), r]));
  const aliasesOf = (code: string, name: string): string[] => {
    const c = centroids.get(code);
    const cy = c ? col(c, 'LAD23NMW', fk) : '';
    return [...(cy !== '' && cy !== name ? [cy] : []), ...(EXTRA_ALIASES[code] ?? [])];
  };
  const fe = 'england_local_authorities_current.csv';
  const lads: LadRow[] = csv.englandLads.map((r) => {
    const code = col(r, 'lad_code', fe);
    const name = col(r, 'lad_name', fe);
    return {
      code,
      name,
      utla: col(r, 'utla_code', fe),
      cauth: optional(col(r, 'cauth_code', fe)),
      region: col(r, 'region_code', fe),
      nation: ENGLAND,
      latitude: number(col(r, 'latitude', fe), fe, 'latitude'),
      longitude: number(col(r, 'longitude', fe), fe, 'longitude'),
      aliases: aliasesOf(code, name),
    };
  });
  const fl = 'la_all_codes.csv';
  const retiredLads: RetiredLadRow[] = [];
  for (const r of csv.laAllCodes) {
    const code = col(r, 'LADCD', fl);
    const name = col(r, 'LADNM', fl);
    if (col(r, 'Current', fl) !== 'TRUE') {
      retiredLads.push({ code, name, successor: col(r, 'LADCD_ACTIVE', fl) });
      continue;
    }
    const nation = col(r, 'CTRYCD', fl);
    if (nation === ENGLAND) continue;
    const c = centroids.get(code);
    lads.push({
      code,
      name,
      utla: optional(col(r, 'UTLACD', fl)) ?? code,
      nation,
      latitude: c ? number(col(c, 'LAT', fk), fk, 'LAT') : undefined,
      longitude: c ? number(col(c, 'LONG', fk), fk, 'LONG') : undefined,
      aliases: aliasesOf(code, name),
    });
  }
  return { lads, retiredLads };
}

function adjacencyFromCsv(csv: ReferenceCsv): GeographyTables['adjacency'] {
  const fa = 'lad_current_adjacency.csv';
  return csv.adjacency.map((r) => ({ lad: col(r, 'lad_code', fa), neighbour: col(r, 'neighbour_lad_code', fa) }));
}

function nutsFromCsv(csv: ReferenceCsv): GeographyTables['nuts'] {
  const fn3 = 'lad_dec2018_to_nuts3_nuts2_nuts1_jan2018_ons.csv';
  return csv.nuts.map((r) => ({
    lad: col(r, 'LAD18CD', fn3),
    nuts3: col(r, 'NUTS318CD', fn3),
    nuts2: col(r, 'NUTS218CD', fn3),
    nuts1: col(r, 'NUTS118CD', fn3),
  }));
}
