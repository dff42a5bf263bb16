/**
 * Fit with the tender's terms: what the commissioner has said about who should bid.
 *  - Reserved for public service mutuals, under the rule in force for the tender's jurisdiction and date
 *    (src/tenders/reserved-contracts.ts: Procurement Act 2023 s.33; PCR 2015 reg. 77 before 24 February 2025; none in
 *    Scotland), when the seeker does not qualify: a partner that qualifies could hold the contract (1), anyone else
 *    could not (0).
 *  - Marked suitable for VCSEs: a VCSE partner suits it (1), another (0.5): not a bar, a preference.
 * The mean of the parts that apply; undefined (left out of the total) when the tender says neither.
 */
import { isVcse, vcseWords } from '../../organisations/vcse.ts';
import type { MatchContext } from '../context.ts';
import type { OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';
import { mutualQualification } from '../../tenders/reserved-contracts.ts';

const NOT_VCSE = 0.5;

function reservedApplies(ctx: MatchContext): boolean {
  return (
    ctx.tender?.reservedForMutuals === true &&
    ctx.reservation?.available === true &&
    !mutualQualification(ctx.seeker.org, ctx.reservation, ctx.ref).qualifies
  );
}

function qualifies(ctx: MatchContext, candidate: OrgProfile): boolean {
  return ctx.reservation !== undefined && mutualQualification(candidate.org, ctx.reservation, ctx.ref).qualifies;
}

function score(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  const reserved = reservedApplies(ctx);
  const vcse = ctx.tender?.vcseSuitable === true;
  if (!reserved && !vcse) return undefined;
  let sum = 0;
  let parts = 0;
  if (reserved) {
    sum += qualifies(ctx, candidate) ? 1 : 0;
    parts++;
  }
  if (vcse) {
    sum += candidate.vcse ? 1 : NOT_VCSE;
    parts++;
  }
  return sum / parts;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const pros: string[] = [];
  const cons: string[] = [];
  const org = candidate.org;
  if (reservedApplies(ctx)) {
    const law = ctx.reservation!.citation;
    if (qualifies(ctx, candidate))
      pros.push(
        `Is a public service mutual that qualifies under ${law}: it could hold this contract reserved for mutuals, which you cannot`,
      );
    else cons.push(`Is ${vcseWords(org)}: neither of you could hold this contract reserved for public service mutuals (${law})`);
  }
  if (ctx.tender?.vcseSuitable) {
    if (isVcse(org)) pros.push(`Is ${vcseWords(org)}, which suits a tender the commissioner marks as suitable for VCSEs`);
    else cons.push(`Is ${vcseWords(org)}, on a tender the commissioner marks as suitable for VCSEs`);
  }
  return { for: pros, against: cons };
}

export const tenderTerms: Factor = { score, reasons, facts: ['kind', 'legalForm'] };
