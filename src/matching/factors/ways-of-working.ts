/**
 * Ways of working: decision speed ("three board meetings to agree on one thing"), governance fit, size
 * balance (power) and commercial maturity, averaged. Size balance uses annual turnover; it is skipped when
 * either side's turnover is unknown.
 */
import type { Governance } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import type { OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';

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
  if ((a === 'staff_led' && b === 'member_led') || (a === 'member_led' && b === 'staff_led')) return 0.8;
  if (a === 'board_led' || b === 'board_led') return 0.7;
  if ((a === 'public_body' && b === 'owner_managed') || (a === 'owner_managed' && b === 'public_body')) return 0.3;
  return 0.5;
}

/** turnover ratio (larger / smaller) → fit */
function sizeFit(ratio: number): number {
  if (ratio <= 3) return 1;
  if (ratio <= 10) return 0.7;
  if (ratio <= 30) return 0.4;
  return 0.2;
}

function speedGap(a: OrgProfile, b: OrgProfile): number {
  return Math.abs(a.decisionSpeed - b.decisionSpeed);
}

/** larger turnover / smaller, undefined when either is unknown */
function sizeRatio(a: OrgProfile, b: OrgProfile): number | undefined {
  const x = a.turnoverGbp;
  const y = b.turnoverGbp;
  return x && y ? Math.max(x, y) / Math.min(x, y) : undefined;
}

/** 0.4 when neither has bidding experience, 1 when the candidate brings what the seeker lacks, else 0.8 */
function maturityFit(seeker: OrgProfile, candidate: OrgProfile): number {
  const mine = seeker.commercialMaturity;
  const theirs = candidate.commercialMaturity;
  if (mine === 'emerging' && theirs === 'emerging') return 0.4;
  return theirs === 'experienced' && mine === 'emerging' ? 1 : 0.8;
}

function score(ctx: MatchContext, candidate: OrgProfile): number {
  const { seeker } = ctx;
  const speed = SPEED_FIT[speedGap(seeker, candidate)];
  const governance = governanceFit(seeker.governance, candidate.governance);
  const maturity = maturityFit(seeker, candidate);
  const ratio = sizeRatio(seeker, candidate);
  return ratio === undefined ? (speed + governance + maturity) / 3 : (speed + governance + sizeFit(ratio) + maturity) / 4;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const { seeker } = ctx;
  const gap = speedGap(seeker, candidate);
  const ratio = sizeRatio(seeker, candidate);
  const maturity = maturityFit(seeker, candidate);
  const mine = seeker.org.waysOfWorking;
  const theirs = candidate.org.waysOfWorking;
  const governance = governanceFit(mine.governance, theirs.governance);
  const pros: string[] = [];
  const cons: string[] = [];
  if (gap === 0 && mine.decisionSpeed === 'days') pros.push('Decides as fast as you do (in days)');
  if (gap === 2) cons.push(`Takes ${theirs.decisionSpeed} to agree a bid decision; you take ${mine.decisionSpeed}`);
  if (governance === 1 && mine.governance !== 'board_led') pros.push(`Is ${GOVERNANCE_LABEL[theirs.governance]}, like you`);
  if (governance <= 0.3)
    cons.push(
      `Is ${GOVERNANCE_LABEL[theirs.governance]} while you are ${GOVERNANCE_LABEL[mine.governance]}: expect different ways of deciding`,
    );
  if (ratio !== undefined && ratio > 10) {
    const times = Math.round(ratio);
    const bigger = candidate.org.annualTurnoverGbp! > ctx.seeker.org.annualTurnoverGbp!;
    cons.push(
      bigger
        ? `Is ${times}× your size by turnover: expect an unequal say`
        : `You are ${times}× its size by turnover: it may struggle to keep pace`,
    );
  }
  if (maturity === 0.4) cons.push('Neither of you has much experience of competitive bidding');
  if (maturity === 1) pros.push('Brings the commercial bidding experience you lack');
  return { for: pros, against: cons };
}

export const waysOfWorking: Factor<number> = { score, reasons, facts: ['waysOfWorking', 'annualTurnoverGbp'] };
