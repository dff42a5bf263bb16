/**
 * Geography: "extends our reach" and "is rooted in this place" are both reasons to pick a partner
 * (DOMAIN.md). With a tender: 65% reach — the share of the tender's local authorities the seeker does not
 * cover that the candidate does — and 35% presence: rooted (declared at authority level inside the tender
 * area) 1, working there through a wider area 0.5, next door 0.3. When the seeker already covers the whole
 * area, presence alone. Without a tender (general fit): working where the seeker works, or next door.
 * Coverage is counted through area containment (areas.ts), never by expanding each candidate's areas.
 */
import type { Reference } from '../../reference/types.ts';
import { coveredCount, ladsWithin } from '../areas.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';

const REACH_WEIGHT = 0.65;

/** 1 rooted in the tender area (declared at authority level), 0.5 working there, 0.3 next door, 0 neither. */
function presence(ctx: MatchContext, candidate: OrgProfile): number {
  if (coveredCount(candidate.localAreas, ctx.tenderCounts) > 0) return 1;
  if (coveredCount(candidate.areas, ctx.tenderCounts) > 0) return 0.5;
  return coveredCount(candidate.areas, ctx.adjacentCounts) > 0 ? 0.3 : 0;
}

function fills(ctx: MatchContext, candidate: OrgProfile): number {
  return ctx.areaGaps.size > 0 ? coveredCount(candidate.areas, ctx.gapCounts) : 0;
}

function score(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  if (!ctx.tender) return generalScore(ctx, candidate);
  if (ctx.tenderLads.size === 0) return undefined;
  const here = presence(ctx, candidate);
  const gaps = ctx.areaGaps.size;
  return gaps > 0 ? REACH_WEIGHT * Math.min(1, fills(ctx, candidate) / gaps) + (1 - REACH_WEIGHT) * here : here;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  if (!ctx.tender) return generalReasons(ctx, candidate);
  const { ref, tenderLads, areaGaps, adjacentLads } = ctx;
  const here = presence(ctx, candidate);
  const pros: string[] = [];
  if (fills(ctx, candidate) > 0)
    pros.push(
      `Extends your reach into ${places(ladsWithin(candidate.areas, areaGaps, ref), ref)}, part of the tender area you do not cover`,
    );
  if (here === 1)
    pros.push(`Rooted in ${places(ladsWithin(candidate.localAreas, tenderLads, ref), ref)}: works there at local-authority level`);
  else if (here === 0.3) pros.push(`Works next door to the tender area, in ${places(ladsWithin(candidate.areas, adjacentLads, ref), ref)}`);
  return { for: pros, against: here === 0 ? ['Has no presence in or next to the tender area'] : [] };
}

function generalScore(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  if (ctx.seeker.areas.length === 0) return undefined;
  if (coveredCount(candidate.areas, ctx.seekerCounts) > 0) return coveredCount(candidate.localAreas, ctx.seekerCounts) > 0 ? 1 : 0.7;
  return coveredCount(candidate.areas, ctx.adjacentCounts) > 0 ? 0.6 : 0;
}

function generalReasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const { ref, seeker, adjacentLads } = ctx;
  const s = generalScore(ctx, candidate);
  if (s === 1 || s === 0.7)
    return { for: [`Works in ${places(ladsWithin(candidate.areas, seeker.lads, ref), ref)}, where you do`], against: [] };
  if (s === 0.6)
    return {
      for: [`Works next door in ${places(ladsWithin(candidate.areas, adjacentLads, ref), ref)}: could extend your reach`],
      against: [],
    };
  return { for: [], against: ['Works nowhere near your areas'] };
}

export const geography: Factor = { score, reasons };

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
