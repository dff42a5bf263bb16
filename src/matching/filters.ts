import type { OrgProfile } from './profile.ts';

/**
 * Hard filters, applied before scoring: the candidate is open to partnering, is not the seeker, is not on the
 * seeker's do-not-partner list, and has not put the seeker on its own (that one silently: it is the
 * candidate's private information).
 */
export function isEligibleCandidate(seeker: OrgProfile, candidate: OrgProfile): boolean {
  return candidate.openToPartnering && candidate.id !== seeker.id && !seeker.avoids.has(candidate.id) && !candidate.avoids.has(seeker.id);
}
