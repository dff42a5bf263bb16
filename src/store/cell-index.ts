/**
 * Candidate generation in memory: an inverted index from (service code, area code) "cells" to the
 * organisations that provide that service and operate in that area. A query touches only the cells of its own
 * services × areas, so its cost follows the number of organisations that match both conditions, not the
 * number that match either: at 100,000 organisations a tender in a region reads a few thousand entries where
 * walking everyone in its places (a quarter of organisations declare a region or all of England) reads tens of
 * thousands. The embedded store keeps one up to date; the nightly refresh builds one per run.
 *
 * "Blocking" as in record linkage: candidate pairs come from shared blocking keys instead of all N² pairs
 * (P. Christen, "A Survey of Indexing Techniques for Scalable Record Linkage and Deduplication", IEEE TKDE
 * 24(9), 2012). The keys are exactly those of CandidateQuery (src/store/types.ts): same filters, same order
 * (distinct services matched, most first, then id), same cut.
 *
 * Organisations get a slot (a number) when first added; per-query bookkeeping is typed arrays by slot reused
 * across queries, so a query is not re-entrant (one index per thread). "Then id" compares a per-slot rank kept
 * in id order (IdOrder below), so ranking never compares strings.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from './types.ts';

export class CellIndex {
  private readonly slots: Organisation[] = [];
  private readonly slotOf = new Map<string, number>();
  /** service code → area code → slots */
  private readonly cells = new Map<string, Map<string, number[]>>();
  /** service code → slots, for queries without areas */
  private readonly byService = new Map<string, number[]>();
  private readonly order = new IdOrder();
  /** per slot: services matched by the current query; and the (query, service) stamp that last counted it */
  private counts = new Uint16Array(1024);
  private lastStamp = new Int32Array(1024);
  private stamp = 0;

  constructor(organisations: Iterable<Organisation> = []) {
    this.set(organisations);
  }

  /** Organisations indexed (open to partnering or not). */
  get size(): number {
    return this.slots.length;
  }

  /** Adds organisations, or replaces those already indexed under the same id. */
  set(organisations: Iterable<Organisation>): void {
    for (const org of organisations) {
      let slot = this.slotOf.get(org.id);
      if (slot === undefined) {
        slot = this.slots.length;
        this.slotOf.set(org.id, slot);
        this.order.add(org.id, slot);
        this.grow(slot + 1);
      } else this.unlink(this.slots[slot], slot);
      this.slots[slot] = org;
      // Organisations closed to partnering are never candidates: they stay out of the cells.
      if (org.openToPartnering) this.link(org, slot);
    }
    this.order.settle();
  }

  /** Same contract as Store.findCandidates (CandidateQuery). */
  find(query: CandidateQuery): Organisation[] {
    if (query.limit <= 0 || this.slots.length === 0) return [];
    const { counts, lastStamp } = this;
    const touched: number[] = [];
    const areas = query.areaCodes ? [...new Set(query.areaCodes)] : undefined;
    const count = (list: readonly number[] | undefined) => {
      if (!list) return;
      for (const slot of list) {
        // An organisation in several of the areas counts once per service.
        if (lastStamp[slot] === this.stamp) continue;
        lastStamp[slot] = this.stamp;
        if (counts[slot]++ === 0) touched.push(slot);
      }
    };
    for (const code of new Set(query.serviceCodes)) {
      this.stamp = this.stamp === 0x7fffffff ? (lastStamp.fill(0), 1) : this.stamp + 1;
      if (areas) {
        const byArea = this.cells.get(code);
        if (byArea) for (const area of areas) count(byArea.get(area));
      } else count(this.byService.get(code));
    }
    // Most services matched first, then id: bucket by count, order each bucket by id rank.
    const buckets: number[][] = [];
    for (const slot of touched) {
      (buckets[counts[slot]] ??= []).push(slot);
      counts[slot] = 0;
    }
    const excluded = new Set(query.excludeIds);
    const rank = this.order.rank;
    const out: Organisation[] = [];
    for (let n = buckets.length - 1; n > 0 && out.length < query.limit; n--) {
      const bucket = buckets[n];
      if (!bucket) continue;
      bucket.sort((x, y) => rank[x] - rank[y]);
      for (let i = 0; i < bucket.length && out.length < query.limit; i++) {
        const org = this.slots[bucket[i]];
        if (!excluded.has(org.id)) out.push(org);
      }
    }
    return out;
  }

  private link(org: Organisation, slot: number): void {
    const areas = [...new Set(org.areas)];
    for (const code of new Set(org.services)) {
      push(this.byService, code, slot);
      let byArea = this.cells.get(code);
      if (!byArea) this.cells.set(code, (byArea = new Map()));
      for (const area of areas) push(byArea, area, slot);
    }
  }

  private unlink(org: Organisation, slot: number): void {
    if (!org.openToPartnering) return;
    for (const code of new Set(org.services)) {
      remove(this.byService.get(code), slot);
      const byArea = this.cells.get(code);
      if (byArea) for (const area of new Set(org.areas)) remove(byArea.get(area), slot);
    }
  }

  private grow(size: number): void {
    if (size <= this.counts.length) return;
    const length = Math.max(size, this.counts.length * 2);
    const counts = new Uint16Array(length);
    const lastStamp = new Int32Array(length);
    lastStamp.set(this.lastStamp);
    this.counts = counts;
    this.lastStamp = lastStamp;
  }
}

/**
 * Slots in id order, as a rank per slot. A few new ids are placed by binary search and given a rank between
 * their neighbours' (no renumbering, so an API create costs microseconds even at 100,000); many at once, or a
 * rank squeezed out of room, sort everything again.
 */
class IdOrder {
  rank = new Float64Array(1024);
  private ids: string[] = [];
  private slots: number[] = [];
  private pending: { id: string; slot: number }[] = [];

  add(id: string, slot: number): void {
    this.pending.push({ id, slot });
  }

  settle(): void {
    const { pending } = this;
    if (pending.length === 0) return;
    if (this.rank.length < this.ids.length + pending.length) {
      const rank = new Float64Array(Math.max(1024, 2 * (this.ids.length + pending.length)));
      rank.set(this.rank);
      this.rank = rank;
    }
    if (pending.length > 64) this.rebuild();
    else for (const p of pending) this.insert(p.id, p.slot);
    this.pending = [];
  }

  private insert(id: string, slot: number): void {
    const { ids, slots, rank } = this;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? rank[slots[lo - 1]] : (lo < slots.length ? rank[slots[lo]] : 0) - 1;
    const after = lo < slots.length ? rank[slots[lo]] : before + 2;
    ids.splice(lo, 0, id);
    slots.splice(lo, 0, slot);
    const between = (before + after) / 2;
    if (between > before && between < after) rank[slot] = between;
    else this.renumber();
  }

  private rebuild(): void {
    const all = this.ids.map((id, i) => ({ id, slot: this.slots[i] })).concat(this.pending);
    all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.ids = all.map((e) => e.id);
    this.slots = all.map((e) => e.slot);
    this.renumber();
  }

  private renumber(): void {
    for (let i = 0; i < this.slots.length; i++) this.rank[this.slots[i]] = i;
  }
}

function push(map: Map<string, number[]>, key: string, slot: number): void {
  const list = map.get(key);
  if (list) list.push(slot);
  else map.set(key, [slot]);
}

function remove(list: number[] | undefined, slot: number): void {
  const i = list ? list.indexOf(slot) : -1;
  if (i >= 0) list!.splice(i, 1);
}
