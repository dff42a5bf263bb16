import type { Organisation } from '../organisations/schema.ts';

/**
 * Hard filters, applied before scoring: the candidate is open to partnering, is not the seeker, is not on the
 * seeker's do-not-partner list, and has not put the seeker on its own (that one silently: it is the
 * candidate's private information).
 */
export function isEligibleCandidate(seeker: Organisation, candidate: Organisation): boolean {
  if (candidate.id === seeker.id || !candidate.openToPartnering) return false;
  if (seeker.private?.doNotPartnerWith.includes(candidate.id)) return false;
  if (candidate.private?.doNotPartnerWith.includes(seeker.id)) return false;
  return true;
}
