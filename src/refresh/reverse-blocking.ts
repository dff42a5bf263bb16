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
 * A seeker may be filed with `minServices`: then only organisations matching at least that many of its query's
 * services reach it. The base run files each seeker with the services matched by the last hit its state's edge
 * holds (base-state.ts): an organisation matching fewer ranks below every hit the state knows, so it can neither
 * be in the pool nor enter it without the list being recomputed anyway, and the seeker need not be visited for it.
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
  /** per signature: area code → per minServices (index) → seekers */
  private readonly seekers: Map<string, string[][]>[] = [];
  /** seekers whose query excludes ids besides their own (honoured vetoes): those ids */
  private readonly excluded = new Map<string, ReadonlySet<string>>();
  private size = 0;

  /** Files `seekerId` under its blocking query (add each seeker once), for organisations matching ≥ minServices. */
  add(seekerId: string, query: CandidateQuery, minServices = 1): void {
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
      while (byMin.length <= min) byMin.push([]);
      byMin[min].push(seekerId);
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
        for (let min = 1; min <= count && min < byMin.length; min++)
          for (const seekerId of byMin[min]) if (seekerId !== org.id && !excluded?.get(seekerId)?.has(org.id)) visit(seekerId, count);
      }
    }
  }

  /** (seeker, query area) entries held: the index's size, about 4 bytes each as run-local ordinals. */
  entries(): number {
    return this.size;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
