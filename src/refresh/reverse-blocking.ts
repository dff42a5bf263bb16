/**
 * The blocking index turned round: from an organisation to the seekers whose blocking query it answers, and with
 * how many services (CellIndex's count, the pool's first sort key). An incremental refresh looks up the changed
 * organisations here, as they were and as they are, and visits only the seekers they reach: its cost follows the
 * changes and how far they reach, not N. Built from the base run's queries (one `add` per seeker, while the run
 * computes the seeker's list), so it answers for exactly those queries.
 *
 * Why it is exact (tests/unit/refresh/reverse-blocking.test.ts checks it against CellIndex on generated data):
 * CellIndex.find counts an organisation once per distinct query service it lists, when it lists at least one of
 * the query's areas (or the query has none), is open to partnering and is not excluded. A general-fit query's
 * services depend on the seeker's CPV groups only, so seekers share a few distinct service sets ("signatures");
 * the index maps each service code to the signatures holding it. Seekers share few distinct sets of query areas too
 * (their places and the places around them), so it maps each area code to the area sets holding it, and (signature,
 * area set) to the seekers whose query has both (queries without areas share one set, which every organisation
 * reaches). An organisation's count for a seeker is then the number of its services in the seeker's signature, and
 * it reaches the seekers filed under one of those signatures and a set holding one of its own areas: the same
 * condition, evaluated from the other side.
 *
 * A seeker may be filed with the lowest key it cares about (`minServices`, and `lastId` among organisations matching
 * exactly that many): then only organisations at or above it in pool order (more services matched, then lower id)
 * reach it. The base run files each seeker with the key of the last hit its state's edge holds (base-state.ts): an
 * organisation below it ranks below every hit the state knows, so it can neither be in the pool nor enter it
 * without the list being recomputed anyway, and the seeker need not be visited for it. The id matters at a
 * million organisations: most hits match one service of the query, as does the edge's last, and the id leaves out
 * all but about (cap + edge) ÷ hits of them.
 *
 * Size: one entry per seeker, plus the signatures and the area sets; entries() reports how many. (Until 2026-12-07
 * a seeker was filed once per query area code, ≈ 45 each: 45,000,000 entries at 1,000,000 organisations.)
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from '../store/types.ts';

/** The area-set key of queries without areas (they match an organisation wherever it works); no area code is empty. */
const ANYWHERE = '';

export class ReverseBlockingIndex {
  private readonly signatureOf = new Map<string, number>();
  /** service code → signatures whose query services include it */
  private readonly signaturesByCode = new Map<string, number[]>();
  /** area set (its codes, distinct, sorted, joined; ANYWHERE for none) → its number */
  private readonly areaSetOf = new Map<string, number>();
  /** area code → area sets holding it; ANYWHERE → the set of queries without areas */
  private readonly areaSetsByArea = new Map<string, number[]>();
  /**
   * The service and area arrays already filed, by identity (queries are not changed once filed): the queries decoded
   * from one state blob share one array per distinct set (state-blob.ts), so a seeker costs a look-up by reference
   * instead of sorting and joining ≈ 45 codes of each kind (at 1,000,000 organisations, a minute of an incremental
   * run's loading: docs/refresh.md). -1: no services (never filed).
   */
  private readonly signatureOfArray = new WeakMap<readonly string[], number>();
  private readonly areaSetOfArray = new WeakMap<readonly string[], number>();
  /** per signature: area set → per minServices (index) → seekers, and per seeker its lastId ('' for none) */
  private readonly seekers: Map<number, Filed[]>[] = [];
  /** seekers whose query excludes ids besides their own (honoured vetoes): those ids */
  private readonly excluded = new Map<string, ReadonlySet<string>>();
  private size = 0;

  /**
   * Files `seekerId` under its blocking query (add each seeker once), for organisations matching more than
   * `minServices`, or exactly that many with an id up to `lastId` (any id when it is not given).
   */
  add(seekerId: string, query: CandidateQuery, minServices = 1, lastId?: string): void {
    if (query.limit <= 0 || (query.areaCodes && query.areaCodes.length === 0)) return;
    const signature = this.signature(query.serviceCodes);
    if (signature < 0) return;
    const set = this.areaSet(query.areaCodes);
    const bySet = this.seekers[signature];
    let byMin = bySet.get(set);
    if (!byMin) bySet.set(set, (byMin = []));
    const min = Math.max(1, minServices);
    while (byMin.length <= min) byMin.push({ ids: [], lastIds: [] });
    byMin[min].ids.push(seekerId);
    byMin[min].lastIds.push(lastId ?? '');
    this.size++;
    const others = query.excludeIds.filter((id) => id !== seekerId);
    if (others.length > 0) this.excluded.set(seekerId, new Set(others));
  }

  /**
   * The seekers whose query `org` answers (its own excluded), each with the number of the query's services it
   * lists: the same hits and counts CellIndex.find works from; seekers filed with a higher minServices left out.
   */
  answered(org: Organisation): Map<string, number> {
    const out = new Map<string, number>();
    this.forEachAnswered(org, (seekerId, count) => out.set(seekerId, count));
    return out;
  }

  /** answered() without the map: `visit` is called once per seeker `org` reaches. */
  forEachAnswered(org: Organisation, visit: (seekerId: string, count: number) => void): void {
    if (!org.openToPartnering) return;
    const counts = new Map<number, number>();
    for (const code of new Set(org.services))
      for (const signature of this.signaturesByCode.get(code) ?? []) counts.set(signature, (counts.get(signature) ?? 0) + 1);
    if (counts.size === 0) return;
    // the area sets holding one of its areas, and the set of queries without areas
    const sets = new Set<number>();
    for (const area of [...org.areas, ANYWHERE]) for (const set of this.areaSetsByArea.get(area) ?? []) sets.add(set);
    const excluded = this.excluded.size > 0 ? this.excluded : undefined;
    for (const [signature, count] of counts) {
      const bySet = this.seekers[signature];
      // whichever is shorter: the sets it reaches, or those this signature's seekers are filed under
      const filed =
        bySet.size < sets.size ? [...bySet].filter(([set]) => sets.has(set)) : [...sets].map((set) => [set, bySet.get(set)] as const);
      for (const [, byMin] of filed) {
        if (!byMin) continue;
        for (let min = 1; min <= count && min < byMin.length; min++) {
          const { ids, lastIds } = byMin[min];
          const atLeast = min < count;
          for (let i = 0; i < ids.length; i++) {
            const seekerId = ids[i];
            if (!atLeast && lastIds[i] !== '' && org.id > lastIds[i]) continue;
            if (seekerId !== org.id && !excluded?.get(seekerId)?.has(org.id)) visit(seekerId, count);
          }
        }
      }
    }
  }

  /** seekers filed: the index's size, about 8 bytes each (the id and the lastId, referenced). */
  entries(): number {
    return this.size;
  }

  /** The signature of a query's services (-1: none), filing a new one. */
  private signature(codes: readonly string[]): number {
    let signature = this.signatureOfArray.get(codes);
    if (signature !== undefined) return signature;
    const services = [...new Set(codes)].sort();
    if (services.length === 0) signature = -1;
    else {
      const key = services.join(' ');
      signature = this.signatureOf.get(key);
      if (signature === undefined) {
        signature = this.signatureOf.size;
        this.signatureOf.set(key, signature);
        this.seekers.push(new Map());
        for (const code of services) push(this.signaturesByCode, code, signature);
      }
    }
    this.signatureOfArray.set(codes, signature);
    return signature;
  }

  /** The area set of a query's areas (none: the set of queries without areas), filing a new one. */
  private areaSet(codes: readonly string[] | undefined): number {
    let set = codes && this.areaSetOfArray.get(codes);
    if (set !== undefined) return set;
    const areas = codes ? [...new Set(codes)].sort() : [ANYWHERE];
    const key = areas.join(' ');
    set = this.areaSetOf.get(key);
    if (set === undefined) {
      set = this.areaSetOf.size;
      this.areaSetOf.set(key, set);
      for (const area of areas) push(this.areaSetsByArea, area, set);
    }
    if (codes) this.areaSetOfArray.set(codes, set);
    return set;
  }
}

/** Seekers filed under one (signature, area set, minServices), with the id each cares down to. */
interface Filed {
  ids: string[];
  lastIds: string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
