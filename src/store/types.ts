import type { Logger } from 'pino';
import type { PartnershipNeighbourhood } from '../organisations/partnership-graph.ts';
import type { Organisation, OrganisationKind } from '../organisations/schema.ts';
import type { SizeBand } from '../organisations/size-band.ts';
import type { Tender } from '../tenders/schema.ts';
import type { Prepare } from './prepared.ts';
import type { RecordStore } from './records.ts';

/**
 * Candidate generation ("blocking"), the same in every store. An organisation qualifies when it
 *  - is open to partnering and not in `excludeIds`,
 *  - provides at least one of `serviceCodes` exactly (the caller expands the CPV hierarchy first), and
 *  - when `areaCodes` is given, operates in at least one of them exactly (the caller expands areas to the
 *    containing and adjacent areas first).
 * Results are ordered by the number of distinct `serviceCodes` provided (most first), then by id, and cut at
 * `limit`.
 */
export interface CandidateQuery {
  serviceCodes: readonly string[];
  areaCodes?: readonly string[];
  excludeIds: readonly string[];
  limit: number;
}

/**
 * Finding organisations for a person (the web app's "find your organisation"), the same in every store:
 *  - `words` (from searchWords, at most 8): every word begins a word of the organisation's name;
 *  - `areaCodes`: it operates in at least one of these exact codes (the caller expands a place first).
 * At least one of the two must be given: an empty query finds nothing. Results are ordered by name, then id.
 */
export interface OrganisationSearch {
  words: readonly string[];
  areaCodes?: readonly string[];
  offset: number;
  limit: number;
}

/**
 * Finding organisations by what they are (GET /v1/organisations, the market view), the same in every store. Every
 * condition given must hold:
 *  - `words` (from searchWords, at most 8): every word begins a word of the name, as in OrganisationSearch;
 *  - `kinds`: its kind is one of these;
 *  - `serviceCodes`: it lists at least one of these exact codes (the caller expands the CPV hierarchy first);
 *  - `areaCodes`: it lists at least one of these exact codes (the caller expands containment first);
 *  - `sizeBands`: its size band (sizeBand in src/organisations/size-band.ts, on the bounds SIZE_BOUNDS) is one of these;
 *  - `openToPartnering`: it is (true) or is not (false) open to partnering.
 * An empty list is a condition nobody meets; an absent one is no condition. Ordered by name, then id.
 */
export interface OrganisationFilter {
  words: readonly string[];
  kinds?: readonly OrganisationKind[];
  serviceCodes?: readonly string[];
  areaCodes?: readonly string[];
  sizeBands?: readonly SizeBand[];
  openToPartnering?: boolean;
  offset: number;
  limit: number;
}

/**
 * Finding tenders by title: every one of `words` (from searchWords, at most 8) occurs in the lower-cased title.
 * No words finds every tender. Ordered by title, then id.
 */
export interface TenderSearch {
  words: readonly string[];
  offset: number;
  limit: number;
}

export interface UpsertSummary {
  created: number;
  updated: number;
  unchanged: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Every kind of store. src/store/registry.ts builds each kind and src/refresh/wiring.ts gives each its partner-score
 * store, both as records over StoreKind: a kind added here does not compile until both say how to build it.
 */
export const STORE_KINDS = ['embedded', 'neo4j'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface StoreHealth {
  ok: boolean;
  store: StoreKind;
  detail?: string;
}

/**
 * The graph store. Organisations are returned whole, private fields included: the HTTP layer decides what a
 * caller may see. Arrays come back in canonical order (see normaliseOrganisation), so every implementation
 * returns equal objects for equal input.
 *
 * Throws StoreUnavailableError when the backing database cannot be reached (retriable).
 */
export interface Store {
  readonly kind: StoreKind;
  /** accounts, tokens, sessions, claims, the audit log and introductions (src/store/records.ts) */
  readonly records: RecordStore;
  upsertOrganisations(orgs: readonly Organisation[]): Promise<UpsertSummary>;
  getOrganisation(id: string): Promise<Organisation | undefined>;
  getOrganisations(ids: readonly string[]): Promise<Organisation[]>;
  listOrganisations(offset: number, limit: number): Promise<Page<Organisation>>;
  findCandidates(query: CandidateQuery): Promise<Organisation[]>;
  /**
   * findCandidates' answer, each candidate as `prepare` makes it (the matching profile: src/store/prepared.ts). A
   * store that keeps candidates in memory keeps what `prepare` made of each with it, so a match looks nothing up;
   * pass the same function every time (prepareForMatching(ref) is one per reference) or each call prepares anew.
   */
  findPreparedCandidates<P>(query: CandidateQuery, prepare: Prepare<P>): Promise<P[]>;
  /**
   * The partnership graph around `ids` (src/organisations/partnership-graph.ts): every partnership record on an
   * edge touching them (hops 1), or touching them or their partners (hops 2), records and nodes in canonical order.
   */
  partnershipsAround(ids: readonly string[], hops: 1 | 2): Promise<PartnershipNeighbourhood>;
  searchOrganisations(query: OrganisationSearch): Promise<Page<Organisation>>;
  /** Organisations meeting every condition of the filter (OrganisationFilter), a page of them and how many in all. */
  filterOrganisations(filter: OrganisationFilter): Promise<Page<Organisation>>;

  upsertTenders(tenders: readonly Tender[]): Promise<UpsertSummary>;
  getTender(id: string): Promise<Tender | undefined>;
  listTenders(offset: number, limit: number): Promise<Page<Tender>>;
  searchTenders(query: TenderSearch): Promise<Page<Tender>>;

  health(): Promise<StoreHealth>;
  /**
   * Optional start-up work of a long-running process (the API calls it once, in the background, after it starts
   * listening): checking the stored data model, warming caches. Never throws: what goes wrong is logged, and
   * requests are served meanwhile.
   */
  start?(logger: Logger): Promise<void>;
  close(): Promise<void>;
}
