/**
 * Value alignment: incompatible values are the #2 barrier to partnering and misaligned aims the #1 problem
 * once partnered (DOMAIN.md). Scored mostly on how many of the seeker's declared values the candidate
 * shares (70%), and partly on the Jaccard overlap of both sets (30%) so a candidate with many values the
 * seeker does not hold is not rated a perfect fit. When the tender weights social value, a candidate's
 * social-value commitment is named.
 */
import type { OrgValue } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import { bitCount, type OrgProfile } from '../profile.ts';
import { type FactorResult, lazyResult, notApplicable } from './types.ts';

export const VALUE_LABELS: Record<OrgValue, string> = {
  social_value: 'social value',
  staff_ownership: 'staff ownership',
  reinvests_surplus: 'reinvesting surplus',
  asset_lock: 'an asset lock',
  co_production: 'co-production with service users',
  living_wage: 'paying the real Living Wage',
  environmental: 'environmental standards',
  local_employment: 'local employment',
  open_book: 'open-book accounting',
};

const SEEKER_SHARE_WEIGHT = 0.7;

export function valueAlignment(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const mine = ctx.seeker.valueMask;
  const theirs = candidate.valueMask;
  if (mine === 0 && theirs === 0) return notApplicable;
  const shared = bitCount(mine & theirs);
  const seekerShare = mine !== 0 ? shared / bitCount(mine) : 0;
  const score = SEEKER_SHARE_WEIGHT * seekerShare + (1 - SEEKER_SHARE_WEIGHT) * (shared / bitCount(mine | theirs));
  return lazyResult(score, () => {
    const theirValues = new Set(candidate.org.values);
    const sharedValues = ctx.seeker.org.values.filter((v) => theirValues.has(v));
    const notShared = ctx.seeker.org.values.filter((v) => !theirValues.has(v));
    const reasons: string[] = [];
    const against: string[] = [];
    if (sharedValues.length > 0) reasons.push(`Shares your commitment to ${listOf(sharedValues.map((v) => VALUE_LABELS[v]))}`);
    if (notShared.length > 0 && seekerShare < 0.5) against.push(`Does not share your commitment to ${listOf(notShared.map((v) => VALUE_LABELS[v]))}`);
    const svWeight = ctx.tender?.socialValueWeight ?? 0;
    if (svWeight >= 0.1 && theirValues.has('social_value') && !ctx.seeker.org.values.includes('social_value')) {
      reasons.push(`Brings a social-value commitment, which carries ${Math.round(svWeight * 100)}% of this tender's evaluation`);
    }
    return { for: reasons, against };
  });
}
