/**
 * UK geography keyed by ONS GSS codes: local authority districts (E06/E07/E08/E09, W06, S12, N09), English
 * upper-tier authorities (E10 counties; unitary, metropolitan and London authorities are their own upper
 * tier), combined authorities (E47), English regions (E12), the four nations and the K-code country groups
 * (K02000001 UK, K03000001 GB, K04000001 England and Wales).
 *
 * One Area per code: an authority that is both lower and upper tier (a unitary such as Plymouth E06000026)
 * has level 'lad' and `utla` equal to its own code. Everything is precomputed at build time, so every
 * lookup is a map read.
 *
 * Retired LAD codes (the 2019–2023 mergers such as Allerdale E07000026, and recodes such as Sheffield
 * E08000019) are not areas, but `canonical` maps them to their current successor and every other method
 * except `get`/`has` accepts them through it. Retired counties are not in the data.
 *
 * NUTS/ITL: NUTS 2016 level 1 (UKC…UKN) and ITL 2021 level 1 (TLC…TLN) resolve to the English region or the
 * nation. NUTS 2016 levels 2 and 3 (UKK4, UKK43, UKM71, UKL18 …) resolve through the ONS LAD (Dec 2018) →
 * NUTS (Jan 2018) lookup to the set of current LADs they cover, and `fromNutsOrItl` returns the smallest
 * existing area that contains all of them: the LAD itself when there is one, else its upper-tier authority,
 * combined authority, region, nation or country group, whichever is smallest (UKK43 → Devon E10000008
 * exactly; UKM71 "Angus and Dundee City" → Scotland, a superset). `ladsForNutsOrItl` gives the exact LAD
 * set. ITL 2021 levels 2 and 3 (TLK4, TLK43) are read as the NUTS 2016 code with the same suffix: ITL 2021
 * was published as a copy of NUTS 2016 with the "TL" prefix. The ITL 2025 revision is not modelled; a
 * level-2/3 code that the lookup does not know falls back to its level-1 region or nation.
 * Caveat: a LAD that straddles NUTS3 areas (Highland; Bournemouth, Christchurch and Poole; Cumberland …)
 * counts as covered by each of them.
 */
import { ReferenceDataError } from './errors.ts';
import type { Area, Geography } from './types.ts';

export interface Centroid {
  latitude: number;
  longitude: number;
}

/** A current lower-tier authority, UK-wide. */
export interface LadRow extends Partial<Centroid> {
  code: string;
  name: string;
  /** E10 county, or the LAD's own code when it is its own upper tier (always so outside England) */
  utla: string;
  cauth?: string;
  /** E12 region; undefined outside England */
  region?: string;
  nation: string;
  /** other names it goes by, e.g. the Welsh name */
  aliases?: readonly string[];
}

/** An English upper-tier authority; rows whose code is also a LAD only contribute a centroid. */
export interface UtlaRow extends Partial<Centroid> {
  code: string;
  name: string;
  region: string;
}

export interface CauthRow {
  code: string;
  name: string;
  region: string;
}

export interface RegionRow {
  /** E12 region, or a nation code for the nations' NUTS1/ITL1 rows */
  code: string;
  name: string;
  nuts1?: string;
  itl1?: string;
  /** e.g. the Contracts Finder label "Yorkshire and the Humber", the ITL1 name "East" */
  aliases?: readonly string[];
}

export interface NationRow {
  code: string;
  name: string;
  /** K-codes of the country groups it belongs to */
  groups: readonly string[];
}

export interface CountryGroupRow {
  code: string;
  name: string;
  aliases?: readonly string[];
}

export interface RetiredLadRow {
  code: string;
  name: string;
  /** the current LAD that took it over */
  successor: string;
}

/** One row of the LAD → NUTS3 → NUTS2 → NUTS1 lookup; `lad` may be a retired code. */
export interface NutsRow {
  lad: string;
  nuts3: string;
  nuts2: string;
  nuts1: string;
}

export interface GeographyTables {
  countryGroups: readonly CountryGroupRow[];
  nations: readonly NationRow[];
  /** English regions and, for NUTS1/ITL1 codes and aliases, the nations */
  regions: readonly RegionRow[];
  cauths: readonly CauthRow[];
  utlas: readonly UtlaRow[];
  lads: readonly LadRow[];
  retiredLads: readonly RetiredLadRow[];
  /** boundary adjacency between current LADs; each edge in either or both directions */
  adjacency: readonly { lad: string; neighbour: string }[];
  nuts: readonly NutsRow[];
}

const ENGLAND = 'E92000001';
const UNITED_KINGDOM = 'K02000001';
const EARTH_RADIUS_KM = 6371.0088;
/** Longest text fromName looks up (see buildNameIndex). */
const MAX_NAME_LOOKUP = 200;

/**
 * Builds the geography from plain rows, in named steps: the areas (top down, each checked against its parents),
 * which LADs each area holds, centroids and counties' combined authorities, retired codes, adjacency, then the
 * NUTS/ITL and name indexes.
 * @throws ReferenceDataError when a row refers to an area that does not exist (a bad data file).
 */
export function buildGeography(tables: GeographyTables): Geography {
  const { areas, groupsOfNation } = buildAreas(tables);
  const ladsOf = membership(tables, areas, groupsOfNation);
  fillDerivedFields(areas, ladsOf);
  for (const area of areas.values()) Object.freeze(area);
  const successor = retiredSuccessors(tables, areas);
  const canonical = (code: string): string | undefined => {
    const c = code.trim().toUpperCase();
    return areas.has(c) ? c : successor.get(c);
  };
  const neighbours = adjacency(tables, areas);
  const nuts = buildNutsIndex(tables, areas, ladsOf, canonical, groupsOfNation);
  const names = buildNameIndex(tables, areas, successor);
  return geographyOf(areas, ladsOf, canonical, neighbours, nuts, names);
}

function fail(message: string): never {
  throw new ReferenceDataError('geography', message);
}

/** The areas, from the top down so each row can be checked against its parents; and each nation's country groups. */
function buildAreas(tables: GeographyTables): { areas: Map<string, Area>; groupsOfNation: Map<string, readonly string[]> } {
  const areas = new Map<string, Area>();
  const add = (area: Area): void => {
    if (areas.has(area.code)) fail(`duplicate area ${area.code}`);
    areas.set(area.code, area);
  };
  const known = (code: string | undefined, what: string, owner: string): string => {
    if (code === undefined || !areas.has(code)) return fail(`${owner} refers to unknown ${what} ${code}`);
    return code;
  };
  const groupsOfNation = new Map<string, readonly string[]>();
  for (const g of tables.countryGroups) add({ code: g.code, name: g.name, level: 'country_group', nation: g.code });
  for (const n of tables.nations) {
    n.groups.forEach((g) => known(g, 'country group', n.code));
    groupsOfNation.set(n.code, n.groups);
    add({ code: n.code, name: n.name, level: 'nation', nation: n.code, ...(n.code === ENGLAND ? {} : { region: n.code }) });
  }
  for (const r of tables.regions) {
    if (areas.get(r.code)?.level === 'nation') continue; // a nation's NUTS1/ITL1 row
    add({ code: r.code, name: r.name, level: 'region', region: r.code, nation: ENGLAND });
  }
  for (const c of tables.cauths) {
    add({ code: c.code, name: c.name, level: 'cauth', region: known(c.region, 'region', c.code), nation: ENGLAND });
  }
  const ladCodes = new Set(tables.lads.map((l) => l.code));
  for (const u of tables.utlas) {
    if (ladCodes.has(u.code)) continue; // unitary: the LAD row makes the area
    add({ code: u.code, name: u.name, level: 'utla', region: known(u.region, 'region', u.code), nation: ENGLAND, ...centroidOf(u) });
  }
  for (const l of tables.lads) {
    known(l.nation, 'nation', l.code);
    const region =
      l.region === undefined
        ? l.nation === ENGLAND
          ? fail(`English LAD ${l.code} has no region`)
          : l.nation
        : known(l.region, 'region', l.code);
    const area: Area = { code: l.code, name: l.name, level: 'lad', utla: l.utla, region, nation: l.nation, ...centroidOf(l) };
    if (l.cauth) area.cauth = known(l.cauth, 'combined authority', l.code);
    add(area);
  }
  for (const l of tables.lads) if (l.utla !== l.code) known(l.utla, 'upper-tier authority', l.code);
  return { areas, groupsOfNation };
}

/** Every area → its LADs (sorted, frozen). Throws when an area holds none. */
function membership(
  tables: GeographyTables,
  areas: ReadonlyMap<string, Area>,
  groupsOfNation: ReadonlyMap<string, readonly string[]>,
): Map<string, readonly string[]> {
  const members = new Map<string, string[]>([...areas.keys()].map((code) => [code, []]));
  for (const l of tables.lads) {
    const area = areas.get(l.code)!;
    const containers = new Set([l.code, l.utla, l.cauth, area.region, l.nation, ...(groupsOfNation.get(l.nation) ?? [])]);
    for (const c of containers) if (c) members.get(c)!.push(l.code);
  }
  const ladsOf = new Map<string, readonly string[]>();
  for (const [code, list] of members) {
    if (list.length === 0) fail(`area ${code} has no LADs`);
    ladsOf.set(code, Object.freeze([...list].sort()));
  }
  return ladsOf;
}

/**
 * Centroids: given for LADs and UTLAs, else the mean of the member LADs' centroids. A county belongs to a combined
 * authority when all its districts do (Cambridgeshire → E47000008).
 */
function fillDerivedFields(areas: ReadonlyMap<string, Area>, ladsOf: ReadonlyMap<string, readonly string[]>): void {
  for (const area of areas.values()) {
    if (area.latitude !== undefined) continue;
    const points = ladsOf
      .get(area.code)!
      .map((c) => areas.get(c)!)
      .filter((a) => a.latitude !== undefined);
    if (points.length === 0) continue;
    area.latitude = points.reduce((s, a) => s + a.latitude!, 0) / points.length;
    area.longitude = points.reduce((s, a) => s + a.longitude!, 0) / points.length;
  }
  for (const area of areas.values()) {
    if (area.level !== 'utla') continue;
    const cauths = new Set(ladsOf.get(area.code)!.map((c) => areas.get(c)!.cauth));
    const [only] = cauths;
    if (cauths.size === 1 && only !== undefined) area.cauth = only;
  }
}

/** Retired LAD code → its current successor. */
function retiredSuccessors(tables: GeographyTables, areas: ReadonlyMap<string, Area>): Map<string, string> {
  const successor = new Map<string, string>();
  for (const r of tables.retiredLads) {
    if (areas.has(r.code)) continue;
    if (areas.get(r.successor)?.level !== 'lad') fail(`retired LAD ${r.code} has unknown successor ${r.successor}`);
    successor.set(r.code, r.successor);
  }
  return successor;
}

/** LAD → its neighbours (sorted, frozen), from edges given in either or both directions. */
function adjacency(tables: GeographyTables, areas: ReadonlyMap<string, Area>): Map<string, readonly string[]> {
  const neighbourSets = new Map<string, Set<string>>();
  for (const { lad, neighbour } of tables.adjacency) {
    for (const c of [lad, neighbour]) if (areas.get(c)?.level !== 'lad') fail(`adjacency refers to unknown LAD ${c}`);
    if (lad === neighbour) continue;
    for (const [a, b] of [
      [lad, neighbour],
      [neighbour, lad],
    ]) {
      const set = neighbourSets.get(a) ?? new Set<string>();
      set.add(b);
      neighbourSets.set(a, set);
    }
  }
  const neighbours = new Map<string, readonly string[]>();
  for (const [lad, set] of neighbourSets) neighbours.set(lad, Object.freeze([...set].sort()));
  return neighbours;
}

/** The Geography interface over the built tables: every lookup a map read. */
function geographyOf(
  areas: ReadonlyMap<string, Area>,
  ladsOf: ReadonlyMap<string, readonly string[]>,
  canonical: (code: string) => string | undefined,
  neighbours: ReadonlyMap<string, readonly string[]>,
  nuts: { resolve(code: string): NutsResolution | undefined },
  names: { lookup(name: string): string | undefined },
): Geography {
  const areaOf = (code: string): Area | undefined => {
    const c = canonical(code);
    return c === undefined ? undefined : areas.get(c);
  };
  return {
    get: (code) => areas.get(code.trim().toUpperCase()),
    has: (code) => areas.has(code.trim().toUpperCase()),
    name: (code) => areaOf(code)?.name ?? code,
    canonical,
    lads: (code) => {
      const c = canonical(code);
      return c === undefined ? [code] : ladsOf.get(c)!;
    },
    neighbours: (lad) => {
      const c = canonical(lad);
      return (c && neighbours.get(c)) || [];
    },
    displayArea: (code) => {
      const area = areaOf(code);
      return area?.level === 'lad' && area.utla ? areas.get(area.utla) : area;
    },
    regionOf: (code) => areaOf(code)?.region,
    nationOf: (code) => {
      const area = areaOf(code);
      return area === undefined || area.level === 'country_group' ? undefined : area.nation;
    },
    fromNutsOrItl: (code) => nuts.resolve(code)?.area,
    ladsForNutsOrItl: (code) => nuts.resolve(code)?.lads,
    fromName: (name) => names.lookup(name),
    distanceKm: (a, b) => {
      const pa = areaOf(a);
      const pb = areaOf(b);
      if (pa?.latitude === undefined || pa.longitude === undefined) return undefined;
      if (pb?.latitude === undefined || pb.longitude === undefined) return undefined;
      return haversineKm(pa as Centroid, pb as Centroid);
    },
    all: () => areas.values(),
  };
}

/** Great-circle distance between two WGS84 points in km (haversine, mean Earth radius). */
export function haversineKm(a: Centroid, b: Centroid): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function centroidOf(row: Partial<Centroid>): Partial<Centroid> {
  return row.latitude !== undefined && row.longitude !== undefined && Number.isFinite(row.latitude) && Number.isFinite(row.longitude)
    ? { latitude: row.latitude, longitude: row.longitude }
    : {};
}

interface NutsResolution {
  area: string;
  lads: readonly string[];
}

function buildNutsIndex(
  tables: GeographyTables,
  areas: ReadonlyMap<string, Area>,
  ladsOf: ReadonlyMap<string, readonly string[]>,
  canonical: (code: string) => string | undefined,
  groupsOfNation: ReadonlyMap<string, readonly string[]>,
): { resolve(code: string): NutsResolution | undefined } {
  const resolved = new Map<string, NutsResolution>();

  // Level 1: straight from the regions table, both NUTS1 and ITL1 codes.
  const level1 = new Map<string, string>();
  for (const r of tables.regions) {
    for (const c of [r.nuts1, r.itl1]) if (c) level1.set(c.toUpperCase(), r.code);
  }
  for (const [code, area] of level1) resolved.set(code, { area, lads: ladsOf.get(area)! });
  resolved.set('UK', { area: UNITED_KINGDOM, lads: ladsOf.get(UNITED_KINGDOM) ?? [] });

  // Levels 2 and 3: the LAD sets from the lookup, then the smallest area containing each set.
  const sets = new Map<string, Set<string>>();
  for (const row of tables.nuts) {
    const lad = canonical(row.lad) ?? fail(`NUTS lookup refers to unknown LAD ${row.lad}`);
    for (const code of [row.nuts2, row.nuts3]) {
      const set = sets.get(code) ?? new Set<string>();
      set.add(lad);
      sets.set(code, set);
    }
  }
  const memberSets = new Map<string, ReadonlySet<string>>();
  const memberSet = (code: string): ReadonlySet<string> => {
    let set = memberSets.get(code);
    if (!set) memberSets.set(code, (set = new Set(ladsOf.get(code))));
    return set;
  };
  for (const [code, set] of sets) {
    const lads = Object.freeze([...set].sort());
    const first = areas.get(lads[0])!;
    const containers = [first.code, first.utla, first.cauth, first.region, first.nation, ...(groupsOfNation.get(first.nation) ?? [])]
      .filter((c): c is string => c !== undefined)
      .sort((a, b) => ladsOf.get(a)!.length - ladsOf.get(b)!.length);
    const area = containers.find((c) => lads.every((l) => memberSet(c).has(l)));
    if (area !== undefined) resolved.set(code, { area, lads });
  }

  return {
    resolve(input) {
      const code = input
        .trim()
        .toUpperCase()
        .replace(/^TL(?=[C-N])/, 'UK');
      const hit = resolved.get(code);
      if (hit) return hit;
      // An unknown level-2/3 code (e.g. ITL 2025) falls back to its level-1 region or nation.
      return /^UK[C-N][0-9A-Z]{1,3}$/.test(code) ? resolved.get(code.slice(0, 3)) : undefined;
    },
  };
}

/**
 * Area names → codes, insensitive to case, accents, punctuation, "&"/"and" and council-style affixes
 * ("Devon County Council", "City of Bristol", "Bristol, City of", "London Borough of Camden").
 * When two areas share a name the higher level wins: "North East" and "West Midlands" are the regions,
 * not the combined authorities of the same name.
 */
function buildNameIndex(
  tables: GeographyTables,
  areas: ReadonlyMap<string, Area>,
  successor: ReadonlyMap<string, string>,
): { lookup(name: string): string | undefined } {
  const names: [string, string][] = [];
  for (const g of tables.countryGroups) for (const n of [g.name, ...(g.aliases ?? [])]) names.push([n, g.code]);
  for (const n of tables.nations) names.push([n.name, n.code]);
  for (const r of tables.regions) for (const n of [r.name, ...(r.aliases ?? [])]) names.push([n, r.code]);
  for (const u of tables.utlas) names.push([u.name, u.code]);
  for (const l of tables.lads) names.push([l.name, l.code]);
  for (const l of tables.lads) for (const n of l.aliases ?? []) names.push([n, l.code]);
  for (const c of tables.cauths) names.push([c.name, c.code]);
  for (const r of tables.retiredLads) {
    const to = successor.get(r.code);
    if (to) names.push([r.name, to]);
  }

  const index = new Map<string, string>();
  // Exact (normalised) names first, then their affix-stripped forms, each only where not yet taken.
  for (const [n, code] of names) if (areas.has(code) && !index.has(normaliseName(n))) index.set(normaliseName(n), code);
  for (const [n, code] of names) {
    const key = stripAffixes(normaliseName(n));
    if (key && areas.has(code) && !index.has(key)) index.set(key, code);
  }
  return {
    lookup(name) {
      // Names are short (the longest, with council affixes, well under this): longer text is not a name, and
      // stripping affixes one at a time from it would take time quadratic in its length.
      if (name.length > MAX_NAME_LOOKUP) return undefined;
      const key = normaliseName(name);
      return index.get(key) ?? index.get(stripAffixes(key));
    },
  };
}

/** lower case, no accents or apostrophes, "&" → "and", other punctuation → space, single spaces */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const LEADING =
  /^(the|council of the|city and county of|city of|county of|county|london borough of|royal borough of|metropolitan borough of|borough of|district of) /;
const TRAILING =
  / (council|county council|city council|borough council|district council|metropolitan borough council|metropolitan district council|unitary authority|city of|county of|city|county|borough|district|combined authority|mayoral combined authority)$/;

/** "london borough of camden" → "camden", "bristol city of" → "bristol", "county durham" → "durham" */
function stripAffixes(key: string): string {
  let out = key;
  for (let changed = true; changed;) {
    const next = out.replace(LEADING, '').replace(TRAILING, '');
    changed = next !== out && next.length > 0;
    if (changed) out = next;
  }
  return out;
}
