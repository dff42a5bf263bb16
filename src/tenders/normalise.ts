import type { Tender } from './schema.ts';

/** Canonical form for storage: CPV and area codes deduplicated and sorted; lots keep their order. */
export function normaliseTender(tender: Tender): Tender {
  const uniqSorted = (xs: readonly string[]) => [...new Set(xs)].sort();
  return {
    ...tender,
    cpvCodes: uniqSorted(tender.cpvCodes),
    deliveryAreas: uniqSorted(tender.deliveryAreas),
    lots: tender.lots.map((lot) => ({ ...lot, cpvCodes: uniqSorted(lot.cpvCodes) })),
  };
}
