/**
 * Ways of working: decision speed ("three board meetings to agree on one thing"), governance fit, size
 * balance (power) and commercial maturity, averaged. Size balance uses annual turnover; it is skipped when
 * either side's turnover is unknown.
 */
import type { DecisionSpeed, Governance } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import type { OrgProfile } from '../profile.ts';
import type { FactorResult } from './types.ts';

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
  const parts: number[] = [];
  const reasons: string[] = [];
  const against: string[] = [];

  const gap = Math.abs(SPEED[me.waysOfWorking.decisionSpeed] - SPEED[them.waysOfWorking.decisionSpeed]);
  parts.push(SPEED_FIT[gap]);
  if (gap === 0 && me.waysOfWorking.decisionSpeed === 'days') reasons.push('Decides as fast as you do (in days)');
  if (gap === 2) against.push(`Takes ${them.waysOfWorking.decisionSpeed} to agree a bid decision; you take ${me.waysOfWorking.decisionSpeed}`);

  const gov = governanceFit(me.waysOfWorking.governance, them.waysOfWorking.governance);
  parts.push(gov);
  if (gov === 1 && me.waysOfWorking.governance !== 'board_led') reasons.push(`Is ${GOVERNANCE_LABEL[them.waysOfWorking.governance]}, like you`);
  if (gov <= 0.3) against.push(`Is ${GOVERNANCE_LABEL[them.waysOfWorking.governance]} while you are ${GOVERNANCE_LABEL[me.waysOfWorking.governance]}: expect different ways of deciding`);

  const a = me.annualTurnoverGbp;
  const b = them.annualTurnoverGbp;
  if (a && b) {
    const ratio = Math.max(a, b) / Math.min(a, b);
    parts.push(sizeFit(ratio));
    if (ratio > 10) {
      const times = Math.round(ratio);
      against.push(b > a ? `Is ${times}× your size by turnover: expect an unequal say` : `You are ${times}× its size by turnover: it may struggle to keep pace`);
    }
  }

  const maturityBoth = [me.waysOfWorking.commercialMaturity, them.waysOfWorking.commercialMaturity];
  if (maturityBoth.every((m) => m === 'emerging')) {
    parts.push(0.4);
    against.push('Neither of you has much experience of competitive bidding');
  } else if (them.waysOfWorking.commercialMaturity === 'experienced' && me.waysOfWorking.commercialMaturity === 'emerging') {
    parts.push(1);
    reasons.push('Brings the commercial bidding experience you lack');
  } else parts.push(0.8);

  return { score: parts.reduce((s, x) => s + x, 0) / parts.length, applicable: true, for: reasons, against };
}
