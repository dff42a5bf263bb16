import { OrgValue, type Organisation } from '../organisations/schema.ts';
import type { Reference, Sector } from '../reference/types.ts';
import { outermostAreas } from './areas.ts';

/**
 * An organisation prepared for scoring: its services expanded once through the CPV hierarchy and its
 * declared areas reduced to the outermost ones, so each factor is a few set or map look-ups. The full
 * list of local authorities is computed only when something asks for it. Cached per organisation object.
 */
export interface OrgProfile {
  org: Organisation;
  services: ReadonlySet<string>;
  /** every service code and all of its ancestors */
  serviceLineage: ReadonlySet<string>;
  /** CPV classes (level 3 ancestors, or the code itself when broader) the organisation works in */
  serviceClasses: ReadonlySet<string>;
  sectors: ReadonlySet<Sector>;
  /** declared areas, current codes, none contained in another (see areas.ts) */
  areas: readonly string[];
  /** the subset declared at authority level (LAD or upper tier): where it is rooted */
  localAreas: readonly string[];
  /** lower-tier authorities covered by any declared area (computed on first use) */
  readonly lads: ReadonlySet<string>;
  /** LADs covered by areas declared at authority level (computed on first use) */
  readonly localLads: ReadonlySet<string>;
  /** partnership records by partner id */
  partners: ReadonlyMap<string, Organisation['partnerships']>;
  /** declared values as a bit set (bit i = OrgValue.options[i]) */
  valueMask: number;
}

const cache = new WeakMap<Organisation, OrgProfile>();

export function profileOf(org: Organisation, ref: Reference): OrgProfile {
  const cached = cache.get(org);
  if (cached) return cached;
  const profile = new Profile(org, ref);
  cache.set(org, profile);
  return profile;
}

class Profile implements OrgProfile {
  readonly services: ReadonlySet<string>;
  readonly serviceLineage: ReadonlySet<string>;
  readonly serviceClasses: ReadonlySet<string>;
  readonly sectors: ReadonlySet<Sector>;
  readonly areas: readonly string[];
  readonly localAreas: readonly string[];
  readonly partners: ReadonlyMap<string, Organisation['partnerships']>;
  readonly valueMask: number;
  private ladSet?: ReadonlySet<string>;
  private localLadSet?: ReadonlySet<string>;

  constructor(
    readonly org: Organisation,
    private readonly ref: Reference,
  ) {
    const { cpv, geography } = ref;
    this.services = new Set(org.services);
    const lineage = new Set<string>();
    const classes = new Set<string>();
    const sectors = new Set<Sector>();
    for (const code of org.services) {
      for (const c of cpv.lineage(code)) lineage.add(c);
      classes.add(classOf(code, ref));
      sectors.add(cpv.sectorOf(code));
    }
    this.serviceLineage = lineage;
    this.serviceClasses = classes;
    this.sectors = sectors;
    this.areas = outermostAreas(org.areas, ref);
    this.localAreas = this.areas.filter((code) => {
      const level = geography.get(code)?.level;
      return level === 'lad' || level === 'utla';
    });
    const partners = new Map<string, Organisation['partnerships']>();
    for (const p of org.partnerships) {
      const list = partners.get(p.partnerId);
      if (list) list.push(p);
      else partners.set(p.partnerId, [p]);
    }
    this.partners = partners;
    this.valueMask = valueMask(org.values);
  }

  get lads(): ReadonlySet<string> {
    return (this.ladSet ??= this.expand(this.areas));
  }

  get localLads(): ReadonlySet<string> {
    return (this.localLadSet ??= this.expand(this.localAreas));
  }

  private expand(areas: readonly string[]): ReadonlySet<string> {
    const out = new Set<string>();
    for (const area of areas) for (const lad of this.ref.geography.lads(area)) out.add(lad);
    return out;
  }
}

const VALUE_BIT = new Map(OrgValue.options.map((v, i) => [v, 1 << i]));

export function valueMask(values: readonly OrgValue[]): number {
  let mask = 0;
  for (const v of values) mask |= VALUE_BIT.get(v) ?? 0;
  return mask;
}

export function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
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
