import { OrgValue, type CommercialMaturity, type Governance, type Organisation, type SpareCapacity } from '../organisations/schema.ts';
import type { Reference, Sector } from '../reference/types.ts';
import { outermostAreas } from './areas.ts';

/**
 * An organisation prepared for scoring: its services expanded once through the CPV hierarchy and its
 * declared areas reduced to the outermost ones, so each factor is a few set or map look-ups. The full
 * list of local authorities is computed only when something asks for it. Cached per organisation object.
 *
 * Scoring reads the scalars it needs from here, not from `org`: organisation records differ in which optional
 * fields they carry, so V8 gives them many shapes and every `org.x` in the hot path is a slow megamorphic
 * look-up, where every profile has the same shape. Sentences may read `org`.
 */
export interface OrgProfile {
  org: Organisation;
  id: string;
  openToPartnering: boolean;
  /** the organisation's own do-not-partner list (private) */
  avoids: ReadonlySet<string>;
  turnoverGbp: number | undefined;
  foundedYear: number | undefined;
  largestContractShare: number | undefined;
  spareCapacity: SpareCapacity;
  /** decision speed as 0 days, 1 weeks, 2 months */
  decisionSpeed: number;
  governance: Governance;
  commercialMaturity: CommercialMaturity;
  services: ReadonlySet<string>;
  /** every service code and all of its ancestors */
  serviceLineage: ReadonlySet<string>;
  /** CPV classes (level 3 ancestors, or the code itself when broader) the organisation works in */
  serviceClasses: ReadonlySet<string>;
  /** the same, as an array (iterating an array in the hot path allocates nothing) */
  serviceClassList: readonly string[];
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

const NO_ONE: ReadonlySet<string> = new Set();
const SPEED = { days: 0, weeks: 1, months: 2 } as const;

/** Builds (and caches) an organisation's profile ahead of the first match that meets it; for stores to call on write. */
export function prepareForMatching(ref: Reference): (org: Organisation) => void {
  return (org) => void profileOf(org, ref);
}

class Profile implements OrgProfile {
  // Declared roughly in the order the ranking loop reads them (V8 lays fields out in declaration order), so
  // the scalars the eligibility filter and the cheap factors need sit together.
  readonly openToPartnering: boolean;
  readonly id: string;
  readonly avoids: ReadonlySet<string>;
  readonly valueMask: number;
  readonly spareCapacity: SpareCapacity;
  readonly turnoverGbp: number | undefined;
  readonly foundedYear: number | undefined;
  readonly largestContractShare: number | undefined;
  readonly decisionSpeed: number;
  readonly governance: Governance;
  readonly commercialMaturity: CommercialMaturity;
  readonly serviceLineage: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly areas: readonly string[];
  readonly localAreas: readonly string[];
  readonly serviceClasses: ReadonlySet<string>;
  readonly serviceClassList: readonly string[];
  readonly partners: ReadonlyMap<string, Organisation['partnerships']>;
  readonly sectors: ReadonlySet<Sector>;
  private ladSet?: ReadonlySet<string>;
  private localLadSet?: ReadonlySet<string>;

  constructor(
    readonly org: Organisation,
    private readonly ref: Reference,
  ) {
    const { cpv, geography } = ref;
    this.id = org.id;
    this.openToPartnering = org.openToPartnering;
    const avoids = org.private?.doNotPartnerWith ?? [];
    this.avoids = avoids.length > 0 ? new Set(avoids) : NO_ONE;
    this.turnoverGbp = org.annualTurnoverGbp;
    this.foundedYear = org.foundedYear;
    this.largestContractShare = org.largestContractShare;
    this.spareCapacity = org.spareCapacity;
    this.decisionSpeed = SPEED[org.waysOfWorking.decisionSpeed];
    this.governance = org.waysOfWorking.governance;
    this.commercialMaturity = org.waysOfWorking.commercialMaturity;
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
    this.serviceClassList = [...classes];
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
  const broader = broaderCovering(required, ref);
  for (let i = 0; i < broader.length; i++) if (profile.services.has(broader[i])) return true;
  return false;
}

const broaderCache = new WeakMap<Reference, Map<string, readonly string[]>>();

/** The ancestors of `code` at class level or below, which cover it when declared (memoised per code). */
function broaderCovering(code: string, ref: Reference): readonly string[] {
  let cache = broaderCache.get(ref);
  if (!cache) broaderCache.set(ref, (cache = new Map<string, readonly string[]>()));
  let out = cache.get(code);
  if (!out) cache.set(code, (out = ref.cpv.lineage(code).filter((a) => a !== code && (ref.cpv.get(a)?.level ?? 0) >= 3)));
  return out;
}
