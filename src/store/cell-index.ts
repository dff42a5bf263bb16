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
 * across queries, so a query allocates little and is not re-entrant (one index per thread). "Then id" uses a
 * per-slot rank in id order (IdOrder below): the hits are ordered by one numeric sort of (count, rank) keys,
 * never by comparing strings.
 *
 * What it holds and hands back is an organisation, or anything made of one (`orgOf` reads the organisation back):
 * the nightly refresh indexes matching profiles, so ranking a pool needs no look-up from organisation to profile.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from './types.ts';

/** bits of a mark (CellIndex.marks) holding the count; the rest hold the stamp, so stamps wrap at MAX_STAMP */
const COUNT_BITS = 12;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
const MAX_STAMP = 2 ** (31 - COUNT_BITS) - 1;

export class CellIndex<T = Organisation> {
  private readonly slots: T[] = [];
  private readonly slotOf = new Map<string, number>();
  /** service code → area code → slots */
  private readonly cells = new Map<string, Map<string, number[]>>();
  /** service code → slots, for queries without areas */
  private readonly byService = new Map<string, number[]>();
  private readonly order = new IdOrder();
  /**
   * per slot, in one number (one memory access per posting, where two arrays cost two cache misses at 1,000,000
   * organisations): the (query, service) stamp that last counted it, and the services of the current query it
   * matched: `stamp << COUNT_BITS | count`. A slot whose stamp is older than the query's first is not yet touched.
   */
  private marks = new Int32Array(1024);
  private stamp = 0;
  /** the slots the current query touched, then their sort keys */
  private touched = new Int32Array(1024);
  private keys = new Float64Array(1024);
  /** per count, the touched slots with it (leastCountNeeded); zero between queries */
  private readonly histogram = new Int32Array(COUNT_MASK + 1);

  protected readonly orgOf: (item: T) => Organisation;

  /** `orgOf` is needed when the items are not organisations themselves. */
  constructor(items: Iterable<T> = [], orgOf?: (item: T) => Organisation) {
    this.orgOf = orgOf ?? ((item) => item as Organisation);
    this.set(items);
  }

  /** Organisations indexed (open to partnering or not). */
  get size(): number {
    return this.slots.length;
  }

  /** What is indexed now, one item per organisation (open to partnering or not), in the order first added. */
  items(): readonly T[] {
    return this.slots;
  }

  /** Adds organisations, or replaces those already indexed under the same id. */
  set(items: Iterable<T>): void {
    for (const item of items) {
      const org = this.orgOf(item);
      let slot = this.slotOf.get(org.id);
      if (slot === undefined) {
        slot = this.slots.length;
        this.slotOf.set(org.id, slot);
        this.order.add(org.id, slot);
        this.grow(slot + 1);
      } else this.unlink(this.orgOf(this.slots[slot]), slot);
      this.slots[slot] = item;
      // Organisations closed to partnering are never candidates: they stay out of the cells.
      if (org.openToPartnering) this.link(org, slot);
    }
    this.order.settle();
  }

  /** Same contract as Store.findCandidates (CandidateQuery). */
  find(query: CandidateQuery): T[] {
    if (query.limit <= 0 || this.slots.length === 0) return [];
    const areas = query.areaCodes ? [...new Set(query.areaCodes)] : undefined;
    const services = [...new Set(query.serviceCodes)];
    if (this.stamp + services.length >= MAX_STAMP) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    const first = this.stamp + 1;
    let n = 0;
    for (let s = 0; s < services.length; s++) {
      this.stamp++;
      if (areas) {
        const byArea = this.cells.get(services[s]);
        if (byArea) for (let a = 0; a < areas.length; a++) n = this.count(byArea.get(areas[a]), n, first);
      } else n = this.count(this.byService.get(services[s]), n, first);
    }
    // Exclusion by slot: the loops below then never read the organisations themselves (cold in cache).
    const excluded = new Set<number>();
    for (const id of query.excludeIds) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) excluded.add(slot);
    }
    // Only the first `limit` hits not excluded are returned, so at most the first limit + |excluded| in order
    // matter (issue 18: at 1,000,000 organisations a query touches tens of thousands of slots for a cap of 3,000).
    // First by count: hits matching fewer services than the `wanted`-th most come after at least `wanted` others,
    // so they are dropped without reading their id rank (a random access each).
    const wanted = query.limit + excluded.size;
    const { marks, touched, keys } = this;
    const least = n > wanted ? this.leastCountNeeded(n, wanted) : 1;
    // Most services matched first, then id: one numeric sort of (services not matched, id rank) keys.
    const { rank, byRank } = this.order;
    const size = this.slots.length;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const slot = touched[i];
      const count = marks[slot] & COUNT_MASK;
      if (count >= least) keys[kept++] = (0xffff - count) * size + rank[slot];
    }
    // Then by key: select the `wanted` smallest (linear), and sort those alone.
    const m = kept > 2 * wanted ? (selectSmallest(keys, kept, wanted), wanted) : kept;
    const sorted = keys.subarray(0, m).sort();
    const out: T[] = [];
    for (let i = 0; i < m && out.length < query.limit; i++) {
      const slot = byRank[sorted[i] % size];
      if (!excluded.has(slot)) out.push(this.slots[slot]);
    }
    return out;
  }

  /**
   * The largest count such that at least `wanted` of the n touched slots matched that many services or more (1 if
   * none): a histogram of the counts, read from the marks the counting just wrote.
   */
  private leastCountNeeded(n: number, wanted: number): number {
    const { marks, touched, histogram } = this;
    let most = 0;
    for (let i = 0; i < n; i++) {
      const count = marks[touched[i]] & COUNT_MASK;
      histogram[count]++;
      if (count > most) most = count;
    }
    let least = 1;
    for (let c = most, atLeast = 0; c >= 1; c--) {
      atLeast += histogram[c];
      if (atLeast >= wanted) {
        least = c;
        break;
      }
    }
    histogram.fill(0, 0, most + 1);
    return least;
  }

  /**
   * Counts the slots of one cell for the current (query, service) stamp; `first` is the query's first stamp.
   * Returns the new number touched.
   */
  private count(list: readonly number[] | undefined, n: number, first: number): number {
    if (!list) return n;
    const { marks, touched, stamp } = this;
    const stamped = stamp << COUNT_BITS;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i];
      const mark = marks[slot];
      const last = mark >>> COUNT_BITS;
      // An organisation in several of the areas counts once per service.
      if (last === stamp) continue;
      if (last >= first) marks[slot] = stamped | ((mark & COUNT_MASK) + 1);
      else {
        marks[slot] = stamped | 1;
        touched[n++] = slot;
      }
    }
    return n;
  }

  private link(org: Organisation, slot: number): void {
    const areas = [...new Set(org.areas)];
    const services = new Set(org.services);
    // the count a query gives it fits its bits (the schema allows far fewer: LIMITS.list.services)
    if (services.size > COUNT_MASK)
      throw new RangeError(`cell-index: ${org.id} lists ${services.size} services, at most ${COUNT_MASK} are counted`);
    for (const code of services) {
      push(this.byService, code, slot);
      let byArea = this.cells.get(code);
      if (!byArea) this.cells.set(code, (byArea = new Map<string, number[]>()));
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
    if (size <= this.marks.length) return;
    const length = Math.max(size, this.marks.length * 2);
    const marks = new Int32Array(length);
    marks.set(this.marks);
    this.marks = marks;
    this.touched = new Int32Array(length);
    this.keys = new Float64Array(length);
  }
}

/**
 * Slots in id order: `byRank[r]` is the slot of the r-th id, `rank[slot]` its position. A few new ids are placed
 * by binary search and only the ranks after them are rewritten (an API create costs well under a millisecond
 * at 100,000); many at once are sorted in one go.
 */
class IdOrder {
  rank = new Int32Array(1024);
  byRank: number[] = [];
  private ids: string[] = [];
  private pending: { id: string; slot: number }[] = [];

  add(id: string, slot: number): void {
    this.pending.push({ id, slot });
  }

  settle(): void {
    const { pending } = this;
    if (pending.length === 0) return;
    const size = this.ids.length + pending.length;
    if (this.rank.length < size) {
      const rank = new Int32Array(Math.max(1024, 2 * size));
      rank.set(this.rank);
      this.rank = rank;
    }
    if (pending.length > 64) this.rebuild();
    else for (const p of pending) this.insert(p.id, p.slot);
    this.pending = [];
  }

  private insert(id: string, slot: number): void {
    const { ids } = this;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    ids.splice(lo, 0, id);
    this.byRank.splice(lo, 0, slot);
    this.renumber(lo);
  }

  /**
   * Sorts the new ids alone and merges them into the sorted ones: linear in the ids held, allocating two arrays,
   * where sorting everything again cost a million-entry sort per loaded batch (issue 18).
   */
  private rebuild(): void {
    const added = this.pending.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const { ids: oldIds, byRank: oldSlots } = this;
    const ids = new Array<string>(oldIds.length + added.length);
    const byRank = new Array<number>(ids.length);
    let i = 0;
    let j = 0;
    for (let r = 0; r < ids.length; r++) {
      if (j >= added.length || (i < oldIds.length && oldIds[i] < added[j].id)) {
        ids[r] = oldIds[i];
        byRank[r] = oldSlots[i++];
      } else {
        ids[r] = added[j].id;
        byRank[r] = added[j++].slot;
      }
    }
    this.ids = ids;
    this.byRank = byRank;
    this.renumber(0);
  }

  private renumber(from: number): void {
    for (let r = from; r < this.byRank.length; r++) this.rank[this.byRank[r]] = r;
  }
}

/**
 * Moves the `k` smallest of keys[0, n) into keys[0, k), in no particular order (quickselect, Hoare 1961, with a
 * median-of-three pivot): linear on average where sorting all n is n log n. The keys are distinct.
 */
export function selectSmallest(keys: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = keys[lo];
    const b = keys[mid];
    const c = keys[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        const t = keys[i];
        keys[i++] = keys[j];
        keys[j--] = t;
      }
    }
    // keys[lo..j] <= pivot <= keys[i..hi]; between them (if any) equal the pivot
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
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
