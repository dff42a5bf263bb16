/**
 * Value alignment: incompatible values are the #2 barrier to partnering and misaligned aims the #1 problem
 * once partnered (docs/domain.md). Scored mostly on how many of the seeker's declared values the candidate
 * shares (70%), and partly on the Jaccard overlap of both sets (30%) so a candidate with many values the
 * seeker does not hold is not rated a perfect fit. When the tender weights social value, a candidate's
 * social-value commitment is named.
 */
import type { OrgValue } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import { bitCount, type OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';

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

function score(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  const mine = ctx.seeker.valueMask;
  const theirs = candidate.valueMask;
  if (mine === 0 && theirs === 0) return undefined;
  const shared = bitCount(mine & theirs);
  const seekerShare = mine !== 0 ? shared / bitCount(mine) : 0;
  return SEEKER_SHARE_WEIGHT * seekerShare + (1 - SEEKER_SHARE_WEIGHT) * (shared / bitCount(mine | theirs));
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const mine = ctx.seeker.org.values;
  const theirs = new Set(candidate.org.values);
  const shared = mine.filter((v) => theirs.has(v));
  const notShared = mine.filter((v) => !theirs.has(v));
  const pros: string[] = [];
  const cons: string[] = [];
  if (shared.length > 0) pros.push(`Shares your commitment to ${listOf(shared.map((v) => VALUE_LABELS[v]))}`);
  const seekerShare = bitCount(ctx.seeker.valueMask & candidate.valueMask) / bitCount(ctx.seeker.valueMask);
  if (notShared.length > 0 && seekerShare < 0.5)
    cons.push(`Does not share your commitment to ${listOf(notShared.map((v) => VALUE_LABELS[v]))}`);
  const svWeight = ctx.tender?.socialValueWeight ?? 0;
  if (svWeight >= 0.1 && theirs.has('social_value') && !mine.includes('social_value')) {
    pros.push(`Brings a social-value commitment, which carries ${Math.round(svWeight * 100)}% of this tender's evaluation`);
  }
  return { for: pros, against: cons };
}

export const valueAlignment: Factor = { score, reasons, facts: ['values'] };
