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
import type { OrgProfile } from '../profile.ts';
import { type FactorResult, notApplicable } from './types.ts';

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
  const mine = new Set(ctx.seeker.org.values);
  const theirs = new Set(candidate.org.values);
  if (mine.size === 0 && theirs.size === 0) return notApplicable;
  const shared = [...mine].filter((v) => theirs.has(v));
  const notShared = [...mine].filter((v) => !theirs.has(v));
  const union = new Set([...mine, ...theirs]).size;
  const seekerShare = mine.size > 0 ? shared.length / mine.size : 0;
  const score = SEEKER_SHARE_WEIGHT * seekerShare + (1 - SEEKER_SHARE_WEIGHT) * (shared.length / union);
  const reasons: string[] = [];
  const against: string[] = [];
  if (shared.length > 0) reasons.push(`Shares your commitment to ${listOf(shared.map((v) => VALUE_LABELS[v]))}`);
  if (notShared.length > 0 && seekerShare < 0.5) against.push(`Does not share your commitment to ${listOf(notShared.map((v) => VALUE_LABELS[v]))}`);
  const svWeight = ctx.tender?.socialValueWeight ?? 0;
  if (svWeight >= 0.1 && theirs.has('social_value') && !mine.has('social_value')) {
    reasons.push(`Brings a social-value commitment, which carries ${Math.round(svWeight * 100)}% of this tender's evaluation`);
  }
  return { score, applicable: true, for: reasons, against };
}
