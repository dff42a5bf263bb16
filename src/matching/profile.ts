import type { Source } from '../organisations/provenance.ts';
import { OrgValue, type CommercialMaturity, type Governance, type Organisation, type SpareCapacity } from '../organisations/schema.ts';
import type { Reference, Sector } from '../reference/types.ts';
import { isVcse } from '../organisations/vcse.ts';
import { placeTermsOf, type PlaceTerm } from './places.ts';
import { MATCH_DEFAULTS } from './settings.ts';

/**
 * An organisation prepared for scoring: its services expanded once through the CPV hierarchy and its
 * declared areas reduced to the outermost ones, so each factor is a few set or map look-ups. The full
 * list of local authorities is computed only when something asks for it. Cached per organisation object; the parts
 * derived from its services or its places alone are shared by every organisation with the same ones (memory at a
 * million organisations, issue 18).
 *
 * Scoring reads the scalars it needs from here, not from `org`: organisation records differ in which optional
 * fields they carry, so V8 gives them many shapes and every `org.x` in the hot path is a slow megamorphic
 * look-up, where every profile has the same shape. Sentences may read `org`.
 */
export interface OrgProfile {
  org: Organisation;
  id: string;
  openToPartnering: boolean;
  /** a VCSE (src/organisations/vcse.ts) */
  vcse: boolean;
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
  /** its areas weighed by evidence (places.ts), outermost first; and the same as parallel arrays for the hot path */
  places: readonly PlaceTerm[];
  placeCodes: readonly string[];
  placeIncrements: Float64Array;
  placeStrengths: Float64Array;
  /** local authorities where its presence is at least MATCH_DEFAULTS.places.present (computed on first use) */
  readonly presentLads: ReadonlySet<string>;
  /** where it works for general fit: presentLads, or every authority of its areas when it is present nowhere */
  readonly footprint: ReadonlySet<string>;
  /** partnership records by partner id (built on first use: consortia read it, matching does not) */
  readonly partners: ReadonlyMap<string, Organisation['partnerships']>;
  /** declared values as a bit set (bit i = OrgValue.options[i]) */
  valueMask: number;
  /**
   * the sources of its service codes (`org.provenance.services`), undefined when it records none: complementarity
   * weighs a filled gap by them, and reading them through `org` cost a cold, megamorphic look-up per candidate
   */
  serviceSources: Readonly<Record<string, Source>> | undefined;
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
const NO_PARTNERS: ReadonlyMap<string, Organisation['partnerships']> = new Map();
const SPEED = { days: 0, weeks: 1, months: 2 } as const;

const preparers = new WeakMap<Reference, (org: Organisation) => OrgProfile>();

/**
 * The profile builder stores keep profiles with (Store.findPreparedCandidates, src/store/prepared.ts): one function
 * per reference, so a store recognises what it already prepared. It builds without profileOf's cache: the store
 * holds the profile, and a million-entry WeakMap would slow every major garbage collection.
 */
export function prepareForMatching(ref: Reference): (org: Organisation) => OrgProfile {
  let prepare = preparers.get(ref);
  if (!prepare) preparers.set(ref, (prepare = (org) => new Profile(org, ref)));
  return prepare;
}

/**
 * What a profile derives from the organisation's services alone. Organisations listing the same services share one
 * (a thousand or so combinations at 100,000 organisations): held once, these sets are most of a profile's memory.
 */
interface ServiceParts {
  services: ReadonlySet<string>;
  serviceLineage: ReadonlySet<string>;
  serviceClasses: ReadonlySet<string>;
  serviceClassList: readonly string[];
  sectors: ReadonlySet<Sector>;
}

/** What a profile derives from its place terms; shared by organisations with equal terms (ten thousand or so at 100,000). */
class PlaceParts {
  readonly placeCodes: readonly string[];
  readonly placeIncrements: Float64Array;
  readonly placeStrengths: Float64Array;
  private presentSet?: ReadonlySet<string>;
  private footprintSet?: ReadonlySet<string>;

  constructor(
    readonly places: readonly PlaceTerm[],
    private readonly ref: Reference,
  ) {
    this.placeCodes = places.map((t) => t.code);
    this.placeIncrements = Float64Array.from(places, (t) => t.increment);
    this.placeStrengths = Float64Array.from(places, (t) => t.strength);
  }

  get presentLads(): ReadonlySet<string> {
    return (this.presentSet ??= this.expand(this.places.filter((t) => t.strength >= MATCH_DEFAULTS.places.present).map((t) => t.code)));
  }

  get footprint(): ReadonlySet<string> {
    return (this.footprintSet ??= this.presentLads.size > 0 ? this.presentLads : this.expand(this.placeCodes));
  }

  private expand(areas: readonly string[]): ReadonlySet<string> {
    const out = new Set<string>();
    for (const area of areas) for (const lad of this.ref.geography.lads(area)) out.add(lad);
    return out;
  }
}

/**
 * The shared parts, per reference (their contents depend on it), by key. They are immutable and only ever added: a
 * combination no organisation lists any more stays until the process ends, which costs little next to one set per
 * organisation.
 */
const sharedParts = new WeakMap<Reference, { services: Map<string, ServiceParts>; places: Map<string, PlaceParts> }>();

function partsOf(ref: Reference) {
  let parts = sharedParts.get(ref);
  if (!parts) sharedParts.set(ref, (parts = { services: new Map(), places: new Map() }));
  return parts;
}

function serviceParts(codes: readonly string[], ref: Reference): ServiceParts {
  const shared = partsOf(ref).services;
  const key = codes.join(',');
  let parts = shared.get(key);
  if (!parts) {
    const { cpv } = ref;
    const lineage = new Set<string>();
    const classes = new Set<string>();
    const sectors = new Set<Sector>();
    for (const code of codes) {
      for (const c of cpv.lineage(code)) lineage.add(c);
      classes.add(classOf(code, ref));
      sectors.add(cpv.sectorOf(code));
    }
    parts = { services: new Set(codes), serviceLineage: lineage, serviceClasses: classes, serviceClassList: [...classes], sectors };
    shared.set(key, parts);
  }
  return parts;
}

function placeParts(org: Organisation, ref: Reference): PlaceParts {
  const places = placeTermsOf(org, ref);
  const shared = partsOf(ref).places;
  const key = JSON.stringify(places);
  let parts = shared.get(key);
  if (!parts) shared.set(key, (parts = new PlaceParts(places, ref)));
  return parts;
}

class Profile implements OrgProfile {
  // Declared roughly in the order the ranking loop reads them (V8 lays fields out in declaration order), so
  // the scalars the eligibility filter and the cheap factors need sit together. The code- and place-derived fields
  // point into parts shared with every organisation that has the same ones (serviceParts, placeParts).
  readonly openToPartnering: boolean;
  readonly id: string;
  readonly vcse: boolean;
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
  readonly places: readonly PlaceTerm[];
  readonly placeCodes: readonly string[];
  readonly placeIncrements: Float64Array;
  readonly placeStrengths: Float64Array;
  readonly serviceClasses: ReadonlySet<string>;
  readonly serviceClassList: readonly string[];
  readonly sectors: ReadonlySet<Sector>;
  readonly serviceSources: Readonly<Record<string, Source>> | undefined;
  private readonly placeParts: PlaceParts;
  private partnerMap: ReadonlyMap<string, Organisation['partnerships']> | undefined;

  constructor(
    readonly org: Organisation,
    ref: Reference,
  ) {
    this.id = org.id;
    this.openToPartnering = org.openToPartnering;
    this.vcse = isVcse(org);
    const avoids = org.private?.doNotPartnerWith ?? [];
    this.avoids = avoids.length > 0 ? new Set(avoids) : NO_ONE;
    this.turnoverGbp = org.annualTurnoverGbp;
    this.foundedYear = org.foundedYear;
    this.largestContractShare = org.largestContractShare;
    this.spareCapacity = org.spareCapacity;
    this.decisionSpeed = SPEED[org.waysOfWorking.decisionSpeed];
    this.governance = org.waysOfWorking.governance;
    this.commercialMaturity = org.waysOfWorking.commercialMaturity;
    const services = serviceParts(org.services, ref);
    this.services = services.services;
    this.serviceLineage = services.serviceLineage;
    this.serviceClasses = services.serviceClasses;
    this.serviceClassList = services.serviceClassList;
    this.sectors = services.sectors;
    const places = (this.placeParts = placeParts(org, ref));
    this.places = places.places;
    this.placeCodes = places.placeCodes;
    this.placeIncrements = places.placeIncrements;
    this.placeStrengths = places.placeStrengths;
    this.partnerMap = org.partnerships.length > 0 ? undefined : NO_PARTNERS;
    this.valueMask = valueMask(org.values);
    this.serviceSources = org.provenance?.services;
  }

  get presentLads(): ReadonlySet<string> {
    return this.placeParts.presentLads;
  }

  get footprint(): ReadonlySet<string> {
    return this.placeParts.footprint;
  }

  /**
   * Built on first use (issue 18): built up front for every organisation with partnerships, profiles took 701 bytes
   * an organisation at 100,000 (`npm run bench:memory`); 532 without.
   */
  get partners(): ReadonlyMap<string, Organisation['partnerships']> {
    return (this.partnerMap ??= partnersOf(this.org.partnerships));
  }
}

function partnersOf(partnerships: Organisation['partnerships']): ReadonlyMap<string, Organisation['partnerships']> {
  const partners = new Map<string, Organisation['partnerships']>();
  for (const p of partnerships) {
    const list = partners.get(p.partnerId);
    if (list) list.push(p);
    else partners.set(p.partnerId, [p]);
  }
  return partners;
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

export interface ServiceCover {
  /** 1 the code itself (or, for a division- or group-level requirement, anything within it); broaderShare through a
   * broader code at class level or below; 0 otherwise — a narrower code does not cover its broader parent */
  share: number;
  /** the organisation's code that gives it */
  via?: string;
}

const NONE: ServiceCover = { share: 0 };

/**
 * How far the organisation delivers `required` (see ServiceCover). A provider registered at 85312000 partly
 * covers a required 85312320; a provider of 85311200 does not cover a required 85311000, its parent; a provider of
 * anything in 85300000 covers a requirement that names only that group ("something within").
 */
export function coverage(profile: OrgProfile, required: string, ref: Reference): ServiceCover {
  if (profile.services.has(required)) return { share: 1, via: required };
  const info = codeInfo(required, ref);
  if (info.broad) {
    if (!profile.serviceLineage.has(required)) return NONE;
    for (const code of profile.services) if (ref.cpv.isWithin(code, required)) return { share: 1, via: code };
    return NONE;
  }
  const broader = info.broader;
  for (let i = 0; i < broader.length; i++)
    if (profile.services.has(broader[i])) return { share: MATCH_DEFAULTS.services.broaderShare, via: broader[i] };
  return NONE;
}

/** The share alone, for the hot path (allocates nothing). */
export function coverageShare(profile: OrgProfile, required: string, ref: Reference): number {
  if (profile.services.has(required)) return 1;
  const info = codeInfo(required, ref);
  if (info.broad) return profile.serviceLineage.has(required) ? 1 : 0;
  const broader = info.broader;
  for (let i = 0; i < broader.length; i++) if (profile.services.has(broader[i])) return MATCH_DEFAULTS.services.broaderShare;
  return 0;
}

/** Does the organisation fully deliver `required`? */
export function covers(profile: OrgProfile, required: string, ref: Reference): boolean {
  return coverageShare(profile, required, ref) === 1;
}

/** How much the source of the organisation's own `code` counts (MATCH_DEFAULTS.evidence). */
export function serviceEvidence(profile: OrgProfile, code: string | undefined): number {
  const sources = profile.serviceSources;
  const kind = (code !== undefined ? sources?.[code]?.kind : undefined) ?? 'declared';
  return MATCH_DEFAULTS.evidence[kind];
}

interface CodeInfo {
  /** a division or group: a requirement means "something within" */
  broad: boolean;
  /** ancestors at class level or below, which partly cover it when declared */
  broader: readonly string[];
}

const infoCache = new WeakMap<Reference, Map<string, CodeInfo>>();

function codeInfo(code: string, ref: Reference): CodeInfo {
  let cache = infoCache.get(ref);
  if (!cache) infoCache.set(ref, (cache = new Map<string, CodeInfo>()));
  let out = cache.get(code);
  if (!out) {
    out = {
      broad: (ref.cpv.get(code)?.level ?? 5) <= 2,
      broader: ref.cpv.lineage(code).filter((a) => a !== code && (ref.cpv.get(a)?.level ?? 0) >= 3),
    };
    cache.set(code, out);
  }
  return out;
}
