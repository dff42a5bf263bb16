/**
 * Ways of working: decision speed ("three board meetings to agree on one thing"), governance fit, size
 * balance (power) and commercial maturity, averaged. Size balance uses annual turnover; it is skipped when
 * either side's turnover is unknown.
 */
import type { DecisionSpeed, Governance } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import type { OrgProfile } from '../profile.ts';
import { type FactorResult, lazyResult } from './types.ts';

const SPEED: Record<DecisionSpeed, number> = { days: 0, weeks: 1, months: 2 };
const SPEED_FIT = [1, 0.6, 0.2];

const GOVERNANCE_LABEL: Record<Governance, string> = {
  staff_led: 'staff-led',
  member_led: 'member-led',
  board_led: 'board-led',
  public_body: 'a public body',
  owner_managed: 'owner-managed',
};

function governanceFit(a: Governance, b: Governance): number {
  if (a === b) return 1;
  const pair = new Set([a, b]);
  if (pair.has('staff_led') && pair.has('member_led')) return 0.8;
  if (pair.has('board_led')) return 0.7;
  if (pair.has('public_body') && pair.has('owner_managed')) return 0.3;
  return 0.5;
}

/** turnover ratio (larger / smaller) → fit */
function sizeFit(ratio: number): number {
  if (ratio <= 3) return 1;
  if (ratio <= 10) return 0.7;
  if (ratio <= 30) return 0.4;
  return 0.2;
}

export function waysOfWorking(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const me = ctx.seeker.org;
  const them = candidate.org;
  const mine = me.waysOfWorking;
  const theirs = them.waysOfWorking;
  const gap = Math.abs(SPEED[mine.decisionSpeed] - SPEED[theirs.decisionSpeed]);
  const gov = governanceFit(mine.governance, theirs.governance);
  const a = me.annualTurnoverGbp;
  const b = them.annualTurnoverGbp;
  const ratio = a && b ? Math.max(a, b) / Math.min(a, b) : undefined;
  const bothEmerging = mine.commercialMaturity === 'emerging' && theirs.commercialMaturity === 'emerging';
  const bringsExperience = theirs.commercialMaturity === 'experienced' && mine.commercialMaturity === 'emerging';
  const maturity = bothEmerging ? 0.4 : bringsExperience ? 1 : 0.8;
  const score =
    ratio === undefined ? (SPEED_FIT[gap] + gov + maturity) / 3 : (SPEED_FIT[gap] + gov + sizeFit(ratio) + maturity) / 4;

  return lazyResult(score, () => {
    const reasons: string[] = [];
    const against: string[] = [];
    if (gap === 0 && mine.decisionSpeed === 'days') reasons.push('Decides as fast as you do (in days)');
    if (gap === 2) against.push(`Takes ${theirs.decisionSpeed} to agree a bid decision; you take ${mine.decisionSpeed}`);
    if (gov === 1 && mine.governance !== 'board_led') reasons.push(`Is ${GOVERNANCE_LABEL[theirs.governance]}, like you`);
    if (gov <= 0.3) against.push(`Is ${GOVERNANCE_LABEL[theirs.governance]} while you are ${GOVERNANCE_LABEL[mine.governance]}: expect different ways of deciding`);
    if (ratio !== undefined && ratio > 10) {
      const times = Math.round(ratio);
      against.push(b! > a! ? `Is ${times}× your size by turnover: expect an unequal say` : `You are ${times}× its size by turnover: it may struggle to keep pace`);
    }
    if (bothEmerging) against.push('Neither of you has much experience of competitive bidding');
    if (bringsExperience) reasons.push('Brings the commercial bidding experience you lack');
    return { for: reasons, against };
  });
}
