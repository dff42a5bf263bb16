import { z } from 'zod';

/**
 * Scoring settings are data. Every factor score is in [0, 1] and higher is always better for the seeker
 * (competition 1 = no overlap with you, resilience 1 = robust). The total is the weighted mean of the factors
 * that apply to the request; weights are relative (they need not sum to 1).
 */
export const FACTORS = [
  'complementarity',
  'geography',
  'valueAlignment',
  'waysOfWorking',
  'trust',
  'capacity',
  'competition',
  'resilience',
  'tenderTerms',
] as const;
export type FactorName = (typeof FACTORS)[number];

export const DEFAULT_WEIGHTS: Readonly<Record<FactorName, number>> = Object.freeze({
  complementarity: 0.25,
  geography: 0.15,
  valueAlignment: 0.15,
  waysOfWorking: 0.1,
  trust: 0.15,
  capacity: 0.1,
  competition: 0.05,
  resilience: 0.05,
  tenderTerms: 0.1,
});

/**
 * Every matching setting, in one place (docs/matching.md explains each). Weights can be overridden per request;
 * the rest are the engine's documented rules.
 */
export const MATCH_DEFAULTS = Object.freeze({
  weights: DEFAULT_WEIGHTS,
  /** candidates returned when the caller gives no limit (API, CLI and benchmarks) */
  limit: 20,
  /** candidates scored at most per request (the store returns the most service-relevant first) */
  maxCandidates: 3000,
  /** days to the deadline at or under which trust weighs double; above `trustRelaxedDays` it weighs normally */
  trustUrgentDays: 30,
  trustRelaxedDays: 120,
  /** reasons shown per candidate, for and against */
  maxReasonsFor: 4,
  maxReasonsAgainst: 3,
  /**
   * How much a fact counts by where it came from (docs/evidence.md), 0–1: a register states it, the organisation
   * declares it, a rule inferred it, or it was made up for the demo.
   */
  evidence: Object.freeze({ register: 1, declared: 0.9, inferred: 0.7, synthetic: 0.6 }),
  /** Places (geography factor; consortium cells). Strengths are 0–1 per local authority of the tender. */
  places: Object.freeze({
    /** where the organisation is based (its baseArea contains the authority) */
    based: 1,
    /**
     * an authority-level area (LAD or upper tier) counts `authority` × the evidence weight of its source: below
     * `based`, so where an organisation is based outranks where it says it works
     */
    authority: 0.85,
    /** a wide claim (combined authority, region, nation, UK) counts at most this × plausibility × evidence */
    wideClaim: 0.5,
    /**
     * Plausible reach, in local authorities, from size: one authority per this many staff or per this much
     * annual turnover (GBP), whichever is more; at least `minReach`. A wide claim's plausibility is reach ÷ the
     * authorities the claimed area holds, at most 1 (a 5-staff, £300k charity: reach 1, so 1/15 of a region).
     */
    staffPerAuthority: 25,
    turnoverPerAuthorityGbp: 1_000_000,
    minReach: 1,
    /** share of the geography score for reaching tender authorities the seeker lacks (the rest: local presence) */
    reachShare: 0.6,
    /** presence next door to the tender area, relative to presence inside it */
    nextDoor: 0.3,
    /** presence (0–1) from which an organisation counts as working in an authority (seeker's gaps, consortium cells) */
    present: 0.5,
    /**
     * Presence (0–1) in or next to the tender area below which a candidate is not ranked at all: it lists the
     * area only inside a region or England that its size makes implausible (a 5-staff charity's nine regions).
     */
    credible: 0.1,
  }),
  /** Capacity (factors/capacity.ts): the parts' relative weights, and what share of the work a partner can carry. */
  capacity: Object.freeze({
    /** meeting the turnover threshold together */
    thresholdWeight: 0.7,
    /** room for new work (spareCapacity) */
    spareWeight: 0.3,
    /** carrying the part of the contract it would deliver */
    carryWeight: 0.5,
    /**
     * The most of its annual turnover an organisation can plausibly take on as new work in a year (0–1): the same
     * rule as the turnover threshold (a contract at most half a bidder's turnover, PCR 2015 reg. 58(9)), applied to
     * each partner's share. Consortia use it too (CONSORTIUM_DEFAULTS.maxShareOfTurnover).
     */
    maxShareOfTurnover: 0.5,
  }),
  /** Services (complementarity; consortium cells). */
  services: Object.freeze({
    /** a broader registered code (class level or below) covers this share of a narrower required code */
    broaderShare: 0.5,
  }),
  /** Trust (src/matching/trust-paths.ts); scores 0–1. */
  trust: Object.freeze({
    /** no history and no shared partner */
    stranger: 0.3,
    /** the most trust through shared partners can give (below a good shared history) */
    sharedMax: 0.6,
    /** a partnership of at least this quality is a good one, which can vouch for someone */
    goodPartnership: 0.5,
    /** taken off when a partner you worked well with had a partnership with them that went badly */
    friendWarning: 0.15,
  }),
});

/**
 * The factors that score every candidate (the others return no score when they do not apply: geography without a
 * tender area, capacity without a turnover, value alignment when neither side states values, tender terms when the
 * tender is neither reserved nor VCSE-suitable; see src/matching/factors/). A total is a weighted mean over the
 * factors that apply, so at least one of these must weigh something.
 */
export const ALWAYS_SCORED = [
  'complementarity',
  'waysOfWorking',
  'trust',
  'competition',
  'resilience',
] as const satisfies readonly FactorName[];

export const WeightsOverride = z
  .object(
    Object.fromEntries(FACTORS.map((f) => [f, z.number().min(0).max(100).optional()])) as Record<FactorName, z.ZodOptional<z.ZodNumber>>,
  )
  .strict()
  .refine((w) => ALWAYS_SCORED.some((f) => (w[f] ?? DEFAULT_WEIGHTS[f]) > 0), {
    message: `at least one of ${ALWAYS_SCORED.join(', ')} must weigh more than 0: the other factors do not apply to every candidate, so weights on them alone could make every total 0`,
  })
  .meta({ id: 'Weights', description: 'Relative factor weights; omitted factors keep their defaults' });
export type WeightsOverride = z.infer<typeof WeightsOverride>;

export function resolveWeights(override: WeightsOverride | undefined): Record<FactorName, number> {
  const weights = { ...DEFAULT_WEIGHTS };
  for (const factor of FACTORS) {
    const value = override?.[factor];
    if (value !== undefined) weights[factor] = value;
  }
  return weights;
}
