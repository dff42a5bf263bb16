/**
 * Geography: "extends our reach" and "is rooted in this place" are both reasons to pick a partner
 * (DOMAIN.md). With a tender: 65% reach — the share of the tender's local authorities the seeker does not
 * cover that the candidate does — and 35% presence: rooted (declared at authority level inside the tender
 * area) 1, working there through a wider area 0.5, next door 0.3. When the seeker already covers the whole
 * area, presence alone. Without a tender (general fit): working where the seeker works, or next door.
 * Coverage is counted through area containment (areas.ts), never by expanding each candidate's areas.
 */
import type { Reference } from '../../reference/types.ts';
import { coveredCount } from '../areas.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import { type FactorResult, lazyResult, notApplicable } from './types.ts';

const REACH_WEIGHT = 0.65;

export function geography(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  if (!ctx.tender) return general(ctx, candidate);
  if (ctx.tenderLads.size === 0) return notApplicable;
  const inArea = coveredCount(candidate.areas, ctx.tenderCounts);
  const rooted = coveredCount(candidate.localAreas, ctx.tenderCounts);
  const nextDoor = inArea === 0 ? coveredCount(candidate.areas, ctx.adjacentCounts) : 0;
  const presence = rooted > 0 ? 1 : inArea > 0 ? 0.5 : nextDoor > 0 ? 0.3 : 0;
  const fills = ctx.areaGaps.size > 0 ? coveredCount(candidate.areas, ctx.gapCounts) : 0;
  const score = ctx.areaGaps.size > 0 ? REACH_WEIGHT * Math.min(1, fills / ctx.areaGaps.size) + (1 - REACH_WEIGHT) * presence : presence;

  return lazyResult(score, () => {
    const { ref, tenderLads, areaGaps, adjacentLads } = ctx;
    const reasons: string[] = [];
    if (fills > 0) reasons.push(`Extends your reach into ${places(ladsIn(candidate.lads, areaGaps), ref)}, part of the tender area you do not cover`);
    if (rooted > 0) reasons.push(`Rooted in ${places(ladsIn(candidate.localLads, tenderLads), ref)}: works there at local-authority level`);
    else if (nextDoor > 0) reasons.push(`Works next door to the tender area, in ${places(ladsIn(candidate.lads, adjacentLads), ref)}`);
    return { for: reasons, against: presence === 0 ? ['Has no presence in or next to the tender area'] : [] };
  });
}

function general(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  if (ctx.seeker.areas.length === 0) return notApplicable;
  const shared = coveredCount(candidate.areas, ctx.seekerCounts);
  if (shared > 0) {
    const local = coveredCount(candidate.localAreas, ctx.seekerCounts) > 0;
    return lazyResult(local ? 1 : 0.7, () => ({ for: [`Works in ${places(ladsIn(candidate.lads, ctx.seeker.lads), ctx.ref)}, where you do`] }));
  }
  if (coveredCount(candidate.areas, ctx.adjacentCounts) > 0) {
    return lazyResult(0.6, () => ({ for: [`Works next door in ${places(ladsIn(candidate.lads, ctx.adjacentLads), ctx.ref)}: could extend your reach`] }));
  }
  return lazyResult(0, () => ({ against: ['Works nowhere near your areas'] }));
}

/** The members of `a` that are in `b`. */
export function ladsIn(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
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
