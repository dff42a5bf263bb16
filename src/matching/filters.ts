import type { MatchContext } from './context.ts';
import { strongestPresence } from './places.ts';
import type { OrgProfile } from './profile.ts';
import { MATCH_DEFAULTS } from './settings.ts';
import { vetoed, type VetoRule } from './vetoes.ts';

/**
 * Hard filters, applied before scoring: the candidate is open to partnering, is not the seeker, and neither side
 * has put the other on a do-not-partner list that this computation honours (vetoes.ts: only lists the caller may
 * read, so that no one learns a list from what goes missing).
 */
export function isEligibleCandidate(seeker: OrgProfile, candidate: OrgProfile, honours: VetoRule): boolean {
  return candidate.openToPartnering && candidate.id !== seeker.id && !vetoed(seeker, candidate, honours);
}

/**
 * With a tender area, a candidate is ranked only when it is credibly there or next door: based or working at
 * authority level, or claiming a wider area its size makes plausible (places.ts, MATCH_DEFAULTS.places.credible).
 */
export function isCrediblyThere(ctx: Pick<MatchContext, 'tenderLads' | 'tenderCounts' | 'adjacentCounts'>, candidate: OrgProfile): boolean {
  if (ctx.tenderLads.size === 0) return true;
  const { credible, nextDoor } = MATCH_DEFAULTS.places;
  if (strongestPresence(candidate.placeCodes, candidate.placeStrengths, ctx.tenderCounts) >= credible) return true;
  return nextDoor * strongestPresence(candidate.placeCodes, candidate.placeStrengths, ctx.adjacentCounts) >= credible * nextDoor;
}
