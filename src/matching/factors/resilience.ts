/**
 * Resilience risk: how well the candidate would weather a shock — turnover (size), years trading, and
 * reliance on a single contract where known. The mean of the known components; unknown turnover counts as
 * a middling 0.6.
 */
import type { MatchContext } from '../context.ts';
import { gbp } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';

function yearsTrading(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  const founded = candidate.foundedYear;
  return founded !== undefined ? ctx.now.getUTCFullYear() - founded : undefined;
}

function score(ctx: MatchContext, candidate: OrgProfile): number {
  const { turnoverGbp: turnover, largestContractShare: share } = candidate;
  const years = yearsTrading(ctx, candidate);
  let sum = turnover === undefined ? 0.6 : turnover < 250_000 ? 0.4 : turnover < 1_000_000 ? 0.7 : 1;
  let n = 1;
  if (years !== undefined) {
    sum += years < 3 ? 0.4 : years < 5 ? 0.7 : 1;
    n++;
  }
  if (share !== undefined) {
    sum += share > 0.5 ? 0.3 : share > 0.3 ? 0.7 : 1;
    n++;
  }
  return sum / n;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const { annualTurnoverGbp: turnover, largestContractShare: share } = candidate.org;
  const years = yearsTrading(ctx, candidate);
  const cons: string[] = [];
  if (turnover !== undefined && turnover < 250_000) cons.push(`Small (${gbp(turnover)} turnover): little cushion against a shock`);
  if (years !== undefined && years < 3) cons.push(`Trading for only ${Math.max(0, years)} ${years === 1 ? 'year' : 'years'}`);
  if (share !== undefined && share > 0.5) cons.push(`Relies on one contract for ${Math.round(share * 100)}% of its income`);
  const established = score(ctx, candidate) >= 0.95 && turnover !== undefined && years !== undefined;
  return { for: established ? [`Well established: ${years} years trading, ${gbp(turnover)} turnover`] : [], against: cons };
}

export const resilience: Factor<number> = { score, reasons, facts: ['annualTurnoverGbp', 'foundedYear', 'largestContractShare'] };
