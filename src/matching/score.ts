import type { Organisation } from '../organisations/schema.ts';
import { sourceOf } from '../organisations/provenance.ts';
import { demoNote } from './places.ts';
import type { MatchContext } from './context.ts';
import { capacity } from './factors/capacity.ts';
import { competition } from './factors/competition.ts';
import { complementarity } from './factors/complementarity.ts';
import { geography } from './factors/geography.ts';
import { resilience } from './factors/resilience.ts';
import { tenderTerms } from './factors/tender-terms.ts';
import { trust } from './factors/trust.ts';
import type { Factor, Reason } from './factors/types.ts';
import { valueAlignment } from './factors/values.ts';
import { waysOfWorking } from './factors/ways-of-working.ts';
import type { OrgProfile } from './profile.ts';
import { MATCH_DEFAULTS, FACTORS, type FactorName } from './settings.ts';

export const FACTOR_IMPLEMENTATIONS: Readonly<Record<FactorName, Factor>> = {
  complementarity,
  geography,
  valueAlignment,
  waysOfWorking,
  trust,
  capacity,
  competition,
  resilience,
  tenderTerms,
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
 * The step at which `Scorer.totalIfAbove` evaluates each factor: value alignment and tender terms first, because
 * they decide whether a factor drops out for this candidate (neither side declares values; the tender says
 * nothing of who should bid), then the cheap scalar factors,
 * then those that look up services and places. A record keyed by every FactorName, so a factor left out is a
 * type error rather than a factor silently scored 0 (evaluationOrder checks the steps are 0…n−1 once more).
 */
const EVALUATION_STEP: Readonly<Record<FactorName, number>> = {
  valueAlignment: 0,
  tenderTerms: 1,
  capacity: 2,
  resilience: 3,
  waysOfWorking: 4,
  trust: 5,
  complementarity: 6,
  geography: 7,
  competition: 8,
};

/** FACTORS in evaluation order; throws when two factors share a step or a step is missing. */
export function evaluationOrder(steps: Readonly<Record<FactorName, number>> = EVALUATION_STEP): FactorName[] {
  const order = [...FACTORS].sort((a, b) => steps[a] - steps[b]);
  order.forEach((name, i) => {
    if (steps[name] !== i)
      throw new Error(`matching/score: evaluation steps must be 0…${FACTORS.length - 1} once each (${name} has ${steps[name]})`);
  });
  return order;
}

const EVALUATION_ORDER: readonly FactorName[] = evaluationOrder();

/** The value `totalIfAbove` returns for a candidate that cannot reach the bar. */
export const BELOW = -1;

const FACTOR_LIST: readonly Factor[] = FACTORS.map((name) => FACTOR_IMPLEMENTATIONS[name]);
const EVALUATION_POSITIONS: readonly number[] = EVALUATION_ORDER.map((name) => FACTORS.indexOf(name));

/**
 * Scores candidates for one request: the total of a candidate without a sentence written or an object
 * allocated (ranking calls it thousands of times per request), and the factor scores and reasons of the few
 * that are shown.
 */
export class Scorer {
  readonly weights: Readonly<Record<FactorName, number>>;
  /** factors and weights in FACTORS order (the order totals are summed in) */
  private readonly factors: readonly Factor[] = FACTOR_LIST;
  // Plain arrays of doubles, not Float64Arrays: nine numbers each, and a typed array that size is allocated outside
  // the heap (a Scorer is made per seeker: a million times a refresh).
  private readonly weightList: number[];
  /** positions in FACTORS, in EVALUATION_ORDER */
  private readonly evaluation = EVALUATION_POSITIONS;
  /** weight still to come after each step of the evaluation order, geography left out when it never applies */
  private readonly weightAfter: number[];
  private readonly scratch: number[] = FACTORS.map(() => NaN);

  constructor(readonly ctx: MatchContext) {
    this.weights = effectiveWeights(ctx);
    this.weightList = FACTORS.map((name) => this.weights[name]);
    const geographyApplies = ctx.tender ? ctx.tenderLads.size > 0 : ctx.seeker.footprint.size > 0;
    const applies = (i: number) => FACTORS[i] !== 'geography' || geographyApplies;
    this.weightAfter = FACTORS.map(() => NaN);
    let rest = 0;
    for (let step = FACTORS.length - 1; step >= 0; step--) {
      this.weightAfter[step] = rest;
      if (applies(this.evaluation[step])) rest += this.weightList[this.evaluation[step]];
    }
  }

  /** The weighted mean of the applicable factors, to 4 decimals. */
  total(candidate: OrgProfile): number {
    return this.totalIfAbove(candidate, -Infinity);
  }

  /**
   * The total, or BELOW as soon as the candidate provably cannot reach `bar`: after each factor the best it
   * could still score is what it has plus full marks on every factor to come. Exact, not a heuristic — a
   * candidate is dropped only when even that bound rounds below the bar — and it lets ranking skip most of
   * the work for most candidates once the top k are good ones.
   */
  totalIfAbove(candidate: OrgProfile, bar: number): number {
    const { ctx, factors, weightList, evaluation, weightAfter, scratch } = this;
    let partial = 0;
    let weightSum = 0;
    for (let step = 0; step < evaluation.length; step++) {
      const i = evaluation[step];
      const score = factors[i].score(ctx, candidate);
      if (score === undefined) {
        scratch[i] = NaN;
        continue;
      }
      scratch[i] = score;
      partial += weightList[i] * score;
      weightSum += weightList[i];
      const most = weightSum + weightAfter[step];
      // (The epsilon keeps the bound above the total when summing in another order moves the last bit.)
      if (most > 0 && round((partial + weightAfter[step]) / most + 1e-9) < bar) return BELOW;
    }
    // Summed in FACTORS order, whatever order the factors were evaluated in, so every path gives the same bits.
    let sum = 0;
    let applicable = 0;
    for (let i = 0; i < scratch.length; i++) {
      if (Number.isNaN(scratch[i])) continue;
      sum += weightList[i] * scratch[i];
      applicable += weightList[i];
    }
    return round(applicable > 0 ? sum / applicable : 0);
  }

  /** Each factor's score and the weight it carried (0 when not applicable), to 4 decimals. */
  factorScores(candidate: OrgProfile): Record<FactorName, FactorScore> {
    const out = {} as Record<FactorName, FactorScore>;
    for (const name of FACTORS) {
      const score = FACTOR_IMPLEMENTATIONS[name].score(this.ctx, candidate);
      out[name] = score === undefined ? { score: 0, weight: 0 } : { score: round(score), weight: round(this.weights[name]) };
    }
    return out;
  }

  /**
   * Total, factor scores and the reasons that matter most: those of the factors that move the total most
   * (weight × score for, weight × (1 − score) against), at most MATCH_DEFAULTS.maxReasonsFor / maxReasonsAgainst.
   */
  explain(candidate: OrgProfile): CandidateScore {
    const pros: { reason: Reason; impact: number }[] = [];
    const cons: { reason: Reason; impact: number }[] = [];
    for (const name of FACTORS) {
      const factor = FACTOR_IMPLEMENTATIONS[name];
      const score = factor.score(this.ctx, candidate);
      if (score === undefined) continue;
      const weight = this.weights[name];
      if (weight === 0) continue;
      const reasons = factor.reasons(this.ctx, candidate);
      const note = demoNoteFor(factor, candidate);
      for (const text of reasons.for) pros.push({ reason: { factor: name, text: withNote(text, note) }, impact: weight * score });
      for (const text of reasons.against) cons.push({ reason: { factor: name, text: withNote(text, note) }, impact: weight * (1 - score) });
    }
    const byImpact = (a: { impact: number }, b: { impact: number }) => b.impact - a.impact;
    return {
      organisation: candidate.org,
      total: this.total(candidate),
      factors: this.factorScores(candidate),
      reasonsFor: pros
        .sort(byImpact)
        .slice(0, MATCH_DEFAULTS.maxReasonsFor)
        .map((p) => p.reason),
      reasonsAgainst: cons
        .sort(byImpact)
        .slice(0, MATCH_DEFAULTS.maxReasonsAgainst)
        .map((c) => c.reason),
    };
  }
}

/** " (demo data)" when one of the candidate's facts this factor's sentences rest on is synthetic. */
function demoNoteFor(factor: Factor, candidate: OrgProfile): string {
  const facts = factor.facts ?? [];
  return demoNote(facts.map((fact) => sourceOf(candidate.org.provenance, fact)));
}

function withNote(text: string, note: string): string {
  return note === '' || text.endsWith(note) ? text : `${text}${note}`;
}

/** One candidate scored and explained (for a few candidates; ranking uses Scorer.total). */
export function scoreCandidate(ctx: MatchContext, candidate: OrgProfile): CandidateScore {
  return new Scorer(ctx).explain(candidate);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
