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
 * the index maps each service code to the signatures holding it, and (signature, area code) to the seekers whose
 * query has that signature and that area code ('' for queries without areas). An organisation's count for a
 * seeker is then the number of its services in the seeker's signature, and it reaches the seekers filed under
 * one of those signatures and one of its own areas (or ''): the same condition, evaluated from the other side.
 *
 * A seeker may be filed with the lowest key it cares about (`minServices`, and `lastId` among organisations matching
 * exactly that many): then only organisations at or above it in pool order (more services matched, then lower id)
 * reach it. The base run files each seeker with the key of the last hit its state's edge holds (base-state.ts): an
 * organisation below it ranks below every hit the state knows, so it can neither be in the pool nor enter it
 * without the list being recomputed anyway, and the seeker need not be visited for it. The id matters at a
 * million organisations: most hits match one service of the query, as does the edge's last, and the id leaves out
 * all but about (cap + edge) ÷ hits of them.
 *
 * Size: one entry per (seeker, query area code), plus the signatures; entries() reports how many.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from '../store/types.ts';

/** The bucket of queries without areas (they match an organisation wherever it works). */
const ANYWHERE = '';

export class ReverseBlockingIndex {
  private readonly signatureOf = new Map<string, number>();
  /** service code → signatures whose query services include it */
  private readonly signaturesByCode = new Map<string, number[]>();
  /** per signature: area code → per minServices (index) → seekers, and per seeker its lastId ('' for none) */
  private readonly seekers: Map<string, Filed[]>[] = [];
  /** seekers whose query excludes ids besides their own (honoured vetoes): those ids */
  private readonly excluded = new Map<string, ReadonlySet<string>>();
  private size = 0;

  /**
   * Files `seekerId` under its blocking query (add each seeker once), for organisations matching more than
   * `minServices`, or exactly that many with an id up to `lastId` (any id when it is not given).
   */
  add(seekerId: string, query: CandidateQuery, minServices = 1, lastId?: string): void {
    if (query.limit <= 0) return;
    const services = [...new Set(query.serviceCodes)].sort();
    if (services.length === 0) return;
    const key = services.join(' ');
    let signature = this.signatureOf.get(key);
    if (signature === undefined) {
      signature = this.signatureOf.size;
      this.signatureOf.set(key, signature);
      this.seekers.push(new Map());
      for (const code of services) push(this.signaturesByCode, code, signature);
    }
    const areas = query.areaCodes ? new Set(query.areaCodes) : new Set([ANYWHERE]);
    const byArea = this.seekers[signature];
    const min = Math.max(1, minServices);
    for (const area of areas) {
      let byMin = byArea.get(area);
      if (!byMin) byArea.set(area, (byMin = []));
      while (byMin.length <= min) byMin.push({ ids: [], lastIds: [] });
      byMin[min].ids.push(seekerId);
      byMin[min].lastIds.push(lastId ?? '');
    }
    this.size += areas.size;
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

  /** answered() without the map: `visit` is called once per (seeker, area of `org` that reaches it). */
  forEachAnswered(org: Organisation, visit: (seekerId: string, count: number) => void): void {
    if (!org.openToPartnering) return;
    const counts = new Map<number, number>();
    for (const code of new Set(org.services))
      for (const signature of this.signaturesByCode.get(code) ?? []) counts.set(signature, (counts.get(signature) ?? 0) + 1);
    const areas = [...new Set(org.areas), ANYWHERE];
    const excluded = this.excluded.size > 0 ? this.excluded : undefined;
    for (const [signature, count] of counts) {
      const byArea = this.seekers[signature];
      for (const area of areas) {
        const byMin = byArea.get(area);
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

  /** (seeker, query area) entries held: the index's size, about 4 bytes each as run-local ordinals. */
  entries(): number {
    return this.size;
  }
}

/** Seekers filed under one (signature, area, minServices), with the id each cares down to. */
interface Filed {
  ids: string[];
  lastIds: string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
