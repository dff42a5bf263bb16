/**
 * Resilience risk: how well the candidate would weather a shock — turnover (size), years trading, and
 * reliance on a single contract where known. The mean of the known components; unknown turnover counts as
 * a middling 0.6.
 */
import type { MatchContext } from '../context.ts';
import { gbp } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import { type FactorResult, lazyResult } from './types.ts';

export function resilience(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const org = candidate.org;
  const turnover = org.annualTurnoverGbp;
  const years = org.foundedYear !== undefined ? ctx.now.getUTCFullYear() - org.foundedYear : undefined;
  const share = org.largestContractShare;
  let sum = turnover === undefined ? 0.6 : turnover < 250_000 ? 0.4 : turnover < 1_000_000 ? 0.7 : 1;
  let n = 1;
  if (years !== undefined) (sum += years < 3 ? 0.4 : years < 5 ? 0.7 : 1), n++;
  if (share !== undefined) (sum += share > 0.5 ? 0.3 : share > 0.3 ? 0.7 : 1), n++;
  const score = sum / n;
  return lazyResult(score, () => {
    const against: string[] = [];
    if (turnover !== undefined && turnover < 250_000) against.push(`Small (${gbp(turnover)} turnover): little cushion against a shock`);
    if (years !== undefined && years < 3) against.push(`Trading for only ${Math.max(0, years)} ${years === 1 ? 'year' : 'years'}`);
    if (share !== undefined && share > 0.5) against.push(`Relies on one contract for ${Math.round(share * 100)}% of its income`);
    const reasons =
      score >= 0.95 && turnover !== undefined && years !== undefined ? [`Well established: ${years} years trading, ${gbp(turnover)} turnover`] : [];
    return { for: reasons, against };
  });
}
