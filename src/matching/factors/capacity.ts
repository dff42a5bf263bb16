/**
 * Capacity and scale: can seeker and candidate together meet the tender's turnover threshold (the stated
 * minimum, else twice the contract value), can the candidate carry the part of the contract it would deliver, and
 * does it have room for more work? A weighted mean of the parts that apply (MATCH_DEFAULTS.capacity):
 *  - threshold: the share of the threshold met together, capped at 1 (1 when the seeker meets it alone);
 *  - carry: its share of the yearly contract value — the required services it fills, each service an equal part —
 *    against `maxShareOfTurnover` × its turnover, capped at 1 (a 1-staff, £68k charity cannot deliver £3m a year);
 *  - spare capacity: none 0.3, limited 0.7, some or significant 1.
 */
import type { SpareCapacity } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { gbp } from '../format.ts';
import { coverageShare, type OrgProfile } from '../profile.ts';
import { MATCH_DEFAULTS } from '../settings.ts';
import type { Factor, Reasons } from './types.ts';

const { thresholdWeight, spareWeight, carryWeight, maxShareOfTurnover } = MATCH_DEFAULTS.capacity;
const SPARE: Record<SpareCapacity, number> = { none: 0.3, limited: 0.7, some: 1, significant: 1 };

/** The yearly value of the work the candidate would deliver: its share of the services the seeker lacks. */
function work(ctx: MatchContext, candidate: OrgProfile): number {
  const yearly = ctx.yearlyValueGbp;
  if (yearly === undefined || ctx.required.length === 0) return 0;
  let filled = 0;
  for (let i = 0; i < ctx.serviceGaps.length; i++)
    filled += Math.min(ctx.serviceNeeds[i], coverageShare(candidate, ctx.serviceGaps[i], ctx.ref));
  return filled === 0 ? 0 : yearly * (filled / ctx.required.length);
}

function carry(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  const w = work(ctx, candidate);
  if (w === 0 || candidate.turnoverGbp === undefined) return undefined;
  return Math.min(1, (maxShareOfTurnover * candidate.turnoverGbp) / w);
}

function score(ctx: MatchContext, candidate: OrgProfile): number {
  let sum = spareWeight * SPARE[candidate.spareCapacity];
  let weights = spareWeight;
  const threshold = ctx.thresholdGbp;
  if (threshold !== undefined && threshold > 0) {
    const mine = ctx.seeker.turnoverGbp ?? 0;
    const theirs = candidate.turnoverGbp;
    sum += thresholdWeight * (mine >= threshold ? 1 : theirs === undefined ? 0.3 : Math.min(1, (mine + theirs) / threshold));
    weights += thresholdWeight;
  }
  const c = carry(ctx, candidate);
  if (c !== undefined) {
    sum += carryWeight * c;
    weights += carryWeight;
  }
  return sum / weights;
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
  const c = carry(ctx, candidate);
  if (c !== undefined && c < 1 && theirs !== undefined)
    cons.push(
      `Its part of this contract, about ${gbp(work(ctx, candidate))} a year for the services it fills, is more than ${Math.round(maxShareOfTurnover * 100)}% of its ${gbp(theirs)} turnover: too much for its size`,
    );
  return { for: pros, against: cons };
}

export const capacity: Factor<number> = { score, reasons, facts: ['annualTurnoverGbp', 'spareCapacity'] };
