/**
 * Geography: "extends our reach" and "is rooted in this place" are both reasons to pick a partner
 * (docs/domain.md), and both are weighed by evidence, not claims (places.ts, docs/evidence.md). With a tender:
 *
 *   score = reachShare × reach + (1 − reachShare) × presence     (presence alone when the seeker is present everywhere)
 *
 * reach: the candidate's presence summed over the tender's authorities where the seeker is not present, over how
 * many they are; presence: its strongest presence in the tender area, or `nextDoor` × its strongest next to it.
 * Without a tender (general fit): presence where the seeker works, or next to it. A region listed by a small
 * organisation adds almost nothing, and the reasons say which kind of presence it is: "based in Bradford",
 * "says it works in Leeds (authority level)", "says it works across Yorkshire and The Humber".
 */
import type { Reference } from '../../reference/types.ts';
import type { AreaCounts } from '../areas.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import { demoNote, describePresence, presenceByTerm, presenceSum, sizeWords, strongestPresence, type PlaceTerm } from '../places.ts';
import type { OrgProfile } from '../profile.ts';
import { MATCH_DEFAULTS } from '../settings.ts';
import type { Factor, Reasons } from './types.ts';

const { reachShare, nextDoor, present } = MATCH_DEFAULTS.places;
/** A wide claim at least this strong is mentioned as a (weak) reason for; below it, as a reason against. */
const CREDIBLE_CLAIM = 0.2;

/** Strongest presence inside the counted area, else `nextDoor` × the strongest presence next to it. */
function presence(candidate: OrgProfile, inside: AreaCounts, around: AreaCounts): number {
  const here = strongestPresence(candidate.placeCodes, candidate.placeStrengths, inside);
  if (here > 0) return here;
  return nextDoor * strongestPresence(candidate.placeCodes, candidate.placeStrengths, around);
}

function score(ctx: MatchContext, candidate: OrgProfile): number | undefined {
  if (!ctx.tender) return ctx.seeker.footprint.size > 0 ? presence(candidate, ctx.seekerCounts, ctx.adjacentCounts) : undefined;
  if (ctx.tenderLads.size === 0) return undefined;
  const here = presence(candidate, ctx.tenderCounts, ctx.adjacentCounts);
  const gaps = ctx.areaGaps.size;
  if (gaps === 0) return here;
  const reach = presenceSum(candidate.placeCodes, candidate.placeIncrements, ctx.gapCounts) / gaps;
  return reachShare * Math.min(1, reach) + (1 - reachShare) * here;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const { ref } = ctx;
  const inside = ctx.tender ? ctx.tenderLads : ctx.seeker.footprint;
  const pros: string[] = [];
  const cons: string[] = [];
  const local = presenceByTerm(candidate.places, inside, ref, present);
  if (local.length > 0) {
    const gaps = ctx.tender ? local.filter((g) => g.lads.some((lad) => ctx.areaGaps.has(lad))) : [];
    const text = phrases(local, ref);
    if (gaps.length > 0) {
      const reached = gaps.flatMap((g) => g.lads.filter((lad) => ctx.areaGaps.has(lad)));
      pros.push(`Extends your reach into ${places(reached, ref)}, part of the tender area where you are not present: ${text}`);
    } else pros.push(ctx.tender ? `Rooted in the tender area: ${text}` : `Works where you do: ${text}`);
    return { for: pros, against: cons };
  }
  const claims = presenceByTerm(candidate.places, inside, ref, Number.MIN_VALUE);
  const nextDoorTerms = presenceByTerm(candidate.places, ctx.adjacentLads, ref, present);
  if (nextDoorTerms.length > 0)
    pros.push(`Works next door to ${ctx.tender ? 'the tender area' : 'your areas'}: ${phrases(nextDoorTerms, ref)}`);
  if (claims.length > 0) {
    const claim = claims[0].term;
    const said = `${capitalise(describePresence(claim, ref.geography.name(claim.code)))}`;
    if (claim.strength >= CREDIBLE_CLAIM)
      pros.push(
        `${said}: for its size (${sizeWords(candidate.org)}) it could plausibly work in part of the tender area${demoNote([claim.source])}`,
      );
    else
      cons.push(
        `${said}, but with ${sizeWords(candidate.org)} that is no evidence it works in ${places(claims[0].lads, ref)}${demoNote([claim.source])}`,
      );
  } else if (nextDoorTerms.length === 0)
    cons.push(ctx.tender ? 'Has no presence in or next to the tender area' : 'Works nowhere near your areas');
  return { for: pros, against: cons };
}

/** "based in Bradford; says it works in Leeds (authority level)", then " (demo data)" when any is synthetic. */
function phrases(groups: readonly { term: PlaceTerm; lads: string[] }[], ref: Reference): string {
  const text = groups
    .slice(0, 3)
    .map((g) => describePresence(g.term, ref.geography.name(g.term.code)))
    .join('; ');
  return `${text}${demoNote(groups.slice(0, 3).map((g) => g.term.source))}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
