/**
 * Reference data the pure core works with: the CPV service taxonomy and the UK geography.
 * Built once at start-up by `loadReference()` (src/reference/load.ts) from the CSV files in data/reference;
 * everything here is synchronous, in-memory and read-only.
 */

/** The report's six sectors (docs/domain.md, Services and places), mapped onto CPV. */
export type Sector = 'health' | 'social_care' | 'children_young_people' | 'education' | 'culture_leisure' | 'other';

export interface CpvEntry {
  code: string; // 8 digits
  label: string;
  /** 1 division (XX000000) … 5 subcategory */
  level: number;
  /** nearest existing ancestor, undefined for a division */
  parent?: string;
  /** true for the 115 "social and other specific services" (light-touch regime, PCR 2015 Schedule 3) */
  lightRegime?: boolean;
}

export interface CpvTaxonomy {
  get(code: string): CpvEntry | undefined;
  has(code: string): boolean;
  /** "85311300 Welfare services for children and young people"; the bare code when unknown */
  describe(code: string): string;
  /** the code itself followed by its ancestors up to the division; empty for an unknown code */
  lineage(code: string): readonly string[];
  /** true when `ancestor` is `code` or one of its ancestors */
  isWithin(code: string, ancestor: string): boolean;
  /** the code and all its descendants; empty for an unknown code */
  descendants(code: string): readonly string[];
  sectorOf(code: string): Sector;
  /** Human sector name, e.g. "adult social care" style wording: "social care" */
  sectorLabel(sector: Sector): string;
  all(): Iterable<CpvEntry>;
}

export type AreaLevel = 'lad' | 'utla' | 'cauth' | 'region' | 'nation' | 'country_group';

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  /** upper-tier authority (E10/E06/E08/E09 or the LAD itself); lad level only */
  utla?: string;
  /** combined authority (E47), lad and utla levels, where there is one */
  cauth?: string;
  region?: string; // E12 (England) or the nation code elsewhere; undefined for England and the K-code groups
  nation: string; // E92000001, W92000004, S92000003, N92000002; a country group's own K-code
  latitude?: number;
  longitude?: number;
}

export interface Geography {
  get(code: string): Area | undefined;
  has(code: string): boolean;
  name(code: string): string;
  /**
   * The current code for `code`: itself for a current area, the successor for a retired LAD (Allerdale
   * E07000026 → Cumberland E06000063), undefined when unknown. The other lookups below accept retired codes.
   */
  canonical(code: string): string | undefined;
  /**
   * The lower-tier authorities (LAD codes) an area covers: itself for a LAD, members for a county, combined
   * authority, region or nation. For areas with no known LADs, [code] itself.
   */
  lads(code: string): readonly string[];
  /** LADs sharing a boundary with `lad` */
  neighbours(lad: string): readonly string[];
  /** The most readable containing area for sentences: the upper-tier authority of a LAD, else the area itself */
  displayArea(code: string): Area | undefined;
  /** region (E12) for English areas, the nation for the others */
  regionOf(code: string): string | undefined;
  nationOf(code: string): string | undefined;
  /**
   * NUTS 2016 (UKK, UKK4, UKK43) or ITL 2021 (TLK, TLK4…) code → the smallest GSS area covering it, when known.
   * Can be wider than the NUTS area (UKM71 → Scotland); see `ladsForNutsOrItl` for the exact LADs.
   */
  fromNutsOrItl(code: string): string | undefined;
  /** The LADs a NUTS/ITL area covers (from the ONS LAD→NUTS lookup), undefined when the code is unknown */
  ladsForNutsOrItl(code: string): readonly string[] | undefined;
  /** A Contracts Finder region label ("Yorkshire and the Humber", "England", "London") or an authority name → GSS */
  fromName(name: string): string | undefined;
  /** Straight-line distance between two areas' centroids in km, undefined when either lacks a centroid */
  distanceKm(a: string, b: string): number | undefined;
  all(): Iterable<Area>;
}

/** One UK Charity Activity Tag (./registers.ts). */
export interface UkcatTag {
  code: string;
  tag: string;
  category: string;
  /** the tag's keyword rule, applied to activity text (case-insensitive) */
  pattern?: RegExp;
  /** when this matches too, the tag does not apply */
  exclude?: RegExp;
}

/** Lookups of the register importers (./registers.ts). */
export interface RegisterLookups {
  /**
   * An area name (local authority, county, country, "Throughout England", "Greater Manchester") → GSS codes; more
   * than one when a county was split (Cumbria → Cumberland, Westmorland and Furness). Undefined when unknown.
   */
  areaCodes(name: string): readonly string[] | undefined;
  ukcatTags: readonly UkcatTag[];
  ukcatTag(code: string): UkcatTag | undefined;
  /** ICNPTSO code (D13) → title ("Services for people with disabilities") */
  icnptsoTitle(code: string): string | undefined;
}

export interface Reference {
  cpv: CpvTaxonomy;
  geography: Geography;
  /** lookups of the register importers: area names, UKCAT tags, ICNPTSO classes (./registers.ts) */
  registers: RegisterLookups;
}
