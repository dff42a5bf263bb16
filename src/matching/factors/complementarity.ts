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
import type { Factor, Reasons } from './types.ts';

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

function score(ctx: MatchContext, candidate: OrgProfile): number {
  const { ref, serviceGaps } = ctx;
  if (!ctx.tender) {
    const wanted = wantedSectors(ctx.seeker);
    let adds = 0;
    for (const code of candidate.services) if (wanted.has(ref.cpv.sectorOf(code)) && !covers(ctx.seeker, code, ref)) adds++;
    return Math.min(1, adds / GENERAL_SATURATION);
  }
  if (serviceGaps.length === 0) {
    // Nothing to fill: the match notes say so once; a candidate offering the same services is spare capacity.
    for (let i = 0; i < ctx.required.length; i++) if (covers(candidate, ctx.required[i], ref)) return 0.3;
    return 0;
  }
  let filled = 0;
  for (let i = 0; i < serviceGaps.length; i++) if (covers(candidate, serviceGaps[i], ref)) filled++;
  return filled / serviceGaps.length;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const { ref, serviceGaps } = ctx;
  const describe = (codes: readonly string[]) => codes.map((c) => ref.cpv.describe(c));
  if (!ctx.tender) {
    const adds = generalAdds(ctx, candidate);
    if (adds.length === 0) return { for: [], against: ['Offers no services you lack in or next to your sectors'] };
    const pros = [`Covers ${ref.cpv.describe(adds[0])}, which you do not`];
    if (adds.length > 1) pros.push(`Also covers ${listOf(describe(adds.slice(1)), SHOWN)}, which you lack`);
    return { for: pros, against: [] };
  }
  if (serviceGaps.length === 0) return { for: [], against: [] };
  const filled = serviceGaps.filter((code) => covers(candidate, code, ref));
  // One sentence for the first gap filled, one for the rest: room is left for the other factors' reasons.
  const pros = filled.slice(0, 1).map((code) => `Covers ${ref.cpv.describe(code)}, which you do not`);
  if (filled.length > 1) pros.push(`Also covers ${listOf(describe(filled.slice(1)), SHOWN)}, which you lack`);
  const missing = serviceGaps.filter((code) => !filled.includes(code));
  const cons: string[] = [];
  if (filled.length === 0) cons.push(`Covers none of the required services you lack (${listOf(describe(serviceGaps), SHOWN)})`);
  else if (missing.length > 0) cons.push(`Still leaves ${listOf(describe(missing), SHOWN)} uncovered`);
  return { for: pros, against: cons };
}

/** General fit: the candidate's services, in or next to the seeker's sectors, that the seeker lacks (sorted). */
function generalAdds(ctx: MatchContext, candidate: OrgProfile): string[] {
  const { ref, seeker } = ctx;
  const wanted = wantedSectors(seeker);
  return [...candidate.services].filter((code) => wanted.has(ref.cpv.sectorOf(code)) && !covers(seeker, code, ref)).sort();
}

const wantedCache = new WeakMap<OrgProfile, ReadonlySet<Sector>>();

/** The seeker's sectors and those tenders bundle with them. */
function wantedSectors(seeker: OrgProfile): ReadonlySet<Sector> {
  let wanted = wantedCache.get(seeker);
  if (!wanted) {
    const set = new Set<Sector>(seeker.sectors);
    for (const s of seeker.sectors) for (const t of INTEGRATES_WITH[s]) set.add(t);
    wantedCache.set(seeker, (wanted = set));
  }
  return wanted;
}

export const complementarity: Factor<number> = { score, reasons };
