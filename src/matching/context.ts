import type { Reference } from '../reference/types.ts';
import type { VetoRule } from './vetoes.ts';
import type { Tender } from '../tenders/schema.ts';
import { contractYears, turnoverThresholdGbp } from '../tenders/schema.ts';
import { requiredServicesOf, type Refinement } from './required-services.ts';
import type { OrgProfile } from './profile.ts';
import { coverageShare, covers } from './profile.ts';
import { countByContainer, type AreaCounts } from './areas.ts';
import type { PartnershipGraph } from '../organisations/partnership-graph.ts';
import { MATCH_DEFAULTS, type FactorName } from './settings.ts';
import { trustFrom, type TrustFinding } from './trust-paths.ts';
import { ruleFor, type ReservationRule } from '../tenders/reserved-contracts.ts';

/**
 * Everything about one request that does not depend on the candidate, computed once: the seeker's gaps
 * against the tender, the tender's places, the turnover threshold and how urgent the deadline is.
 * Without a tender (the nightly general-fit refresh) the tender-specific parts are undefined.
 */
export interface MatchContext {
  ref: Reference;
  seeker: OrgProfile;
  tender?: Tender;
  /** CPV codes the tender requires, broad ones read through its words (required-services.ts) */
  required: readonly string[];
  /** broad codes and what the notice's words made of them */
  refinements: readonly Refinement[];
  /** required codes the seeker does not fully cover */
  serviceGaps: readonly string[];
  /** per service gap, how much of it is missing: 1, or 1 − broaderShare when the seeker covers it partly */
  serviceNeeds: Float64Array;
  /** Σ serviceNeeds */
  needTotal: number;
  /** LADs of the tender's delivery areas; empty when it states none */
  tenderLads: ReadonlySet<string>;
  /** tender LADs where the seeker is not present (based, or an authority-level area: places.ts) */
  areaGaps: ReadonlySet<string>;
  /** LADs next to the tender area (or, without a tender, next to the seeker) and outside it */
  adjacentLads: ReadonlySet<string>;
  /** per containing area code, how many tender LADs / area-gap LADs / adjacent LADs / LADs of the seeker's footprint it holds */
  tenderCounts: AreaCounts;
  gapCounts: AreaCounts;
  adjacentCounts: AreaCounts;
  seekerCounts: AreaCounts;
  thresholdGbp?: number;
  /** the tender's value a contract year (valueGbp ÷ contractYears), when it states a value: computed once, not per candidate */
  yearlyValueGbp?: number;
  /** whole days to the submission deadline, when known */
  daysToDeadline?: number;
  /** 0 (plenty of time) to 1 (deadline at or under trustUrgentDays) */
  urgency: number;
  weights: Record<FactorName, number>;
  now: Date;
  /** trust between the seeker and everyone within two steps of it in the partnership graph (others: strangers) */
  trust: ReadonlyMap<string, TrustFinding>;
  /** whose do-not-partner lists this ranking honours (vetoes.ts) */
  honoursVeto: VetoRule;
  /** the law on reserving the tender to mutuals, for its jurisdiction and date (src/tenders/reserved-contracts.ts) */
  reservation?: ReservationRule;
}

export interface ContextOptions {
  weights: Record<FactorName, number>;
  now: Date;
  /** the partnership graph around the seeker, at least two steps out (Store.partnershipsAround(…, 2)) */
  partnerships: PartnershipGraph;
  /** whose do-not-partner lists to honour (vetoes.ts): those the caller may read */
  vetoes: VetoRule;
  /**
   * When set, trust is computed toward these candidates only (trustFrom): the caller promises to score no one else,
   * since anyone else would read as a stranger.
   */
  trustToward?: ReadonlySet<string>;
}

export function buildContext(ref: Reference, seeker: OrgProfile, tender: Tender | undefined, options: ContextOptions): MatchContext {
  const { codes: required, refinements } = tender ? requiredServicesOf(tender, ref) : { codes: [], refinements: [] };
  const serviceGaps = required.filter((code) => !covers(seeker, code, ref));
  const serviceNeeds = Float64Array.from(serviceGaps, (code) => 1 - coverageShare(seeker, code, ref));
  const tenderLads = new Set<string>();
  for (const area of tender?.deliveryAreas ?? []) for (const lad of ref.geography.lads(area)) tenderLads.add(lad);
  const areaGaps = new Set([...tenderLads].filter((lad) => !seeker.presentLads.has(lad)));
  const around = tender ? tenderLads : seeker.footprint;
  const adjacentLads = new Set<string>();
  for (const lad of around) for (const n of ref.geography.neighbours(lad)) if (!around.has(n)) adjacentLads.add(n);

  let daysToDeadline: number | undefined;
  let urgency = 0;
  if (tender?.submissionDeadline) {
    daysToDeadline = Math.floor((Date.parse(tender.submissionDeadline) - options.now.getTime()) / 86_400_000);
    const span = MATCH_DEFAULTS.trustRelaxedDays - MATCH_DEFAULTS.trustUrgentDays;
    // A passed deadline is no reason to rush: the match is then preparation for the next round.
    if (daysToDeadline >= 0) urgency = Math.min(1, Math.max(0, (MATCH_DEFAULTS.trustRelaxedDays - daysToDeadline) / span));
  }
  return {
    ref,
    seeker,
    tender,
    required,
    refinements,
    serviceGaps,
    serviceNeeds,
    needTotal: serviceNeeds.reduce((a, b) => a + b, 0),
    tenderLads,
    areaGaps,
    adjacentLads,
    tenderCounts: countByContainer(tenderLads, ref),
    gapCounts: countByContainer(areaGaps, ref),
    adjacentCounts: countByContainer(adjacentLads, ref),
    seekerCounts: countByContainer(seeker.footprint, ref),
    thresholdGbp: tender ? turnoverThresholdGbp(tender) : undefined,
    yearlyValueGbp: tender?.valueGbp !== undefined ? tender.valueGbp / contractYears(tender) : undefined,
    daysToDeadline,
    urgency,
    weights: options.weights,
    now: options.now,
    trust: trustFrom(options.partnerships, seeker.id, MATCH_DEFAULTS.trust, options.trustToward),
    honoursVeto: options.vetoes,
    reservation: tender ? ruleFor(tender, ref, options.now) : undefined,
  };
}
