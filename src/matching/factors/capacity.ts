/**
 * Capacity and scale: can seeker and candidate together meet the tender's turnover threshold (the stated
 * minimum, else twice the contract value), and does the candidate have room for more work? With a threshold
 * the score is 0.7 × (share of the threshold met together, capped at 1) + 0.3 × spare capacity; without one it
 * is spare capacity alone.
 */
import type { SpareCapacity } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { gbp } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';

const THRESHOLD_WEIGHT = 0.7;
const SPARE: Record<SpareCapacity, number> = { none: 0.3, limited: 0.7, some: 1, significant: 1 };

function score(ctx: MatchContext, candidate: OrgProfile): number {
  const spare = SPARE[candidate.spareCapacity];
  const threshold = ctx.thresholdGbp;
  if (threshold === undefined || threshold === 0) return spare;
  const mine = ctx.seeker.turnoverGbp ?? 0;
  const theirs = candidate.turnoverGbp;
  const scale = mine >= threshold ? 1 : theirs === undefined ? 0.3 : Math.min(1, (mine + theirs) / threshold);
  return THRESHOLD_WEIGHT * scale + (1 - THRESHOLD_WEIGHT) * spare;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const spare = candidate.org.spareCapacity;
  const pros = spare === 'significant' ? ['Has significant spare capacity for new work'] : [];
  const cons = spare === 'none' ? ['Has no spare capacity to take on more work'] : [];
  const threshold = ctx.thresholdGbp;
  const mine = ctx.seeker.org.annualTurnoverGbp ?? 0;
  const theirs = candidate.org.annualTurnoverGbp;
  if (threshold && mine < threshold) {
    if (theirs === undefined) cons.push('Turnover unknown: cannot tell whether together you meet the threshold');
    else if (mine + theirs >= threshold)
      pros.unshift(
        `Together you reach ${gbp(mine + theirs)} turnover, above the ${gbp(threshold)} threshold you miss alone (${gbp(mine)})`,
      );
    else cons.push(`Together you reach only ${gbp(mine + theirs)} of the ${gbp(threshold)} turnover threshold`);
  }
  return { for: pros, against: cons };
}

export const capacity: Factor<number> = { score, reasons };
