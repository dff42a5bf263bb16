/**
 * Complementarity: does the candidate fill the seeker's service gaps? With a tender, the gaps are the
 * required CPV codes the seeker does not cover (by hierarchy, see covers()); the score is the share of them
 * the candidate covers. Without a tender (general fit), it is the candidate's services in the seeker's
 * sectors, or in sectors commissioners now integrate with them, that the seeker lacks.
 */
import type { Sector } from '../../reference/types.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import { covers } from '../profile.ts';
import { type FactorResult, lazyResult } from './types.ts';

/** Sectors that tenders increasingly bundle together (health + social care + housing, CYP + education). */
const INTEGRATES_WITH: Record<Sector, readonly Sector[]> = {
  health: ['social_care', 'other'],
  social_care: ['health', 'other', 'children_young_people'],
  children_young_people: ['education', 'social_care', 'health'],
  education: ['children_young_people', 'culture_leisure'],
  culture_leisure: ['education', 'health'],
  other: ['social_care', 'health'],
};

/** How many new services make a general-fit partner fully complementary. */
const GENERAL_SATURATION = 3;
const SHOWN = 2;

export function complementarity(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  return ctx.tender ? forTender(ctx, candidate) : general(ctx, candidate);
}

function forTender(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const { ref, serviceGaps } = ctx;
  if (serviceGaps.length === 0) {
    // Nothing to fill: the match notes say so once; a candidate offering the same services is spare capacity.
    const shared = ctx.required.some((code) => covers(candidate, code, ref));
    return lazyResult(shared ? 0.3 : 0, () => ({}));
  }
  const filled = serviceGaps.filter((code) => covers(candidate, code, ref));
  return lazyResult(filled.length / serviceGaps.length, () => {
    const describe = (codes: readonly string[]) => codes.map((c) => ref.cpv.describe(c));
    // One sentence for the first gap filled, one for the rest: room is left for the other factors' reasons.
    const reasons = filled.slice(0, 1).map((code) => `Covers ${ref.cpv.describe(code)}, which you do not`);
    if (filled.length > 1) reasons.push(`Also covers ${listOf(describe(filled.slice(1)), SHOWN)}, which you lack`);
    const missing = serviceGaps.filter((code) => !filled.includes(code));
    const against: string[] = [];
    if (filled.length === 0) against.push(`Covers none of the required services you lack (${listOf(describe(serviceGaps), SHOWN)})`);
    else if (missing.length > 0) against.push(`Still leaves ${listOf(describe(missing), SHOWN)} uncovered`);
    return { for: reasons, against };
  });
}

function general(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const { ref, seeker } = ctx;
  const wanted = new Set<Sector>(seeker.sectors);
  for (const s of seeker.sectors) for (const t of INTEGRATES_WITH[s]) wanted.add(t);
  const adds = [...candidate.services].filter((code) => wanted.has(ref.cpv.sectorOf(code)) && !covers(seeker, code, ref)).sort();
  if (adds.length === 0) return lazyResult(0, () => ({ against: ['Offers no services you lack in or next to your sectors'] }));
  return lazyResult(Math.min(1, adds.length / GENERAL_SATURATION), () => {
    const reasons = [`Covers ${ref.cpv.describe(adds[0])}, which you do not`];
    if (adds.length > 1) reasons.push(`Also covers ${listOf(adds.slice(1).map((c) => ref.cpv.describe(c)), SHOWN)}, which you lack`);
    return { for: reasons };
  });
}
