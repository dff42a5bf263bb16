import type { Organisation } from '../organisations/schema.ts';
import type { Reference, Sector } from '../reference/types.ts';

/**
 * An organisation prepared for scoring: its services and places expanded once through the CPV hierarchy and
 * the geography, so each factor is a few set look-ups. Profiles are cached per organisation object.
 */
export interface OrgProfile {
  org: Organisation;
  services: ReadonlySet<string>;
  /** every service code and all of its ancestors */
  serviceLineage: ReadonlySet<string>;
  /** CPV classes (level 3 ancestors, or the code itself when broader) the organisation works in */
  serviceClasses: ReadonlySet<string>;
  sectors: ReadonlySet<Sector>;
  /** lower-tier authorities covered by any declared area */
  lads: ReadonlySet<string>;
  /** LADs covered by areas declared at authority level (LAD or upper tier): where it is rooted */
  localLads: ReadonlySet<string>;
  /** ids of organisations it has partnered with, and the records by partner */
  partners: ReadonlyMap<string, Organisation['partnerships']>;
}

const cache = new WeakMap<Organisation, OrgProfile>();

export function profileOf(org: Organisation, ref: Reference): OrgProfile {
  const cached = cache.get(org);
  if (cached) return cached;
  const profile = buildProfile(org, ref);
  cache.set(org, profile);
  return profile;
}

function buildProfile(org: Organisation, ref: Reference): OrgProfile {
  const { cpv, geography } = ref;
  const services = new Set(org.services);
  const serviceLineage = new Set<string>();
  const serviceClasses = new Set<string>();
  const sectors = new Set<Sector>();
  for (const code of services) {
    const lineage = cpv.lineage(code);
    for (const c of lineage) serviceLineage.add(c);
    serviceClasses.add(classOf(code, ref));
    sectors.add(cpv.sectorOf(code));
  }
  const lads = new Set<string>();
  const localLads = new Set<string>();
  for (const area of org.areas) {
    const level = geography.get(area)?.level;
    const local = level === 'lad' || level === 'utla';
    for (const lad of geography.lads(area)) {
      lads.add(lad);
      if (local) localLads.add(lad);
    }
  }
  const partners = new Map<string, Organisation['partnerships']>();
  for (const p of org.partnerships) {
    const list = partners.get(p.partnerId);
    if (list) list.push(p);
    else partners.set(p.partnerId, [p]);
  }
  return { org, services, serviceLineage, serviceClasses, sectors, lads, localLads, partners };
}

/** The CPV class (level 3) a code belongs to, or the code itself when it is a division or group. */
export function classOf(code: string, ref: Reference): string {
  const lineage = ref.cpv.lineage(code);
  for (const c of lineage) if (ref.cpv.get(c)?.level === 3) return c;
  return code;
}

/**
 * Does the organisation deliver `required`? Yes when it declares that code or a more specific one, or a
 * broader code at class level or below (85310000 covers 85311300; the whole 85000000 division does not).
 */
export function covers(profile: OrgProfile, required: string, ref: Reference): boolean {
  if (profile.serviceLineage.has(required)) return true;
  for (const ancestor of ref.cpv.lineage(required)) {
    if (ancestor !== required && profile.services.has(ancestor) && (ref.cpv.get(ancestor)?.level ?? 0) >= 3) return true;
  }
  return false;
}
