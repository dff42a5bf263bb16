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
import type { FactorResult } from './types.ts';

const THRESHOLD_WEIGHT = 0.7;
const SPARE: Record<SpareCapacity, number> = { none: 0.3, limited: 0.7, some: 1, significant: 1 };

export function capacity(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const reasons: string[] = [];
  const against: string[] = [];
  const spare = candidate.org.spareCapacity;
  if (spare === 'none') against.push('Has no spare capacity to take on more work');
  if (spare === 'significant') reasons.push('Has significant spare capacity for new work');

  const threshold = ctx.thresholdGbp;
  if (threshold === undefined || threshold === 0) return { score: SPARE[spare], applicable: true, for: reasons, against };

  const mine = ctx.seeker.org.annualTurnoverGbp ?? 0;
  const theirs = candidate.org.annualTurnoverGbp;
  let scale: number;
  if (mine >= threshold) scale = 1;
  else if (theirs === undefined) {
    scale = 0.3;
    against.push('Turnover unknown: cannot tell whether together you meet the threshold');
  } else if (mine + theirs >= threshold) {
    scale = 1;
    reasons.unshift(`Together you reach ${gbp(mine + theirs)} turnover, above the ${gbp(threshold)} threshold you miss alone (${gbp(mine)})`);
  } else {
    scale = (mine + theirs) / threshold;
    against.push(`Together you reach only ${gbp(mine + theirs)} of the ${gbp(threshold)} turnover threshold`);
  }
  return { score: THRESHOLD_WEIGHT * scale + (1 - THRESHOLD_WEIGHT) * SPARE[spare], applicable: true, for: reasons, against };
}
