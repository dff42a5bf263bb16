import type { ScalarFact } from '../../organisations/provenance.ts';
import type { MatchContext } from '../context.ts';
import type { OrgProfile } from '../profile.ts';
import type { FactorName } from '../settings.ts';

export interface Reason {
  factor: FactorName;
  text: string;
}

/** A factor's sentences about one candidate, for and against. */
export interface Reasons {
  for: string[];
  against: string[];
}

/**
 * One factor, in two halves. `score` is the hot path — ranking calls it for thousands of candidates per
 * request — so it computes a number and allocates nothing: a score in [0, 1], higher is better for the
 * seeker, or `undefined` when the factor has nothing to judge (no tender areas, no values declared by either
 * side) and is left out of the total rather than counted as a middling score. `reasons` writes the sentences,
 * and is called only for the few candidates shown (and only when `score` is not undefined); it recomputes what
 * it needs rather than have `score` keep it. Factors that always apply are `Factor<number>`.
 */
export interface Factor<Score extends number | undefined = number | undefined> {
  score(ctx: MatchContext, candidate: OrgProfile): Score;
  reasons(ctx: MatchContext, candidate: OrgProfile): Reasons;
  /**
   * The candidate's scalar facts its sentences rest on. When one of them is synthetic (demo data), each of its
   * sentences about that candidate ends " (demo data)" (Scorer.explain). Factors that cite per-code sources
   * (services, areas, partnerships) say so themselves.
   */
  facts?: readonly ScalarFact[];
}
