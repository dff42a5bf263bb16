/**
 * Blocking for the batch refresh: an in-memory inverted index from (service code, area code) to the
 * organisations that provide that service and operate in that area, built once per run in O(N). A query
 * touches only the cells for its own services × areas, so at fixed density (organisations per service and
 * place) its cost does not grow with N, where a store query that walks every provider of a code does.
 *
 * "Blocking" as in record linkage: candidate pairs are generated from shared blocking keys instead of all N²
 * pairs (P. Christen, "A Survey of Indexing Techniques for Scalable Record Linkage and Deduplication", IEEE
 * TKDE 24(9), 2012). The keys here are exactly those of CandidateQuery (src/store/types.ts), and `find`
 * returns what Store.findCandidates returns for the same query over the same organisations: same filters,
 * same order (distinct services matched, most first, then id), same cut.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from '../store/types.ts';

export class CandidateIndex {
  /** service code → area code → organisations open to partnering (id order) */
  private readonly cells = new Map<string, Map<string, Organisation[]>>();
  /** service code → organisations open to partnering, for queries without areas */
  private readonly byService = new Map<string, Organisation[]>();
  readonly size: number;

  /** Organisations closed to partnering are never candidates, so they are left out of the index. */
  constructor(organisations: Iterable<Organisation>) {
    let size = 0;
    const sorted = [...organisations].sort((a, b) => cmp(a.id, b.id));
    for (const org of sorted) {
      size++;
      if (!org.openToPartnering) continue;
      for (const code of new Set(org.services)) {
        push(this.byService, code, org);
        let byArea = this.cells.get(code);
        if (!byArea) this.cells.set(code, (byArea = new Map()));
        for (const area of new Set(org.areas)) push(byArea, area, org);
      }
    }
    this.size = size;
  }

  /** Same contract as Store.findCandidates (CandidateQuery), answered from memory. */
  find(query: CandidateQuery): Organisation[] {
    if (query.limit <= 0) return [];
    const excluded = new Set(query.excludeIds);
    const matched = new Map<Organisation, number>();
    const areas = query.areaCodes ? [...new Set(query.areaCodes)] : undefined;
    for (const code of new Set(query.serviceCodes)) {
      // An organisation in several of the areas must count once for this code.
      const seen = new Set<Organisation>();
      if (areas) {
        const byArea = this.cells.get(code);
        if (!byArea) continue;
        for (const area of areas) for (const org of byArea.get(area) ?? []) seen.add(org);
      } else {
        for (const org of this.byService.get(code) ?? []) seen.add(org);
      }
      for (const org of seen) if (!excluded.has(org.id)) matched.set(org, (matched.get(org) ?? 0) + 1);
    }
    return [...matched]
      .sort((a, b) => b[1] - a[1] || cmp(a[0].id, b[0].id))
      .slice(0, query.limit)
      .map(([org]) => org);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
