/**
 * Resilience risk: how well the candidate would weather a shock — turnover (size), years trading, and
 * reliance on a single contract where known. The mean of the known components; unknown turnover counts as
 * a middling 0.6.
 */
import type { MatchContext } from '../context.ts';
import { gbp } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import type { FactorResult } from './types.ts';

export function resilience(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const org = candidate.org;
  const parts: number[] = [];
  const against: string[] = [];
  const turnover = org.annualTurnoverGbp;
  if (turnover === undefined) parts.push(0.6);
  else if (turnover < 250_000) {
    parts.push(0.4);
    against.push(`Small (${gbp(turnover)} turnover): little cushion against a shock`);
  } else parts.push(turnover < 1_000_000 ? 0.7 : 1);

  const years = org.foundedYear !== undefined ? ctx.now.getUTCFullYear() - org.foundedYear : undefined;
  if (years !== undefined) {
    if (years < 3) {
      parts.push(0.4);
      against.push(`Trading for only ${Math.max(0, years)} ${years === 1 ? 'year' : 'years'}`);
    } else parts.push(years < 5 ? 0.7 : 1);
  }
  const share = org.largestContractShare;
  if (share !== undefined) {
    if (share > 0.5) {
      parts.push(0.3);
      against.push(`Relies on one contract for ${Math.round(share * 100)}% of its income`);
    } else parts.push(share > 0.3 ? 0.7 : 1);
  }
  const score = parts.reduce((s, x) => s + x, 0) / parts.length;
  const reasons =
    score >= 0.95 && turnover !== undefined && years !== undefined ? [`Well established: ${years} years trading, ${gbp(turnover)} turnover`] : [];
  return { score, applicable: true, for: reasons, against };
}
