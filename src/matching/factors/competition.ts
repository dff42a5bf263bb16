/**
 * Competition / IP risk: a partner that delivers the same kinds of service (CPV class) in the same places is
 * also your rival in the next bid. Risk = (share of your service classes it also delivers) × (its presence over
 * the local authorities where you work, as a share: places.ts, so a region claimed by a small charity is little
 * overlap); the score is 1 − risk, so 1 means no overlap.
 */
import type { Sector } from '../../reference/types.ts';
import type { Reference } from '../../reference/types.ts';
import { presenceByTerm, presenceSum } from '../places.ts';
import { MATCH_DEFAULTS } from '../settings.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import { classOf, type OrgProfile } from '../profile.ts';
import { places } from './geography.ts';
import type { Factor, Reasons } from './types.ts';

/** A declared authority-level presence counts as full overlap: a rival you should take at its word. */
const FULL_PRESENCE = MATCH_DEFAULTS.places.authority * MATCH_DEFAULTS.evidence.declared;
/** Risk below which no reason is shown: a sliver of overlap is not worth a bid manager's attention. */
const MENTION_RISK = 0.1;

function risk(ctx: MatchContext, candidate: OrgProfile): number {
  const { seeker } = ctx;
  const seekerLads = seeker.footprint.size;
  if (seeker.serviceClasses.size === 0 || seekerLads === 0) return 0;
  let sharedClasses = 0;
  const classes = seeker.serviceClassList;
  for (let i = 0; i < classes.length; i++) if (candidate.serviceClasses.has(classes[i])) sharedClasses++;
  if (sharedClasses === 0) return 0;
  const shared = Math.min(1, presenceSum(candidate.placeCodes, candidate.placeIncrements, ctx.seekerCounts) / (seekerLads * FULL_PRESENCE));
  return (sharedClasses / seeker.serviceClasses.size) * shared;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  if (risk(ctx, candidate) < MENTION_RISK) return { for: [], against: [] };
  const { ref, seeker } = ctx;
  // Name the sectors of the seeker's own codes in the contested classes (a class can span two sectors).
  const contested = new Set([...seeker.serviceClasses].filter((c) => candidate.serviceClasses.has(c)));
  const codes = [...seeker.services].filter((code) => contested.has(classOf(code, ref)));
  const sectors = [...new Set<Sector>(codes.map((c) => ref.cpv.sectorOf(c)))].map((s) => ref.cpv.sectorLabel(s));
  return {
    for: [],
    against: [`Competes with you for ${listOf(sectors, 2)} in ${places(rivalLads(candidate, seeker.footprint, ref), ref)}`],
  };
}

/** Where the candidate works among `lads`: where it is present if anywhere, else where it claims to. */
function rivalLads(candidate: OrgProfile, lads: ReadonlySet<string>, ref: Reference): string[] {
  const groups = presenceByTerm(candidate.places, lads, ref, Number.MIN_VALUE);
  const strong = groups.filter((g) => g.term.basis !== 'wide');
  return (strong.length > 0 ? strong : groups).flatMap((g) => g.lads);
}

export const competition: Factor<number> = { score: (ctx, candidate) => 1 - risk(ctx, candidate), reasons };
