/**
 * Pairwise terms of the consortium objective, reusing the matching factors rather than rewriting them:
 * value alignment, trust, ways of working and competition (src/matching/factors). Those factors are written
 * from a seeker's side (a MatchContext built with buildContext for that member), so each pair is scored from
 * both sides and symmetrised:
 *  - value alignment and ways of working: the mean of the two directions (a pair where neither side
 *    declares any value counts as a neutral 0.5);
 *  - trust: already symmetric (history recorded by either side, partners in common);
 *  - competition: the worse of the two directions — two members are rivals if either sees the other as one.
 */
import type { MatchContext } from '../matching/context.ts';
import { competition } from '../matching/factors/competition.ts';
import { trust } from '../matching/factors/trust.ts';
import { valueAlignment } from '../matching/factors/values.ts';
import { waysOfWorking } from '../matching/factors/ways-of-working.ts';
import type { OrgProfile } from '../matching/profile.ts';
import type { PairTerm } from './settings.ts';
import { PAIR_TERMS } from './settings.ts';

export type PairTerms = Record<PairTerm, number>;

/** Neutral value-alignment score for a pair where neither side declares any value. */
const VALUES_UNKNOWN = 0.5;

export function pairTerms(a: MatchContext, b: MatchContext): PairTerms {
  const va = valueAlignment.score(a, b.seeker);
  const vb = valueAlignment.score(b, a.seeker);
  const values = va !== undefined || vb !== undefined ? ((va ?? 0) + (vb ?? 0)) / 2 : VALUES_UNKNOWN;
  const together = trust.score(a, b.seeker);
  const ways = (waysOfWorking.score(a, b.seeker) + waysOfWorking.score(b, a.seeker)) / 2;
  const rivalry = Math.min(competition.score(a, b.seeker), competition.score(b, a.seeker));
  return { valueAlignment: values, trust: together, waysOfWorking: ways, competition: rivalry };
}

/**
 * The same terms from `a`'s side only (one call per factor): the cheap score used to rank a large pool
 * against the lead before the search, where building a context for every candidate would cost too much.
 */
export function oneWayTerms(a: MatchContext, b: OrgProfile): PairTerms {
  return {
    valueAlignment: valueAlignment.score(a, b) ?? VALUES_UNKNOWN,
    trust: trust.score(a, b),
    waysOfWorking: waysOfWorking.score(a, b),
    competition: competition.score(a, b),
  };
}

/** Weighted mean of a pair's terms with the objective's pair weights, in [0, 1]. */
export function pairTotal(terms: PairTerms, weights: Readonly<Record<PairTerm, number>>): number {
  let sum = 0;
  let weightSum = 0;
  for (const t of PAIR_TERMS) {
    sum += weights[t] * terms[t];
    weightSum += weights[t];
  }
  return weightSum > 0 ? sum / weightSum : 1;
}
