import { z } from 'zod';
import { MATCH_DEFAULTS } from '../matching/settings.ts';

/**
 * Consortium search settings are data. The objective (see objective.ts) is a weighted mean, in [0, 1], of
 * value alignment, trust and ways of working averaged over every pair of members, competition (rival pairs
 * inside the team, counted), a size term that prefers fewer members, and two member terms averaged over the
 * members: evidence (how strongly each member's cells are evidenced — based or working there at authority level,
 * a registered service — rather than claimed) and capacity (whether each member can carry its part of the
 * contract). Weights are relative (they need not sum to 1); trust's grows up to double as the deadline nears, as
 * in matching.
 */
export const OBJECTIVE_TERMS = ['valueAlignment', 'trust', 'waysOfWorking', 'competition', 'size', 'evidence', 'capacity'] as const;
export type ObjectiveTerm = (typeof OBJECTIVE_TERMS)[number];
export type PairTerm = Exclude<ObjectiveTerm, 'size' | 'evidence' | 'capacity'>;
export type MemberTerm = Extract<ObjectiveTerm, 'evidence' | 'capacity'>;
export const MEMBER_TERMS: readonly MemberTerm[] = ['evidence', 'capacity'];
export const PAIR_TERMS: readonly PairTerm[] = ['valueAlignment', 'trust', 'waysOfWorking', 'competition'];

export const DEFAULT_OBJECTIVE_WEIGHTS: Readonly<Record<ObjectiveTerm, number>> = Object.freeze({
  valueAlignment: 0.3,
  trust: 0.3,
  waysOfWorking: 0.1,
  competition: 0.15,
  size: 0.15,
  evidence: 0.2,
  capacity: 0.2,
});

/** How delivery areas must be covered: every local authority (LAD), or every upper-tier authority touched. */
export type AreaCoverage = 'lad' | 'utla';
export type SolverChoice = 'auto' | 'exact' | 'heuristic';

export const CONSORTIUM_DEFAULTS = Object.freeze({
  weights: DEFAULT_OBJECTIVE_WEIGHTS,
  /** M: partners besides the lead */
  maxPartners: 4,
  /** K: alternative consortia returned */
  alternatives: 5,
  /**
   * 'lad' (strict): every tender LAD is worked in by some member. 'utla' (relaxed): every upper-tier
   * authority of the tender area has a member working in at least one of its tender LADs.
   */
  areaCoverage: 'lad',
  /** 'auto' runs the exact solver up to exactMaxCandidates candidates, the heuristic above */
  solver: 'auto',
  exactMaxCandidates: 30,
  /** heuristic: states kept per depth of the beam */
  beamWidth: 32,
  /** heuristic: children tried per state (best-paired holders of its rarest missing requirement) */
  branching: 16,
  /** heuristic: valid teams polished by the 1-swap local search */
  localSearchTeams: 12,
  /** candidates kept per gap (uncovered code, area, turnover) by the cheap pairwise score with the lead */
  poolPerGap: 40,
  /** candidates kept in all, round-robin over the gaps */
  maxPool: 200,
  /** use case: candidates fetched from the store per gap before the cheap ranking */
  fetchPerGap: 300,
  /** use case: area gaps are queried per upper-tier authority, or per region when there would be more */
  maxAreaQueries: 4,
  /** days to the deadline under which a new legal entity is hard to set up in time */
  shortDeadlineDays: 60,
  /** a combined-turnover margin under this share of the threshold is called thin */
  thinMargin: 0.1,
  /** pair competition risk (1 − score) at or above which two members are called direct competitors */
  competitorRisk: 0.1,
  /**
   * Presence (0–1, src/matching/places.ts) from which a member covers an area: working there at authority level
   * or based there, or a wide claim by an organisation large enough to make it plausible (a £90m provider's
   * regional claim, not a 5-staff charity's).
   */
  minPresence: 0.4,
  /** a member's yearly part of the contract may be at most this share of its turnover (matching's rule) */
  maxShareOfTurnover: MATCH_DEFAULTS.capacity.maxShareOfTurnover,
});

export const ObjectiveWeightsOverride = z
  .object(
    Object.fromEntries(OBJECTIVE_TERMS.map((t) => [t, z.number().min(0).max(100).optional()])) as Record<
      ObjectiveTerm,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict()
  .refine((w) => Object.values(w).some((v) => v === undefined || v > 0), { message: 'at least one weight must be positive' })
  .meta({ id: 'ConsortiumWeights', description: 'Relative weights of the consortium objective; omitted terms keep their defaults' });
export type ObjectiveWeightsOverride = z.infer<typeof ObjectiveWeightsOverride>;

export function resolveObjectiveWeights(override: ObjectiveWeightsOverride | undefined): Record<ObjectiveTerm, number> {
  const weights = { ...DEFAULT_OBJECTIVE_WEIGHTS };
  for (const term of OBJECTIVE_TERMS) {
    const value = override?.[term];
    if (value !== undefined) weights[term] = value;
  }
  return weights;
}
