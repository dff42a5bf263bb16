/**
 * Synthetic attributes of an organisation, drawn per kind: size (turnover and staff, log-normal and
 * consistent with each other), founding year, legal form, values, ways of working, capacity, services.
 * All numbers are synthetic; the shapes follow docs/domain.md (mutuals: 1–1,500+ staff, £200k–£100m+ turnover,
 * just over half in health and social care).
 */
import {
  OrgValue,
  type CommercialMaturity,
  type DecisionSpeed,
  type Governance,
  type LegalForm,
  type OrganisationKind,
  type SpareCapacity,
  type WaysOfWorking,
} from '../organisations/schema.ts';
import type { Sector } from '../reference/types.ts';
import type { Rng } from './prng.ts';
import { PROFILES_BY_SECTOR, codesForProfiles, type ServiceProfile } from './services.ts';
import type { Reach } from './places.ts';

interface KindProfile {
  /** median annual turnover, GBP, and the sigma of its natural log */
  turnoverMedian: number;
  turnoverSigma: number;
  turnoverMin: number;
  turnoverMax: number;
  /** turnover per member of staff, GBP (median) */
  turnoverPerStaff: number;
  staffMax: number;
  sectors: Readonly<Record<Sector, number>>;
  legalForms: Readonly<Partial<Record<LegalForm, number>>>;
  reach: Readonly<Record<Reach, number>>;
  foundedFrom: number;
  foundedTo: number;
  openToPartnering: number;
}

/** Distributions per kind: data, not code (tune here). */
export const KIND_PROFILES: Readonly<Record<OrganisationKind, KindProfile>> = {
  public_service_mutual: {
    turnoverMedian: 4_500_000,
    turnoverSigma: 1.25,
    turnoverMin: 200_000,
    turnoverMax: 150_000_000,
    turnoverPerStaff: 42_000,
    staffMax: 2_000,
    sectors: { health: 31, social_care: 24, children_young_people: 13, education: 6, culture_leisure: 12, other: 14 },
    legalForms: {
      cic: 45,
      company_limited_by_guarantee: 22,
      community_benefit_society: 18,
      charity_cio: 5,
      company_limited_by_shares: 5,
      cooperative_society: 5,
    },
    reach: { local: 10, county: 60, regional: 27, national: 3 },
    foundedFrom: 2007,
    foundedTo: 2019,
    openToPartnering: 1,
  },
  charity: {
    turnoverMedian: 320_000,
    turnoverSigma: 1.5,
    turnoverMin: 5_000,
    turnoverMax: 300_000_000,
    turnoverPerStaff: 36_000,
    staffMax: 10_000,
    sectors: { health: 12, social_care: 36, children_young_people: 18, education: 7, culture_leisure: 8, other: 19 },
    legalForms: { company_limited_by_guarantee: 42, charity_cio: 30, charitable_trust: 20, unincorporated_association: 8 },
    reach: { local: 55, county: 20, regional: 15, national: 10 },
    foundedFrom: 1900,
    foundedTo: 2021,
    openToPartnering: 0.88,
  },
  social_enterprise: {
    turnoverMedian: 260_000,
    turnoverSigma: 1.4,
    turnoverMin: 5_000,
    turnoverMax: 80_000_000,
    turnoverPerStaff: 40_000,
    staffMax: 3_000,
    sectors: { health: 10, social_care: 18, children_young_people: 12, education: 12, culture_leisure: 18, other: 30 },
    legalForms: { cic: 60, company_limited_by_guarantee: 30, company_limited_by_shares: 10 },
    reach: { local: 60, county: 22, regional: 13, national: 5 },
    foundedFrom: 2005,
    foundedTo: 2022,
    openToPartnering: 0.9,
  },
  cooperative: {
    turnoverMedian: 200_000,
    turnoverSigma: 1.3,
    turnoverMin: 5_000,
    turnoverMax: 50_000_000,
    turnoverPerStaff: 45_000,
    staffMax: 2_000,
    sectors: { health: 5, social_care: 10, children_young_people: 5, education: 10, culture_leisure: 25, other: 45 },
    legalForms: { community_benefit_society: 70, cooperative_society: 30 },
    reach: { local: 75, county: 15, regional: 8, national: 2 },
    foundedFrom: 1990,
    foundedTo: 2022,
    openToPartnering: 0.85,
  },
  nhs_body: {
    turnoverMedian: 420_000_000,
    turnoverSigma: 0.6,
    turnoverMin: 60_000_000,
    turnoverMax: 3_000_000_000,
    turnoverPerStaff: 62_000,
    staffMax: 30_000,
    sectors: { health: 100, social_care: 0, children_young_people: 0, education: 0, culture_leisure: 0, other: 0 },
    legalForms: { nhs_foundation_trust: 70, nhs_trust: 30 },
    reach: { local: 0, county: 70, regional: 30, national: 0 },
    foundedFrom: 1991,
    foundedTo: 2020,
    openToPartnering: 0.95,
  },
  private_provider: {
    turnoverMedian: 3_000_000,
    turnoverSigma: 1.5,
    turnoverMin: 50_000,
    turnoverMax: 2_000_000_000,
    turnoverPerStaff: 38_000,
    staffMax: 50_000,
    sectors: { health: 30, social_care: 45, children_young_people: 12, education: 5, culture_leisure: 0, other: 8 },
    legalForms: { company_limited_by_shares: 90, llp: 5, other: 5 },
    reach: { local: 35, county: 30, regional: 25, national: 10 },
    foundedFrom: 1980,
    foundedTo: 2022,
    openToPartnering: 0.8,
  },
  local_authority: {
    turnoverMedian: 500_000_000,
    turnoverSigma: 0.6,
    turnoverMin: 20_000_000,
    turnoverMax: 4_000_000_000,
    turnoverPerStaff: 50_000,
    staffMax: 40_000,
    sectors: { health: 5, social_care: 40, children_young_people: 25, education: 15, culture_leisure: 10, other: 5 },
    legalForms: { local_authority: 100 },
    reach: { local: 0, county: 100, regional: 0, national: 0 },
    foundedFrom: 1974,
    foundedTo: 2023,
    openToPartnering: 0.6,
  },
};

/** Synthetic turnover (GBP, rounded to £1k) and staff consistent with it. `scale` multiplies the median. */
export function drawSize(rng: Rng, kind: OrganisationKind, scale = 1): { turnover: number; staff: number } {
  const p = KIND_PROFILES[kind];
  const raw = rng.logNormal(p.turnoverMedian * scale, p.turnoverSigma);
  const turnover = Math.round(Math.min(p.turnoverMax, Math.max(p.turnoverMin, raw)) / 1000) * 1000;
  return { turnover, staff: staffFor(rng, kind, turnover) };
}

/** Staff for a known turnover: turnover / (cost per head, log-normal ±25%), at least 1 above £40k. */
export function staffFor(rng: Rng, kind: OrganisationKind, turnover: number): number {
  const p = KIND_PROFILES[kind];
  const perHead = rng.logNormal(p.turnoverPerStaff, 0.25);
  const staff = Math.round(turnover / perHead);
  return Math.min(p.staffMax, Math.max(turnover >= 40_000 ? 1 : 0, staff));
}

export function drawFoundedYear(rng: Rng, kind: OrganisationKind): number {
  const p = KIND_PROFILES[kind];
  if (kind === 'public_service_mutual') {
    // Spin-outs peaked with Right to Request / Right to Provide, 2011–2014.
    return rng.chance(0.6) ? rng.int(2011, 2014) : rng.int(p.foundedFrom, p.foundedTo);
  }
  if (kind === 'charity') {
    // skewed recent: most registered charities are under 30 years old
    const u = rng.next();
    return Math.round(p.foundedTo - (p.foundedTo - p.foundedFrom) * u * u * u);
  }
  return rng.int(p.foundedFrom, p.foundedTo);
}

export function drawLegalForm(rng: Rng, kind: OrganisationKind): LegalForm {
  return rng.weighted(KIND_PROFILES[kind].legalForms as Record<LegalForm, number>);
}

export function drawReach(rng: Rng, kind: OrganisationKind, turnover?: number): Reach {
  const reach = rng.weighted(KIND_PROFILES[kind].reach);
  if (turnover !== undefined && turnover > 20_000_000 && reach === 'local') return 'county';
  return reach;
}

export function drawSector(rng: Rng, kind: OrganisationKind): Sector {
  return rng.weighted(KIND_PROFILES[kind].sectors);
}

/**
 * Services for a primary sector: one profile of the sector (2–4 of its codes), and for larger organisations a
 * second profile, often from a neighbouring sector (health with social care, CYP with education).
 */
export function drawServices(rng: Rng, sector: Sector, turnover: number): { profiles: ServiceProfile[]; codes: string[] } {
  const primary = rng.pick(PROFILES_BY_SECTOR[sector]);
  const profiles = [primary];
  const secondChance = turnover > 5_000_000 ? 0.75 : turnover > 500_000 ? 0.45 : 0.2;
  if (rng.chance(secondChance)) {
    const sector2 = rng.chance(0.55) ? sector : rng.pick(RELATED_SECTORS[sector]);
    const second = rng.pick(PROFILES_BY_SECTOR[sector2]);
    if (second !== primary) profiles.push(second);
  }
  const perProfile = turnover > 10_000_000 ? 3 : turnover > 1_000_000 ? 2 : rng.int(1, 2);
  return { profiles, codes: codesForProfiles(profiles, perProfile) };
}

const RELATED_SECTORS: Readonly<Record<Sector, readonly Sector[]>> = {
  health: ['social_care', 'social_care', 'children_young_people'],
  social_care: ['health', 'health', 'other'],
  children_young_people: ['education', 'social_care', 'culture_leisure'],
  education: ['children_young_people', 'other'],
  culture_leisure: ['education', 'health', 'children_young_people'],
  other: ['social_care', 'education'],
};

const VALUE_RATES: Readonly<Record<OrganisationKind, Readonly<Partial<Record<OrgValue, number>>>>> = {
  public_service_mutual: {
    social_value: 0.95,
    staff_ownership: 0.9,
    reinvests_surplus: 0.85,
    co_production: 0.55,
    living_wage: 0.5,
    local_employment: 0.4,
    open_book: 0.25,
    environmental: 0.2,
  },
  charity: {
    social_value: 0.9,
    reinvests_surplus: 0.8,
    co_production: 0.45,
    living_wage: 0.3,
    local_employment: 0.25,
    environmental: 0.15,
    open_book: 0.1,
  },
  social_enterprise: {
    social_value: 0.9,
    reinvests_surplus: 0.75,
    local_employment: 0.5,
    living_wage: 0.45,
    environmental: 0.3,
    co_production: 0.3,
    open_book: 0.15,
  },
  cooperative: {
    social_value: 0.85,
    reinvests_surplus: 0.7,
    local_employment: 0.6,
    co_production: 0.4,
    environmental: 0.35,
    living_wage: 0.35,
    staff_ownership: 0.15,
    open_book: 0.2,
  },
  nhs_body: { social_value: 0.7, living_wage: 0.6, environmental: 0.4, local_employment: 0.3, co_production: 0.25, open_book: 0.2 },
  private_provider: { living_wage: 0.3, open_book: 0.25, social_value: 0.35, environmental: 0.15, local_employment: 0.2 },
  local_authority: { social_value: 0.8, living_wage: 0.6, local_employment: 0.5, environmental: 0.5, co_production: 0.3 },
};

const ASSET_LOCKED: ReadonlySet<LegalForm> = new Set(['cic', 'charity_cio', 'charitable_trust', 'community_benefit_society']);

/** Values, in the enum's order. Asset-locked legal forms (CIC, charity, CBS) always hold `asset_lock`. */
const VALUE_RATE_ENTRIES = Object.fromEntries(
  Object.entries(VALUE_RATES).map(([kind, rates]) => [kind, Object.entries(rates) as Array<[OrgValue, number]>]),
) as Record<OrganisationKind, Array<[OrgValue, number]>>;

export function drawValues(rng: Rng, kind: OrganisationKind, legalForm: LegalForm): OrgValue[] {
  const held = new Set<OrgValue>();
  for (const [value, rate] of VALUE_RATE_ENTRIES[kind]) if (rng.chance(rate)) held.add(value);
  if (ASSET_LOCKED.has(legalForm) || (kind === 'charity' && rng.chance(0.8))) held.add('asset_lock');
  return VALUE_ORDER.filter((v) => held.has(v));
}

/** the schema's order, so a profile lists its values the same way whatever order they were drawn in */
const VALUE_ORDER: readonly OrgValue[] = OrgValue.options;

const SPEED_BY_STYLE: Readonly<
  Record<'public_body' | 'owner_managed' | 'member_led' | 'mutual' | 'board_led', Readonly<Record<DecisionSpeed, number>>>
> = {
  public_body: { days: 0.05, weeks: 0.35, months: 0.6 },
  owner_managed: { days: 0.6, weeks: 0.35, months: 0.05 },
  member_led: { days: 0.1, weeks: 0.5, months: 0.4 },
  mutual: { days: 0.35, weeks: 0.55, months: 0.1 },
  board_led: { days: 0.2, weeks: 0.55, months: 0.25 },
};

/** commercial maturity by size band; mutuals lean to experience (spun out of commissioning bodies) */
const MATURITY: Readonly<Record<'large' | 'medium' | 'small', Readonly<Record<CommercialMaturity, number>>>> = {
  large: { emerging: 0.02, established: 0.38, experienced: 0.6 },
  medium: { emerging: 0.15, established: 0.6, experienced: 0.25 },
  small: { emerging: 0.55, established: 0.4, experienced: 0.05 },
};
const MUTUAL_MATURITY: Readonly<Record<'large' | 'medium' | 'small', Readonly<Record<CommercialMaturity, number>>>> = {
  large: { emerging: 0.01, established: 0.38, experienced: 0.8 },
  medium: { emerging: 0.075, established: 0.6, experienced: 0.45 },
  small: { emerging: 0.275, established: 0.4, experienced: 0.25 },
};

export function drawWaysOfWorking(rng: Rng, kind: OrganisationKind, staff: number): WaysOfWorking {
  const governance: Governance =
    kind === 'public_service_mutual'
      ? rng.chance(0.85)
        ? 'staff_led'
        : 'board_led'
      : kind === 'cooperative'
        ? 'member_led'
        : kind === 'nhs_body' || kind === 'local_authority'
          ? 'public_body'
          : kind === 'private_provider'
            ? rng.chance(0.6)
              ? 'owner_managed'
              : 'board_led'
            : rng.chance(0.9)
              ? 'board_led'
              : 'member_led';
  const style =
    governance === 'public_body' || governance === 'owner_managed' || governance === 'member_led'
      ? governance
      : kind === 'public_service_mutual'
        ? 'mutual'
        : 'board_led';
  const band = staff >= 250 || kind === 'nhs_body' || kind === 'local_authority' ? 'large' : staff >= 20 ? 'medium' : 'small';
  const maturity = (kind === 'public_service_mutual' ? MUTUAL_MATURITY : MATURITY)[band];
  return { decisionSpeed: rng.weighted(SPEED_BY_STYLE[style]), governance, commercialMaturity: rng.weighted(maturity) };
}

const SPARE_CAPACITY: Readonly<Record<SpareCapacity, number>> = { none: 10, limited: 35, some: 40, significant: 15 };

export function drawSpareCapacity(rng: Rng): SpareCapacity {
  return rng.weighted(SPARE_CAPACITY);
}

/** Share of income from the largest single contract: high for spin-outs (their parent body's contract). */
const LARGEST_CONTRACT_SHARE: Readonly<Record<OrganisationKind, readonly [number, number] | undefined>> = {
  public_service_mutual: [0.35, 0.9],
  charity: [0.05, 0.6],
  social_enterprise: [0.1, 0.7],
  cooperative: [0.05, 0.5],
  private_provider: [0.05, 0.5],
  nhs_body: [0.3, 0.8],
  local_authority: undefined,
};

export function drawLargestContractShare(rng: Rng, kind: OrganisationKind): number | undefined {
  const r = LARGEST_CONTRACT_SHARE[kind];
  if (!r || rng.chance(0.3)) return undefined;
  return Math.round((r[0] + (r[1] - r[0]) * rng.next()) * 100) / 100;
}

export function drawOpenToPartnering(rng: Rng, kind: OrganisationKind): boolean {
  return rng.chance(KIND_PROFILES[kind].openToPartnering);
}
