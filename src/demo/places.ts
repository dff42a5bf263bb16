/**
 * The places the demo data is spread over: England's current lower-tier authorities (LADs), taken from the
 * Reference, with neighbours, upper-tier authority, region and an approximate population weight.
 *
 * Population weights are approximate (no population file is in the project): by authority type — unitary
 * 250k, non-metropolitan district 110k, metropolitan district 300k, London borough 270k — with the largest
 * and smallest authorities set by hand from rounded ONS mid-year estimates. They only steer where synthetic
 * organisations are placed.
 */
import type { Reference } from '../reference/types.ts';
import type { Rng } from './prng.ts';

export const ENGLAND = 'E92000001';

const TYPE_WEIGHT: Readonly<Record<string, number>> = { E06: 250, E07: 110, E08: 300, E09: 270 };

/** Rounded populations (thousands) for authorities far from their type's typical size. */
const POPULATION_OVERRIDES: Readonly<Record<string, number>> = {
  E08000025: 1150, // Birmingham
  E08000035: 810, // Leeds
  E06000065: 620, // North Yorkshire
  E08000039: 560, // Sheffield
  E08000003: 570, // Manchester
  E06000052: 570, // Cornwall
  E08000032: 550, // Bradford
  E06000060: 550, // Buckinghamshire
  E06000047: 520, // County Durham
  E06000054: 510, // Wiltshire
  E08000012: 490, // Liverpool
  E06000023: 470, // Bristol
  E06000066: 570, // Somerset
  E06000051: 320, // Shropshire
  E06000057: 320, // Northumberland
  E06000059: 380, // Dorset
  E06000058: 400, // Bournemouth, Christchurch and Poole
  E06000063: 275, // Cumberland
  E06000064: 225, // Westmorland and Furness
  E06000062: 425, // West Northamptonshire
  E06000061: 360, // North Northamptonshire
  E06000049: 400, // Cheshire East
  E06000050: 360, // Cheshire West and Chester
  E06000011: 345, // East Riding of Yorkshire
  E06000053: 2, // Isles of Scilly
  E06000017: 41, // Rutland
  E09000001: 9, // City of London
};

export interface Place {
  code: string;
  name: string;
  /** upper-tier authority: an E10 county, or the LAD itself */
  utla: string;
  region: string;
  weight: number;
}

export interface PlaceIndex {
  places: readonly Place[];
  indexOf: ReadonlyMap<string, number>;
  /** place index → indices of the places sharing a boundary */
  neighbours: readonly (readonly number[])[];
  /** utla code → place indices */
  byUtla: ReadonlyMap<string, readonly number[]>;
  /** region code → place indices */
  byRegion: ReadonlyMap<string, readonly number[]>;
  regions: readonly string[];
  /** running total of weights, for weighted picks */
  cumulative: Float64Array;
}

const cache = new WeakMap<Reference, PlaceIndex>();

/** A short, sentence-friendly name: "Kingston upon Hull, City of" → "Kingston upon Hull". */
export function shortPlaceName(name: string): string {
  return name.replace(/,\s*(City|County) of$/i, '').trim();
}

/** The current English LADs of the Reference, sorted by code (memoised per Reference). */
export function placeIndex(reference: Reference): PlaceIndex {
  const cached = cache.get(reference);
  if (cached) return cached;
  const geo = reference.geography;
  const regionCodes = new Set<string>();
  for (const area of geo.all()) if (area.level === 'region' && area.nation === ENGLAND) regionCodes.add(area.code);
  // LADs that regions list as members are the current ones; historic codes are not members of anything.
  const ladCodes = new Set<string>();
  for (const region of regionCodes) {
    for (const lad of geo.lads(region)) {
      const area = geo.get(lad);
      if (area && area.level === 'lad' && /^E0[6-9]/.test(lad)) ladCodes.add(lad);
    }
  }
  if (ladCodes.size === 0) throw new Error('demo/places: the reference holds no English local authorities');
  const codes = [...ladCodes].sort();
  const places: Place[] = codes.map((code) => {
    const area = geo.get(code)!;
    return {
      code,
      name: shortPlaceName(area.name),
      utla: area.utla ?? code,
      region: area.region ?? geo.regionOf(code) ?? ENGLAND,
      weight: POPULATION_OVERRIDES[code] ?? TYPE_WEIGHT[code.slice(0, 3)] ?? 150,
    };
  });
  const indexOf = new Map(codes.map((code, i) => [code, i]));
  const neighbours = codes.map((code) =>
    geo
      .neighbours(code)
      .map((n) => indexOf.get(n))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b),
  );
  const byUtla = new Map<string, number[]>();
  const byRegion = new Map<string, number[]>();
  places.forEach((p, i) => {
    if (!byUtla.has(p.utla)) byUtla.set(p.utla, []);
    byUtla.get(p.utla)!.push(i);
    if (!byRegion.has(p.region)) byRegion.set(p.region, []);
    byRegion.get(p.region)!.push(i);
  });
  const cumulative = new Float64Array(places.length);
  let total = 0;
  places.forEach((p, i) => {
    total += p.weight;
    cumulative[i] = total;
  });
  const index: PlaceIndex = {
    places,
    indexOf,
    neighbours,
    byUtla,
    byRegion,
    regions: [...byRegion.keys()].sort(),
    cumulative,
  };
  cache.set(reference, index);
  return index;
}

/** A place index drawn with probability proportional to its population weight. */
export function pickPlace(index: PlaceIndex, rng: Rng): number {
  const cum = index.cumulative;
  const r = rng.next() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How far an organisation's work reaches. */
export type Reach = 'local' | 'county' | 'regional' | 'national';

/**
 * The GSS codes an organisation works in, from its home place and reach: local → the home LAD and perhaps a
 * neighbour; county → every LAD of the upper-tier authority; regional → those plus the region (E12);
 * national → the home LAD and every English region.
 */
export function areasFor(index: PlaceIndex, home: number, reach: Reach, rng: Rng): string[] {
  const place = index.places[home];
  const codes = new Set<string>([place.code]);
  if (reach === 'local') {
    const nb = index.neighbours[home];
    if (nb.length > 0 && rng.chance(0.35)) codes.add(index.places[rng.pick(nb)].code);
  } else if (reach === 'county' || reach === 'regional') {
    for (const i of index.byUtla.get(place.utla) ?? []) codes.add(index.places[i].code);
    if (reach === 'regional') codes.add(place.region);
  } else {
    for (const region of index.regions) codes.add(region);
  }
  return [...codes];
}
