import type { Organisation } from '../organisations/schema.ts';
import type { MatchContext } from './context.ts';
import { capacity } from './factors/capacity.ts';
import { competition } from './factors/competition.ts';
import { complementarity } from './factors/complementarity.ts';
import { geography } from './factors/geography.ts';
import { resilience } from './factors/resilience.ts';
import { trust } from './factors/trust.ts';
import type { FactorResult, Reason } from './factors/types.ts';
import { valueAlignment } from './factors/values.ts';
import { waysOfWorking } from './factors/ways-of-working.ts';
import type { OrgProfile } from './profile.ts';
import { DEFAULTS, FACTORS, type FactorName } from './settings.ts';

export const FACTOR_FUNCTIONS: Record<FactorName, (ctx: MatchContext, candidate: OrgProfile) => FactorResult> = {
  complementarity,
  geography,
  valueAlignment,
  waysOfWorking,
  trust,
  capacity,
  competition,
  resilience,
};

export interface FactorScore {
  score: number;
  /** the weight this factor carried in the total (trust's grows near the deadline); 0 when not applicable */
  weight: number;
}

export interface CandidateScore {
  organisation: Organisation;
  /** weighted mean of the applicable factors, in [0, 1] */
  total: number;
  factors: Record<FactorName, FactorScore>;
  reasonsFor: Reason[];
  reasonsAgainst: Reason[];
}

/** Effective weights for this request: trust counts up to double as the deadline nears. */
export function effectiveWeights(ctx: MatchContext): Record<FactorName, number> {
  return { ...ctx.weights, trust: ctx.weights.trust * (1 + ctx.urgency) };
}

/**
 * Scores one candidate on every factor and keeps the reasons that matter most: those of the factors that
 * move the total most (weight × distance from neutral), at most DEFAULTS.maxReasonsFor/Against.
 */
export function scoreCandidate(ctx: MatchContext, candidate: OrgProfile, weights = effectiveWeights(ctx)): CandidateScore {
  const factors = {} as Record<FactorName, FactorScore>;
  const pros: { reason: Reason; impact: number }[] = [];
  const cons: { reason: Reason; impact: number }[] = [];
  let sum = 0;
  let weightSum = 0;
  for (const name of FACTORS) {
    const result = FACTOR_FUNCTIONS[name](ctx, candidate);
    const weight = result.applicable ? weights[name] : 0;
    factors[name] = { score: round(result.score), weight: round(weight) };
    sum += weight * result.score;
    weightSum += weight;
    for (const text of result.for) pros.push({ reason: { factor: name, text }, impact: weight * result.score });
    for (const text of result.against) cons.push({ reason: { factor: name, text }, impact: weight * (1 - result.score) });
  }
  const byImpact = (a: { impact: number }, b: { impact: number }) => b.impact - a.impact;
  return {
    organisation: candidate.org,
    total: round(weightSum > 0 ? sum / weightSum : 0),
    factors,
    reasonsFor: pros.sort(byImpact).slice(0, DEFAULTS.maxReasonsFor).map((p) => p.reason),
    reasonsAgainst: cons.sort(byImpact).slice(0, DEFAULTS.maxReasonsAgainst).map((c) => c.reason),
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Highest total first; ties broken by id so every store ranks identically. */
export function compareScores(a: CandidateScore, b: CandidateScore): number {
  return b.total - a.total || (a.organisation.id < b.organisation.id ? -1 : a.organisation.id > b.organisation.id ? 1 : 0);
}
