/**
 * Geography: "extends our reach" and "is rooted in this place" are both reasons to pick a partner
 * (DOMAIN.md). With a tender: the share of the tender area the seeker does not cover that the candidate
 * does (reach), plus local presence in the tender area (declared at authority level, not only region-wide),
 * plus presence next door. Without a tender: working in or next to the seeker's own places.
 */
import type { Reference } from '../../reference/types.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import { type FactorResult, notApplicable } from './types.ts';

const REACH_WEIGHT = 0.65;

export function geography(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  if (!ctx.tender) return general(ctx, candidate);
  if (ctx.tenderLads.size === 0) return notApplicable;
  const { ref, tenderLads, areaGaps, adjacentLads } = ctx;
  const inArea = intersect(candidate.lads, tenderLads);
  const rooted = intersect(candidate.localLads, tenderLads);
  const nextDoor = inArea.length === 0 ? intersect(candidate.lads, adjacentLads) : [];
  const presence = rooted.length > 0 ? 1 : inArea.length > 0 ? 0.5 : nextDoor.length > 0 ? 0.3 : 0;

  const reasons: string[] = [];
  const against: string[] = [];
  let score = presence;
  if (areaGaps.size > 0) {
    const fills = [...areaGaps].filter((lad) => candidate.lads.has(lad));
    score = REACH_WEIGHT * (fills.length / areaGaps.size) + (1 - REACH_WEIGHT) * presence;
    if (fills.length > 0) reasons.push(`Extends your reach into ${places(fills, ref)}, part of the tender area you do not cover`);
  }
  if (rooted.length > 0) reasons.push(`Rooted in ${places(rooted, ref)}: works there at local-authority level`);
  else if (nextDoor.length > 0) reasons.push(`Works next door to the tender area, in ${places(nextDoor, ref)}`);
  if (presence === 0) against.push('Has no presence in or next to the tender area');
  return { score, applicable: true, for: reasons, against };
}

function general(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const { ref, seeker, adjacentLads } = ctx;
  if (seeker.lads.size === 0) return notApplicable;
  const shared = intersect(candidate.lads, seeker.lads);
  const nextDoor = intersect(candidate.lads, adjacentLads);
  if (shared.length > 0) {
    const local = intersect(candidate.localLads, seeker.lads).length > 0;
    return { score: local ? 1 : 0.7, applicable: true, for: [`Works in ${places(shared, ref)}, where you do`], against: [] };
  }
  if (nextDoor.length > 0) {
    return { score: 0.6, applicable: true, for: [`Works next door in ${places(nextDoor, ref)}: could extend your reach`], against: [] };
  }
  return { score: 0, applicable: true, for: [], against: ['Works nowhere near your areas'] };
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out: string[] = [];
  for (const x of small) if (large.has(x)) out.push(x);
  return out;
}

/** LADs named by their upper-tier authority, most covered first: "Devon and Plymouth". */
export function places(lads: readonly string[], ref: Reference, max = 2): string {
  const counts = new Map<string, number>();
  for (const lad of lads) {
    const name = ref.geography.displayArea(lad)?.name ?? ref.geography.name(lad);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const names = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  return listOf(names, max);
}
