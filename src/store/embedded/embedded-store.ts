/**
 * The embedded (in-process) store, for a newcomer's one-command start and for tests: organisations and tenders in
 * maps, a (service, area) cell index for candidate generation and the partnership graph in graphology. It
 * satisfies the same Store contract as the Neo4j adapter (tests/contract runs both). Stored records are normalised
 * and frozen, so a read returns the stored object itself.
 *
 * Candidate generation does not walk a graph: the cell index (src/store/cell-index.ts) answers it in time
 * proportional to the organisations that match, which keeps a match at 100,000 organisations in milliseconds.
 * The partnership graph (src/organisations/partnership-graph.ts) is kept in step on every write and answers
 * `partnershipsAround`, from which matching and consortia compute trust.
 */
import { normaliseOrganisation } from '../../organisations/normalise.ts';
import type { Organisation } from '../../organisations/schema.ts';
import type { Tender } from '../../tenders/schema.ts';
import { PartnershipGraph, type PartnershipNeighbourhood } from '../../organisations/partnership-graph.ts';
import type { CandidateQuery, OrganisationSearch, Page, Store, StoreHealth, TenderSearch, UpsertSummary } from '../types.ts';
import { normaliseTender } from '../../tenders/normalise.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { matchesWordPrefixes, searchWords } from '../../shared/search-words.ts';
import { CellIndex } from '../cell-index.ts';

export interface EmbeddedStoreOptions {
  /**
   * Called with each organisation written, once its batch is stored. The service passes the matching profile
   * builder (prepareForMatching), so profiles are built when data is written rather than by the first match
   * request that meets each organisation.
   */
  prepare?: (org: Organisation) => void;
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly partnerships = new PartnershipGraph();
  private readonly organisations = new Map<string, Organisation>();
  /** each organisation's name as searchWords, for searchOrganisations */
  private readonly nameWords = new Map<string, string[]>();
  private readonly cells = new CellIndex();
  private readonly tenders = new Map<string, Tender>();
  private orgIdsSorted: string[] | undefined;
  private tenderIdsSorted: string[] | undefined;

  constructor(private readonly options: EmbeddedStoreOptions = {}) {}

  async upsertOrganisations(orgs: readonly Organisation[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
    // Normalise the whole batch before touching the graph: nothing below can fail half-way.
    const batch = [...new Map(orgs.map((o) => [o.id, deepFreeze(normaliseOrganisation(o))])).values()];
    const written: Organisation[] = [];
    for (const org of batch) {
      const existing = this.organisations.get(org.id);
      if (existing && sameJson(existing, org)) {
        summary.unchanged++;
        continue;
      }
      if (existing) summary.updated++;
      else summary.created++;
      this.partnerships.setOrganisation(org);
      this.organisations.set(org.id, org);
      this.nameWords.set(org.id, searchWords(org.name));
      written.push(org);
    }
    this.cells.set(written);
    if (this.options.prepare) for (const org of written) this.options.prepare(org);
    if (summary.created > 0) this.orgIdsSorted = undefined;
    return summary;
  }

  async getOrganisation(id: string): Promise<Organisation | undefined> {
    return this.organisations.get(id);
  }

  async getOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    const out: Organisation[] = [];
    for (const id of ids) {
      const org = this.organisations.get(id);
      if (org) out.push(org);
    }
    return out;
  }

  async listOrganisations(offset: number, limit: number): Promise<Page<Organisation>> {
    this.orgIdsSorted ??= [...this.organisations.keys()].sort();
    const items = this.orgIdsSorted.slice(offset, offset + limit).map((id) => this.organisations.get(id)!);
    return { items, total: this.organisations.size };
  }

  async findCandidates(query: CandidateQuery): Promise<Organisation[]> {
    return this.cells.find(query);
  }

  async partnershipsAround(ids: readonly string[], hops: 1 | 2): Promise<PartnershipNeighbourhood> {
    return this.partnerships.around(ids, hops);
  }

  /** A scan of every organisation: a few milliseconds at 100,000. */
  async searchOrganisations(query: OrganisationSearch): Promise<Page<Organisation>> {
    if (query.words.length === 0 && query.areaCodes === undefined) return { items: [], total: 0 };
    const areas = query.areaCodes ? new Set(query.areaCodes) : undefined;
    const found: Organisation[] = [];
    for (const org of this.organisations.values()) {
      if (areas && !org.areas.some((code) => areas.has(code))) continue;
      if (query.words.length > 0 && !matchesWordPrefixes(this.nameWords.get(org.id)!, query.words)) continue;
      found.push(org);
    }
    found.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    return { items: found.slice(query.offset, query.offset + query.limit), total: found.length };
  }

  async upsertTenders(tenders: readonly Tender[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
    const batch = [...new Map(tenders.map((t) => [t.id, deepFreeze(normaliseTender(t))])).values()];
    for (const tender of batch) {
      const existing = this.tenders.get(tender.id);
      if (existing && sameJson(existing, tender)) {
        summary.unchanged++;
        continue;
      }
      if (existing) summary.updated++;
      else summary.created++;
      this.tenders.set(tender.id, tender);
    }
    if (summary.created > 0) this.tenderIdsSorted = undefined;
    return summary;
  }

  async getTender(id: string): Promise<Tender | undefined> {
    return this.tenders.get(id);
  }

  async listTenders(offset: number, limit: number): Promise<Page<Tender>> {
    this.tenderIdsSorted ??= [...this.tenders.keys()].sort();
    return { items: this.tenderIdsSorted.slice(offset, offset + limit).map((id) => this.tenders.get(id)!), total: this.tenders.size };
  }

  async searchTenders(query: TenderSearch): Promise<Page<Tender>> {
    const found = [...this.tenders.values()].filter((t) => {
      const title = t.title.toLowerCase();
      return query.words.every((w) => title.includes(w));
    });
    found.sort((a, b) => compare(a.title, b.title) || compare(a.id, b.id));
    return { items: found.slice(query.offset, query.offset + query.limit), total: found.length };
  }

  async health(): Promise<StoreHealth> {
    return { ok: true, store: 'embedded', detail: `${this.organisations.size} organisations in memory` };
  }

  async close(): Promise<void> {}
}

/** Code-unit order, as Neo4j orders strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
