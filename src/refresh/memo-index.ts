/**
 * A run's candidate index with a memory of the queries it answered. A full refresh asks one blocking query per
 * seeker, and a general-fit query depends only on the seeker's CPV groups and areas (candidateQueryFor), so seekers
 * in the same places with the same kind of services ask the same query but for excluding themselves. At 1,000,000
 * organisations (≈ 3,400 an authority, docs/refresh.md) a query visits tens of thousands of postings, ≈ 1.25 ms,
 * while the 100,000 seekers of the first tenth of a run ask ≈ 33,000 distinct queries (measured on the bench's
 * generator): an answer kept for the next seeker who asks it saves most of that walk.
 *
 * Exact: the answer to (services, areas, excluded E, limit L) is the first L hits in order that are not in E, and
 * those are among the first L + |E| hits with nothing excluded. That is what is kept (per set of services, set of areas
 * and L + |E|), and each call filters and cuts it afresh, so callers may keep or change the array they get.
 * tests/unit/refresh/memo-index.test.ts compares it with CellIndex on generated data.
 *
 * Bounded: at most `capacity` answers, the least recently used dropped first (a Map keeps insertion order).
 */
import type { Organisation } from '../organisations/schema.ts';
import { CellIndex } from '../store/cell-index.ts';
import type { CandidateQuery } from '../store/types.ts';

export class MemoCellIndex<T> extends CellIndex<T> {
  private readonly answers = new Map<string, T[]>();
  private asked = 0;
  private answered = 0;

  constructor(
    items: Iterable<T>,
    orgOf: ((item: T) => Organisation) | undefined,
    private readonly capacity: number,
  ) {
    super(items, orgOf);
  }

  override set(items: Iterable<T>): void {
    this.answers?.clear(); // undefined while the base constructor indexes the first items
    super.set(items);
  }

  override find(query: CandidateQuery): T[] {
    if (this.capacity <= 0 || query.limit <= 0) return super.find(query);
    const wanted = query.limit + query.excludeIds.length;
    const key = `${keyOf(query.serviceCodes)}|${query.areaCodes ? keyOf(query.areaCodes) : '*'}|${wanted}`;
    this.asked++;
    let hits = this.answers.get(key);
    if (hits) {
      this.answered++;
      this.answers.delete(key); // to the back: most recently used
    } else {
      hits = super.find({ serviceCodes: query.serviceCodes, areaCodes: query.areaCodes, excludeIds: [], limit: wanted });
      if (this.answers.size >= this.capacity) this.answers.delete(this.answers.keys().next().value!);
    }
    this.answers.set(key, hits);
    if (query.excludeIds.length === 0) return hits.slice(0, query.limit);
    const excluded = new Set(query.excludeIds);
    const out: T[] = [];
    for (let i = 0; i < hits.length && out.length < query.limit; i++) if (!excluded.has(this.orgOf(hits[i]).id)) out.push(hits[i]);
    return out;
  }

  /** queries asked, and how many were answered from memory */
  memoStats(): { asked: number; answered: number; kept: number } {
    return { asked: this.asked, answered: this.answered, kept: this.answers.size };
  }
}

/** the distinct codes, sorted, joined: the same set gives the same key whatever the order or repeats */
function keyOf(codes: readonly string[]): string {
  return [...new Set(codes)].sort().join(',');
}
