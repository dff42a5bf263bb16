/**
 * The embedded (in-process) store, for a newcomer's one-command start and for tests: organisations and tenders in
 * maps, a (service, area) cell index for candidate generation and an index of who names whom as a partner. It
 * satisfies the same Store contract as the Neo4j adapter (tests/contract runs both). Stored records are normalised
 * and frozen, so a read returns the stored object itself.
 *
 * Candidate generation does not walk a graph: the cell index (src/store/cell-index.ts) answers it in time
 * proportional to the organisations that match, which keeps a match at 100,000 organisations in milliseconds.
 * The partnership index (src/store/partnership-index.ts) is kept in step on every write and answers
 * `partnershipsAround` from the stored records, as a partnership graph of them would (the Neo4j read model keeps
 * one: src/organisations/partnership-graph.ts); matching and consortia compute trust from it.
 *
 * With a `persistence` (the data directory's database, ./persistence), every batch is written there — one
 * transaction, on disk — before memory changes and before the call returns, and the store starts with what the
 * file holds. Without one, nothing outlives the process (tests, benchmarks).
 */
import { normaliseOrganisation } from '../../organisations/normalise.ts';
import type { Organisation } from '../../organisations/schema.ts';
import type { Tender } from '../../tenders/schema.ts';
import type { PartnershipNeighbourhood } from '../../organisations/partnership-graph.ts';
import type {
  CandidateQuery,
  OrganisationFilter,
  OrganisationSearch,
  Page,
  Store,
  StoreHealth,
  TenderSearch,
  UpsertSummary,
} from '../types.ts';
import { normaliseTender } from '../../tenders/normalise.ts';
import { canonicalJson, inCanonicalOrder } from '../../shared/canonical-json.ts';
import { matchesWordPrefixes, searchWords } from '../../shared/search-words.ts';
import { CellIndex } from '../cell-index.ts';
import { entryOf, organisationsOf, orgOfEntry, prepareEntry, preparedOf, type IndexEntry, type Prepare } from '../prepared.ts';
import { CodeIndex } from '../code-index.ts';
import { PartnershipIndex } from '../partnership-index.ts';
import { SharedParts } from '../shared-parts.ts';
import { sizeBand } from '../../organisations/size-band.ts';
import type { StorePersistence } from './persistence/store-file.ts';
import type { PartnerScorePersistence } from '../../refresh/embedded-partner-scores.ts';
import { IN_MEMORY } from '../../config.ts';
import type { RecordStore } from '../records.ts';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './persistence/database.ts';
import { sqliteRecordStore } from './persistence/records-file.ts';

export interface EmbeddedStoreOptions {
  /**
   * Called with each organisation written, once its batch is stored, and kept with it in the candidate index
   * (src/store/prepared.ts). The service passes the matching profile builder (prepareForMatching), so profiles
   * are built when data is written rather than by the first match request that meets each organisation.
   */
  prepare?: Prepare<unknown>;
  /** where written records are kept and read back from at start-up (./persistence/store-file.ts) */
  persistence?: StorePersistence;
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  /** who names whom as a partner; the records themselves are read from the organisations */
  private readonly partnerships = new PartnershipIndex((id) => this.organisations.get(id));
  private readonly organisations = new Map<string, Organisation>();
  /**
   * The searchWords of each distinct name, for searchOrganisations and filterOrganisations: by name rather than by
   * organisation, since names repeat (100,000 generated organisations have ≈74,000), and a record's name is its key.
   * A name no organisation bears any more stays until the process ends.
   */
  private readonly nameWords = new Map<string, readonly string[]>();
  /** one copy of each word of the names ("care", "trust"…): a million names share far fewer distinct words */
  private readonly words = new Map<string, string>();
  /** candidates, each with what `prepare` made of it */
  private readonly cells = new CellIndex<IndexEntry>([], orgOfEntry);
  /** one copy of each distinct code list, ways of working… held by the records (../shared-parts.ts) */
  private readonly parts = new SharedParts();
  private readonly idOf = (id: string) => this.organisations.get(id)?.id;
  /** every organisation by the services and areas it lists, for filterOrganisations */
  private readonly byService = new CodeIndex((org) => org.services);
  private readonly byArea = new CodeIndex((org) => org.areas);
  private readonly tenders = new Map<string, Tender>();
  private orgIdsSorted: string[] | undefined;
  private tenderIdsSorted: string[] | undefined;
  /** accounts, tokens, sessions, claims, audit, introductions: in the data directory's file, or an in-memory database */
  readonly records: RecordStore;
  private readonly recordsDatabase: EmbeddedDatabase | undefined;

  constructor(private readonly options: EmbeddedStoreOptions = {}) {
    if (options.persistence) this.restore(options.persistence);
    if (options.persistence) this.records = options.persistence.records;
    else {
      this.recordsDatabase = openEmbeddedDatabase(IN_MEMORY);
      this.records = sqliteRecordStore(this.recordsDatabase);
    }
  }

  /**
   * Start-up: what the file holds, into memory (the file gives records normalised). Matching profiles are then
   * built in the background, a batch per event-loop turn, so the store serves at once: a match that meets an
   * organisation not prepared yet builds its profile itself, as it would have without `prepare`.
   */
  private restore(persistence: StorePersistence): void {
    // One string per id, read first, so that a partner id points at it whether its organisation comes before or after.
    const ids = new Map(persistence.organisationIds().map((id) => [id, id]));
    const idOf = (id: string) => ids.get(id);
    // Each record is shared, frozen and indexed as it is read: its text and the parsed parts it no longer holds die young.
    for (const org of persistence.loadOrganisations()) {
      org.id = idOf(org.id) ?? org.id;
      deepFreeze(this.parts.share(org, idOf));
      this.partnerships.set(org);
      this.organisations.set(org.id, org);
      this.wordsOf(org.name); // built now, not by the first search
      this.byService.set(org);
      this.byArea.set(org);
    }
    const entries = Array.from(this.organisations.values(), (org) => entryOf(org));
    this.cells.set(entries);
    for (const tender of persistence.loadTenders()) this.tenders.set(tender.id, deepFreeze(normaliseTender(tender)));
    const { prepare } = this.options;
    if (prepare) this.prepared = new Promise((resolve) => this.prepareLater(entries, prepare, 0, resolve));
  }

  private wordsOf(name: string): readonly string[] {
    const known = this.nameWords.get(name);
    if (known) return known;
    const out = searchWords(name);
    for (let i = 0; i < out.length; i++) {
      const word = this.words.get(out[i]);
      if (word === undefined) this.words.set(out[i], out[i]);
      else out[i] = word;
    }
    this.nameWords.set(name, out);
    return out;
  }

  private preparing: NodeJS.Immediate | undefined;
  private prepared: Promise<void> = Promise.resolve();

  /** Resolves once every restored organisation's matching profile is built (start-up builds them in the background). */
  whenPrepared(): Promise<void> {
    return this.prepared;
  }

  private prepareLater(entries: readonly IndexEntry[], prepare: Prepare<unknown>, from: number, done: () => void): void {
    const BATCH = 2_000;
    this.preparing = setImmediate(() => {
      const to = Math.min(entries.length, from + BATCH);
      for (let i = from; i < to; i++) prepareEntry(entries[i], prepare);
      if (to < entries.length) this.prepareLater(entries, prepare, to, done);
      else {
        this.preparing = undefined;
        done();
      }
    });
  }

  async upsertOrganisations(orgs: readonly Organisation[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
    // Normalise the whole batch before touching the indices: nothing below can fail half-way. Keys in canonical order,
    // as a restart reads them back from the file: a record's text is then the same before and after one (an
    // incremental refresh compares the records its base run saw with those now by their text).
    const batch = [
      ...new Map(orgs.map((o) => [o.id, deepFreeze(this.parts.share(inCanonicalOrder(normaliseOrganisation(o)), this.idOf))])).values(),
    ];
    const changed: { org: Organisation; json: string }[] = [];
    for (const org of batch) {
      const existing = this.organisations.get(org.id);
      const json = canonicalJson(org);
      if (existing && canonicalJson(existing) === json) {
        summary.unchanged++;
        continue;
      }
      if (existing) summary.updated++;
      else summary.created++;
      changed.push({ org, json });
    }
    // On disk first: a batch is acknowledged only once it would survive a crash; memory follows.
    this.options.persistence?.saveOrganisations(changed.map(({ org, json }) => ({ id: org.id, json })));
    const written = changed.map(({ org }) => org);
    for (const org of written) {
      const previous = this.organisations.get(org.id);
      this.partnerships.set(org, previous);
      this.byService.set(org, previous);
      this.byArea.set(org, previous);
      this.organisations.set(org.id, org);
      this.wordsOf(org.name); // built now, not by the first search
    }
    const { prepare } = this.options;
    this.cells.set(written.map((org) => entryOf(org, prepare)));
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
    return organisationsOf(this.cells.find(query));
  }

  async findPreparedCandidates<P>(query: CandidateQuery, prepare: Prepare<P>): Promise<P[]> {
    return preparedOf(this.cells.find(query), prepare);
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
      if (query.words.length > 0 && !matchesWordPrefixes(this.wordsOf(org.name), query.words)) continue;
      found.push(org);
    }
    found.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    return { items: found.slice(query.offset, query.offset + query.limit), total: found.length };
  }

  /**
   * Reads the organisations under the filter's services or its areas, whichever index holds fewer entries for them
   * (every organisation when it names neither), and checks the other conditions on each.
   */
  async filterOrganisations(filter: OrganisationFilter): Promise<Page<Organisation>> {
    const indexed = [
      filter.serviceCodes ? { index: this.byService, codes: filter.serviceCodes } : undefined,
      filter.areaCodes ? { index: this.byArea, codes: filter.areaCodes } : undefined,
    ].filter((x) => x !== undefined);
    indexed.sort((a, b) => a.index.weight(a.codes) - b.index.weight(b.codes));
    const scan: Iterable<Organisation> = indexed.length > 0 ? indexed[0].index.find(indexed[0].codes) : this.organisations.values();
    const kinds = filter.kinds ? new Set<string>(filter.kinds) : undefined;
    const services = filter.serviceCodes ? new Set(filter.serviceCodes) : undefined;
    const areas = filter.areaCodes ? new Set(filter.areaCodes) : undefined;
    const bands = filter.sizeBands ? new Set<string>(filter.sizeBands) : undefined;
    const found: Organisation[] = [];
    for (const org of scan) {
      if (kinds && !kinds.has(org.kind)) continue;
      if (filter.openToPartnering !== undefined && org.openToPartnering !== filter.openToPartnering) continue;
      if (services && !org.services.some((code) => services.has(code))) continue;
      if (areas && !org.areas.some((code) => areas.has(code))) continue;
      if (bands && !bands.has(sizeBand(org))) continue;
      if (filter.words.length > 0 && !matchesWordPrefixes(this.wordsOf(org.name), filter.words)) continue;
      found.push(org);
    }
    found.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    return { items: found.slice(filter.offset, filter.offset + filter.limit), total: found.length };
  }

  async upsertTenders(tenders: readonly Tender[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
    const batch = [...new Map(tenders.map((t) => [t.id, deepFreeze(normaliseTender(t))])).values()];
    const changed: { tender: Tender; json: string }[] = [];
    for (const tender of batch) {
      const existing = this.tenders.get(tender.id);
      const json = canonicalJson(tender);
      if (existing && canonicalJson(existing) === json) {
        summary.unchanged++;
        continue;
      }
      if (existing) summary.updated++;
      else summary.created++;
      changed.push({ tender, json });
    }
    this.options.persistence?.saveTenders(changed.map(({ tender, json }) => ({ id: tender.id, json })));
    for (const { tender } of changed) this.tenders.set(tender.id, tender);
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

  /** The refresh runs and partner lists kept with this store's records, for EmbeddedPartnerScores; none when nothing is kept. */
  partnerScorePersistence(): PartnerScorePersistence | undefined {
    return this.options.persistence?.partnerScores;
  }

  async health(): Promise<StoreHealth> {
    const kept = this.options.persistence ? `kept in ${this.options.persistence.location}` : 'in memory only';
    return { ok: true, store: 'embedded', detail: `${this.organisations.size} organisations, ${kept}` };
  }

  async close(): Promise<void> {
    if (this.preparing) clearImmediate(this.preparing);
    this.options.persistence?.close();
    this.recordsDatabase?.close();
  }
}

/** Code-unit order, as Neo4j orders strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
