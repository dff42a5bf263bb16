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

/** A candidate's numbers, before any sentence is written. */
export interface ScoredCandidate {
  profile: OrgProfile;
  total: number;
  factors: Record<FactorName, FactorScore>;
  results: Record<FactorName, FactorResult>;
}

/** Scores one candidate on every factor; reasons stay unwritten until `explainScore` asks for them. */
export function scoreOnly(ctx: MatchContext, candidate: OrgProfile, weights = effectiveWeights(ctx)): ScoredCandidate {
  const factors = {} as Record<FactorName, FactorScore>;
  const results = {} as Record<FactorName, FactorResult>;
  let sum = 0;
  let weightSum = 0;
  for (const name of FACTORS) {
    const result = FACTOR_FUNCTIONS[name](ctx, candidate);
    const weight = result.applicable ? weights[name] : 0;
    results[name] = result;
    factors[name] = { score: result.score, weight };
    sum += weight * result.score;
    weightSum += weight;
  }
  return { profile: candidate, total: round(weightSum > 0 ? sum / weightSum : 0), factors, results };
}

/**
 * Keeps the reasons that matter most: those of the factors that move the total most (weight × score for,
 * weight × (1 − score) against), at most DEFAULTS.maxReasonsFor / maxReasonsAgainst.
 */
export function explainScore(scored: ScoredCandidate): CandidateScore {
  const pros: { reason: Reason; impact: number }[] = [];
  const cons: { reason: Reason; impact: number }[] = [];
  for (const name of FACTORS) {
    const { weight } = scored.factors[name];
    if (weight === 0) continue;
    const result = scored.results[name];
    for (const text of result.for) pros.push({ reason: { factor: name, text }, impact: weight * result.score });
    for (const text of result.against) cons.push({ reason: { factor: name, text }, impact: weight * (1 - result.score) });
  }
  const byImpact = (a: { impact: number }, b: { impact: number }) => b.impact - a.impact;
  const factors = {} as Record<FactorName, FactorScore>;
  for (const name of FACTORS) factors[name] = { score: round(scored.factors[name].score), weight: round(scored.factors[name].weight) };
  return {
    organisation: scored.profile.org,
    total: scored.total,
    factors,
    reasonsFor: pros.sort(byImpact).slice(0, DEFAULTS.maxReasonsFor).map((p) => p.reason),
    reasonsAgainst: cons.sort(byImpact).slice(0, DEFAULTS.maxReasonsAgainst).map((c) => c.reason),
  };
}

export function scoreCandidate(ctx: MatchContext, candidate: OrgProfile, weights = effectiveWeights(ctx)): CandidateScore {
  return explainScore(scoreOnly(ctx, candidate, weights));
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Highest total first; ties broken by id so every store ranks identically. */
export function compareScores(a: { total: number; organisation: { id: string } }, b: { total: number; organisation: { id: string } }): number {
  return b.total - a.total || (a.organisation.id < b.organisation.id ? -1 : a.organisation.id > b.organisation.id ? 1 : 0);
}

export function compareScored(a: ScoredCandidate, b: ScoredCandidate): number {
  return b.total - a.total || (a.profile.org.id < b.profile.org.id ? -1 : a.profile.org.id > b.profile.org.id ? 1 : 0);
}
