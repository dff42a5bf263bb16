/**
 * Blocking for the batch refresh: an in-memory inverted index from (service code, area code) to the
 * organisations that provide that service and operate in that area, built once per run in O(N). A query
 * touches only the cells of its own services × areas, so at fixed density (organisations per service and
 * place) its cost does not grow with N, where a query that walks every provider of a code does.
 *
 * "Blocking" as in record linkage: candidate pairs come from shared blocking keys instead of all N² pairs
 * (P. Christen, "A Survey of Indexing Techniques for Scalable Record Linkage and Deduplication", IEEE TKDE
 * 24(9), 2012). The keys are exactly those of CandidateQuery (src/store/types.ts), and `find` returns what
 * Store.findCandidates returns for the same query over the same organisations: same filters, same order
 * (distinct services matched, most first, then id), same cut.
 *
 * Organisations are numbered in id order (slot = rank by id), so "then id" is "then slot", and the per-query
 * bookkeeping is typed arrays reused across queries (a query is not re-entrant; one index per thread).
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from '../store/types.ts';

export class CandidateIndex {
  /** organisations open to partnering, in id order; the position is the slot */
  private readonly slots: Organisation[] = [];
  private readonly slotOf = new Map<string, number>();
  /** service code → area code → slots (ascending) */
  private readonly cells = new Map<string, Map<string, Int32Array>>();
  /** service code → slots (ascending), for queries without areas */
  private readonly byService = new Map<string, Int32Array>();
  /** per slot: services matched by the current query; and the service (1-based) that last counted it */
  private readonly counts: Uint16Array;
  private readonly lastService: Int32Array;
  private queryNumber = 0;
  readonly size: number;

  /** Organisations closed to partnering are never candidates, so they are left out. */
  constructor(organisations: Iterable<Organisation>) {
    const sorted = [...organisations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.size = sorted.length;
    const cells = new Map<string, Map<string, number[]>>();
    const byService = new Map<string, number[]>();
    for (const org of sorted) {
      if (!org.openToPartnering) continue;
      const slot = this.slots.length;
      this.slots.push(org);
      this.slotOf.set(org.id, slot);
      for (const code of new Set(org.services)) {
        push(byService, code, slot);
        let byArea = cells.get(code);
        if (!byArea) cells.set(code, (byArea = new Map()));
        for (const area of new Set(org.areas)) push(byArea, area, slot);
      }
    }
    for (const [code, byArea] of cells) this.cells.set(code, new Map([...byArea].map(([area, list]) => [area, Int32Array.from(list)])));
    for (const [code, list] of byService) this.byService.set(code, Int32Array.from(list));
    this.counts = new Uint16Array(this.slots.length);
    this.lastService = new Int32Array(this.slots.length);
  }

  /** Same contract as Store.findCandidates (CandidateQuery), answered from memory. */
  find(query: CandidateQuery): Organisation[] {
    if (query.limit <= 0 || this.slots.length === 0) return [];
    const { counts, lastService } = this;
    const touched: number[] = [];
    const areas = query.areaCodes ? [...new Set(query.areaCodes)] : undefined;
    for (const code of new Set(query.serviceCodes)) {
      // A number unique to this (query, service): an organisation in several of the areas counts once.
      const stamp = ++this.queryNumber;
      const count = (list: Int32Array | undefined) => {
        if (!list) return;
        for (let i = 0; i < list.length; i++) {
          const slot = list[i];
          if (lastService[slot] === stamp) continue;
          lastService[slot] = stamp;
          if (counts[slot]++ === 0) touched.push(slot);
        }
      };
      if (areas) {
        const byArea = this.cells.get(code);
        if (byArea) for (const area of areas) count(byArea.get(area));
      } else count(this.byService.get(code));
    }
    // Most services matched first, then id (= slot): bucket by count, sort each bucket's slots.
    const buckets: number[][] = [];
    for (const slot of touched) {
      const n = counts[slot];
      counts[slot] = 0;
      (buckets[n] ??= []).push(slot);
    }
    const excluded = new Set<number>();
    for (const id of query.excludeIds) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) excluded.add(slot);
    }
    const out: Organisation[] = [];
    for (let n = buckets.length - 1; n > 0 && out.length < query.limit; n--) {
      const bucket = buckets[n];
      if (!bucket) continue;
      const ordered = Int32Array.from(bucket).sort();
      for (let i = 0; i < ordered.length && out.length < query.limit; i++) if (!excluded.has(ordered[i])) out.push(this.slots[ordered[i]]);
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
