/**
 * Area arithmetic without expanding every organisation to its local authorities. An organisation declares
 * a few areas at any level (a district, a county, a region, England); a request's places are a set of
 * local authorities (LADs). Counting, for every code that contains one of those LADs, how many of them
 * it contains lets "how many of the tender's LADs does this candidate cover?" be answered with one map
 * look-up per declared area — the hot path of matching and of the nightly refresh.
 */
import type { Reference } from '../reference/types.ts';

/** K-codes containing a nation, by the nation's first letter: United Kingdom, Great Britain, England and Wales. */
const COUNTRY_GROUPS: Record<string, readonly string[]> = {
  E: ['K02000001', 'K03000001', 'K04000001'],
  W: ['K02000001', 'K03000001', 'K04000001'],
  S: ['K02000001', 'K03000001'],
  N: ['K02000001'],
};

const containerCache = new WeakMap<Reference, Map<string, readonly string[]>>();

/** The code itself and every area containing it: upper tier, combined authority, region, nation, K-groups. */
export function selfAndContainers(code: string, ref: Reference): readonly string[] {
  let cache = containerCache.get(ref);
  if (!cache) containerCache.set(ref, (cache = new Map<string, readonly string[]>()));
  const hit = cache.get(code);
  if (hit) return hit;
  const out = new Set<string>([code]);
  const area = ref.geography.get(code);
  if (area) {
    for (const c of [area.utla, area.cauth, area.region, area.nation]) if (c) out.add(c);
    for (const group of COUNTRY_GROUPS[area.nation[0]] ?? []) out.add(group);
  }
  const list = [...out];
  cache.set(code, list);
  return list;
}

/** For each code containing at least one of `lads`: how many of them it contains. */
export type AreaCounts = ReadonlyMap<string, number>;

export function countByContainer(lads: Iterable<string>, ref: Reference): AreaCounts {
  const counts = new Map<string, number>();
  for (const lad of lads) for (const c of selfAndContainers(lad, ref)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/**
 * How many of the counted LADs an organisation's declared areas cover. Declared areas are deduplicated
 * by containment when the profile is built (see profile.ts), so they do not double count.
 */
export function coveredCount(declared: readonly string[], counts: AreaCounts): number {
  let n = 0;
  for (let i = 0; i < declared.length; i++) n += counts.get(declared[i]) ?? 0;
  return n;
}

/**
 * The members of `lads` inside one of the declared areas, without expanding those (a candidate that declared
 * England would otherwise become 296 authorities to intersect with a handful). For the sentences.
 */
export function ladsWithin(declared: readonly string[], lads: Iterable<string>, ref: Reference): string[] {
  const out: string[] = [];
  for (const lad of lads) if (selfAndContainers(lad, ref).some((c) => declared.includes(c))) out.push(lad);
  return out;
}

/** Declared areas minus any that another declared area contains (Exeter is dropped when Devon is declared). */
export function outermostAreas(codes: Iterable<string>, ref: Reference): string[] {
  const set = new Set<string>();
  for (const code of codes) set.add(ref.geography.canonical(code) ?? code);
  return [...set].filter((code) => !selfAndContainers(code, ref).some((c) => c !== code && set.has(c)));
}
