import type { Organisation } from './schema.ts';

/**
 * Canonical form for storage and comparison: codes deduplicated and sorted, partnerships sorted by year,
 * partner and model. Every store keeps organisations in this form, so equal input reads back equal.
 */
export function normaliseOrganisation(org: Organisation): Organisation {
  const uniqSorted = <T extends string>(xs: readonly T[]) => [...new Set(xs)].sort();
  const partnerships = [...new Map(org.partnerships.map((p) => [`${p.partnerId}|${p.year}|${p.model}`, p])).values()].sort(
    (a, b) => a.year - b.year || cmp(a.partnerId, b.partnerId) || cmp(a.model, b.model),
  );
  // Object.assign, not an object spread (same keys, same order): V8 gives every spread-built object that is later
  // frozen (as the embedded store freezes its records) a hidden class of its own, a million of them at a million
  // organisations, and each property read on a record then goes through a cold, unshared class (issue 18).
  const out: Organisation = Object.assign({}, org, {
    services: uniqSorted(org.services),
    // The base area is an area it works in, whether or not the record lists it.
    areas: uniqSorted(org.baseArea ? [...org.areas, org.baseArea] : org.areas),
    values: uniqSorted(org.values),
    partnerships,
  });
  if (org.private) {
    out.private = {
      doNotPartnerWith: uniqSorted(org.private.doNotPartnerWith),
      redLines: [...org.private.redLines],
      bidPlans: [...org.private.bidPlans],
    };
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
