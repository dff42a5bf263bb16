import type { MatchContext } from './context.ts';
import { strongestPresence } from './places.ts';
import type { OrgProfile } from './profile.ts';
import { MATCH_DEFAULTS } from './settings.ts';

/**
 * Hard filters, applied before scoring: the candidate is open to partnering, is not the seeker, is not on the
 * seeker's do-not-partner list, and has not put the seeker on its own (that one silently: it is the
 * candidate's private information).
 */
export function isEligibleCandidate(seeker: OrgProfile, candidate: OrgProfile): boolean {
  return candidate.openToPartnering && candidate.id !== seeker.id && !seeker.avoids.has(candidate.id) && !candidate.avoids.has(seeker.id);
}

/**
 * With a tender area, a candidate is ranked only when it is credibly there or next door: based or working at
 * authority level, or claiming a wider area its size makes plausible (places.ts, MATCH_DEFAULTS.places.credible).
 */
export function isCrediblyThere(ctx: MatchContext, candidate: OrgProfile): boolean {
  if (ctx.tenderLads.size === 0) return true;
  const { credible, nextDoor } = MATCH_DEFAULTS.places;
  if (strongestPresence(candidate.placeCodes, candidate.placeStrengths, ctx.tenderCounts) >= credible) return true;
  return nextDoor * strongestPresence(candidate.placeCodes, candidate.placeStrengths, ctx.adjacentCounts) >= credible * nextDoor;
}
