/**
 * The Neo4j adapter of the Store contract (src/store/types.ts). Queries run through the process's Neo4jClient
 * (client.ts: driver, sessions, retries, schema set-up, error translation); rows are built and read back by
 * records.ts.
 *
 * Graph: (:Organisation {id, json, name, searchKey, kind, …})-[:PROVIDES]->(:Service {code}),
 * -[:OPERATES_IN]->(:Area {code}), -[:PARTNERED_WITH {model, year, outcome, success}]->(:Organisation),
 * -[:HAS_PRIVATE]->(:OrganisationPrivate {id, json, …}), label :OpenToPartnering when open;
 * (:Tender {id, json, …})-[:REQUIRES]->(:Service),
 * -[:DELIVERED_IN]->(:Area); (:CandidateEntry {id, hit, tokens}) per open organisation, its terms in the full-text
 * index the candidate query searches. A partner not stored yet is a placeholder (:Organisation {id}) without json,
 * skipped by every read. Queries live in cypher/ (see docs/neo4j-store.md).
 *
 * Writes run in one managed transaction, so a batch upsert is all-or-nothing; single-statement reads first try one
 * auto-commit transaction (Neo4jClient.readStatement). Failures the driver could not retry away are thrown as
 * StoreUnavailableError; other driver errors unchanged.
 */
import type { Logger } from 'pino';
import type { PartnershipNeighbourhood } from '../../organisations/partnership-graph.ts';
import type { Organisation } from '../../organisations/schema.ts';
import type { Tender } from '../../tenders/schema.ts';
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
import { SIZE_BOUNDS } from '../../organisations/size-band.ts';
import { BATCH_DEFAULTS } from '../write-in-batches.ts';
import { int, Neo4jClient, type Neo4jClientSource, type Neo4jRecord, type Transaction } from './client.ts';
import { loadCypher } from './cypher-loader.ts';
import { Neo4jRecords } from './neo4j-records.ts';
import { deepFreeze, OrganisationCache, ORGANISATION_CACHE_DEFAULTS } from './organisation-cache.ts';
import { ReadModel, type OrganisationChange, type ReadModelOptions } from './read-model.ts';
import type { ChangeFeed } from '../change-feed.ts';
import type { Prepare } from '../prepared.ts';
import {
  areaToken,
  candidateHit,
  countOf,
  organisationFromColumns,
  organisationRows,
  neighbourhoodFromRows,
  rankCandidateHits,
  serviceToken,
  tenderFromColumn,
  tenderRows,
  type UpsertStatus,
} from './records.ts';

/** The schema commands, one constraint or index each (a schema command must be alone in its transaction). */
const SCHEMA_QUERIES = [
  'schema-organisation-id',
  'schema-service-code',
  'schema-area-code',
  'schema-tender-id',
  'schema-organisation-private-id',
  'schema-candidate-entry-id',
  'schema-candidate-entry-tokens',
  'schema-organisation-search',
  'schema-change-counter-name',
  'schema-organisation-change-seq',
  'schema-removed-organisation-id',
  'schema-removed-organisation-change-seq',
] as const;

/** Every query the adapter runs, by file name in cypher/. Loaded (and checked) when a store is constructed. */
export const QUERY_NAMES = [
  ...SCHEMA_QUERIES,
  'await-schema',
  'classify-organisations',
  'upsert-organisations',
  'clear-organisation-links',
  'link-organisation-services',
  'link-organisation-areas',
  'link-organisation-partners',
  'upsert-private',
  'delete-private',
  'upsert-candidate-entries',
  'delete-candidate-entries',
  'get-organisations',
  'list-organisations',
  'count-organisations',
  'find-candidates',
  'find-candidates-in-areas',
  'get-partnerships-around',
  'search-organisations',
  'search-organisations-in-areas',
  'filter-organisations',
  'filter-organisations-by-name',
  'search-tenders',
  'page-candidate-organisations',
  'count-outdated-organisations',
  'page-outdated-organisations',
  'classify-tenders',
  'upsert-tenders',
  'link-tender-services',
  'link-tender-areas',
  'get-tender',
  'list-tenders',
  'count-tenders',
  'health',
  'delete-by-id-prefix',
  'delete-orphan-codes',
  'next-change-seq',
  'current-change-seq',
  'page-organisations',
  'organisations-changed',
  'organisations-removed',
  'mark-removed-organisations',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

/**
 * Version of the graph model (the derived properties, labels and links written next to each record's json).
 * Bump it when they change: classify-organisations then reports stored nodes as updated and rewrites them, so
 * loading the data again migrates the graph.
 */
export const MODEL_VERSION = 6;

/** Connection settings (the store then owns a client of its own) or `{ client }` to share one; plus: */
export type Neo4jStoreOptions = Neo4jClientSource & {
  /** Folder holding the .cypher files (tests point it elsewhere). */
  cypherDir?: string;
  /** Decoded organisations kept for candidate queries (see organisation-cache.ts); 0 disables the cache. */
  organisationCacheSize?: number;
  /** start() fills that cache (warmOrganisationCache); default false. Not done when the read model is on. */
  warmCacheOnStart?: boolean;
  /**
   * Keep the in-process read model (read-model.ts): start() builds it, and from then on findCandidates and
   * getOrganisations answer from memory while it is fresh. Absent: every read goes to Neo4j (CLI, workers, tests).
   */
  readModel?: Omit<ReadModelOptions, 'feed'>;
  /** Told of every committed organisation change (other processes' read models catch up at once); owned: closed by close(). */
  changeFeed?: ChangeFeed;
};

export const NEO4J_STORE_DEFAULTS = {
  /** How long ensureSchema waits for a new index to be populated (existing data is indexed in the background). */
  indexOnlineTimeoutSeconds: 300,
  /** organisations read per query when warming the cache */
  warmPageSize: 5_000,
} as const;

export class Neo4jStore implements Store {
  readonly kind = 'neo4j' as const;
  /** The process's Neo4j client; the partner-score store shares it (src/refresh/wiring.ts). */
  readonly client: Neo4jClient;
  private readonly ownsClient: boolean;
  private readonly q: Record<QueryName, string>;
  /** Candidates already decoded, reused only at the version Neo4j reports (never stale; see organisation-cache.ts). */
  readonly organisationCache: OrganisationCache;
  private readonly warmCacheOnStart: boolean;
  /** every organisation in memory, kept fresh from Neo4j's change numbers (read-model.ts); when configured */
  readonly readModel: ReadModel | undefined;
  private readonly changeFeed: ChangeFeed | undefined;
  /** accounts, tokens, sessions, claims, audit, introductions: (:Record) nodes (neo4j-records.ts) */
  readonly records: Neo4jRecords;

  /** Throws CypherFileMissingError when a query file is missing. Does not connect: the driver connects lazily. */
  constructor(options: Neo4jStoreOptions) {
    this.q = loadCypher(QUERY_NAMES, options.cypherDir);
    ({ client: this.client, owned: this.ownsClient } = Neo4jClient.from(options));
    this.records = new Neo4jRecords(this.client);
    this.organisationCache = new OrganisationCache(options.organisationCacheSize ?? ORGANISATION_CACHE_DEFAULTS.maxEntries);
    this.warmCacheOnStart = options.warmCacheOnStart ?? false;
    this.changeFeed = options.changeFeed;
    if (options.readModel) {
      // Causal reads: on a cluster, the member that answers "the changes up to n" has applied change n.
      const read = this.client.causalReader();
      const rows = (name: QueryName, params: Record<string, unknown>) =>
        read('readModel', async (tx) => (await tx.run(this.q[name], params)).records);
      this.readModel = new ReadModel(
        {
          currentSeq: async () => countOf((await rows('current-change-seq', {}))[0]?.get('seq')),
          page: async (after, limit) => (await rows('page-organisations', { after, limit: int(limit) })).map(toChange),
          changes: async (after, upTo) => {
            const bounds = { afterSeq: int(after), upTo: int(upTo) };
            const written = await rows('organisations-changed', bounds);
            const removed = await rows('organisations-removed', bounds);
            // In change order: a removal and a later write naming the removed organisation as a partner, say.
            return [...written.map(toChange), ...removed.map((r) => ({ id: r.get('id') as string, seq: countOf(r.get('seq')) }))].sort(
              (a, b) => a.seq - b.seq,
            );
          },
        },
        { ...options.readModel, feed: options.changeFeed },
      );
    }
  }

  /**
   * Start-up work of the API (Store.start, run in the background): warns when organisations were written by an
   * older graph model (until `npm run load:neo4j -- --migrate` rewrites them, some are not found as candidates),
   * then fills the cache of decoded organisations when `warmCacheOnStart` (warmOrganisationCache). Never throws:
   * with Neo4j down at boot the first requests simply fetch their candidates, as they would without warming.
   */
  async start(logger: Logger): Promise<void> {
    try {
      const outdated = await this.countOutdatedOrganisations();
      if (outdated > 0) {
        logger.warn(
          { outdated, modelVersion: MODEL_VERSION },
          'organisations written by an older version of the graph model: run `npm run load:neo4j -- --migrate` once; until then some are not found as candidates',
        );
      }
    } catch (err) {
      logger.warn({ err }, 'graph model not checked');
    }
    if (this.readModel) {
      try {
        await this.ensureSchema();
        const { organisations, ms } = await this.readModel.start(logger);
        logger.info({ organisations, ms, maxStalenessMs: this.readModel.maxStalenessMs }, 'read model built');
      } catch (err) {
        logger.warn({ err }, 'read model not built: reads go to Neo4j');
      }
      return;
    }
    if (!this.warmCacheOnStart) return;
    const started = Date.now();
    try {
      const organisations = await this.warmOrganisationCache();
      logger.info({ organisations, cached: this.organisationCache.size, ms: Date.now() - started }, 'organisation cache warmed');
    } catch (err) {
      logger.warn({ err }, 'organisation cache not warmed');
    }
  }

  /**
   * Creates the uniqueness constraints (and their indexes) and the full-text index of candidate tokens if they
   * do not exist yet, then waits until that index is online (`indexOnlineTimeoutSeconds`). Idempotent and safe to run
   * concurrently; the first write and the first candidate query with areas call it, so a store created while
   * Neo4j was down still gets its schema once Neo4j is back. Throws StoreUnavailableError when Neo4j cannot be reached.
   */
  ensureSchema(): Promise<void> {
    return this.client.ensureSchema(
      'store',
      SCHEMA_QUERIES.map((name) => this.q[name]),
      async () => {
        await this.client.read('ensureSchema await-schema', (tx) =>
          tx.run(this.q['await-schema'], { timeoutSeconds: int(NEO4J_STORE_DEFAULTS.indexOnlineTimeoutSeconds) }),
        );
      },
    );
  }

  async upsertOrganisations(orgs: readonly Organisation[]): Promise<UpsertSummary> {
    const rows = organisationRows(orgs);
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    await this.ensureSchema();
    const { summary, changeSeq, changed } = await this.client.write('upsertOrganisations', async (tx) => {
      const statuses = await classify(tx, this.q['classify-organisations'], {
        rows: rows.map((r) => ({ id: r.id, json: r.json, privateJson: r.privateJson })),
        modelVersion: MODEL_VERSION,
      });
      const changed = rows.filter((r) => statuses.get(r.id) !== 'unchanged');
      const updatedIds = changed.filter((r) => statuses.get(r.id) === 'updated').map((r) => r.id);
      let changeSeq: number | undefined;
      if (changed.length > 0) {
        changeSeq = await nextChangeSeq(tx, this.q['next-change-seq']);
        await tx.run(this.q['upsert-organisations'], {
          rows: changed.map((r) => r.node),
          modelVersion: MODEL_VERSION,
          changeSeq: int(changeSeq),
        });
        if (updatedIds.length > 0) {
          await tx.run(this.q['clear-organisation-links'], { ids: updatedIds });
          await tx.run(this.q['delete-private'], { ids: updatedIds });
          await tx.run(this.q['delete-candidate-entries'], { ids: updatedIds });
        }
        await tx.run(this.q['link-organisation-services'], { rows: changed.map((r) => ({ id: r.id, services: r.services })) });
        await tx.run(this.q['link-organisation-areas'], { rows: changed.map((r) => ({ id: r.id, areas: r.areas })) });
        const withPartners = changed.filter((r) => r.partnerships.length > 0);
        if (withPartners.length > 0) {
          await tx.run(this.q['link-organisation-partners'], {
            rows: withPartners.map((r) => ({ id: r.id, partnerships: r.partnerships })),
          });
        }
        const withPrivate = changed.flatMap((r) => (r.private ? [r.private] : []));
        if (withPrivate.length > 0) await tx.run(this.q['upsert-private'], { rows: withPrivate });
        const entries = changed.filter((r) => r.node.openToPartnering === true && r.services.length > 0 && r.areas.length > 0);
        if (entries.length > 0) {
          await tx.run(this.q['upsert-candidate-entries'], {
            rows: entries.map((r) => ({ id: r.id, hit: candidateHit(r.id, r.version, r.services), tokens: r.tokens })),
          });
        }
      }
      return { summary: summarise(statuses), changeSeq, changed };
    });
    if (changeSeq !== undefined) {
      this.readModel?.noteChanges(
        changed.map((r) => ({ id: r.id, seq: changeSeq, organisation: deepFreeze(organisationFromColumns(r.json, r.privateJson)) })),
      );
      void this.changeFeed?.publish(changeSeq);
    }
    return summary;
  }

  async getOrganisation(id: string): Promise<Organisation | undefined> {
    return (await this.getOrganisations([id]))[0];
  }

  /** From the read model while it is fresh (so within its staleness bound), else from Neo4j. */
  async getOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    if (this.readModel?.fresh()) return this.readModel.get(ids);
    return this.fetchOrganisations(ids);
  }

  /** Always from Neo4j: pages of ids a query has just found (search, filter) must not miss a newer record. */
  private async fetchOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    if (ids.length === 0) return [];
    return (await this.readStatement('getOrganisations', 'get-organisations', { ids: [...ids] })).map(toOrganisation);
  }

  async listOrganisations(offset: number, limit: number): Promise<Page<Organisation>> {
    const { records, total } = await this.client.read('listOrganisations', async (tx) => {
      const page = await tx.run(this.q['list-organisations'], { offset: int(offset), limit: int(limit) });
      const count = await tx.run(this.q['count-organisations']);
      return { records: page.records, total: count.records[0]?.get('total') as unknown };
    });
    return { items: records.map(toOrganisation), total: countOf(total) };
  }

  /**
   * From the read model while it is fresh (read-model.ts: within its staleness bound). Otherwise from Neo4j:
   * with areas the query searches the full-text index of candidate entries and returns every hit (id, content
   * version, services); they are ranked here (rankCandidateHits) and cut at the limit. Without areas it starts from
   * the Service nodes and ranks in Cypher. Organisations the cache holds at exactly that version are reused, only
   * the others are fetched (get-organisations) and remembered. One round trip when the cache holds every
   * candidate, two otherwise (see readStatement).
   */
  async findPreparedCandidates<P>(query: CandidateQuery, prepare: Prepare<P>): Promise<P[]> {
    if (this.readModel?.fresh()) return this.readModel.findPrepared(query, prepare);
    const found = await this.candidatesFromNeo4j(query);
    // The organisation cache hands back the same decoded organisation while its version holds: prepare each once.
    const out = new Array<P>(found.length);
    for (let i = 0; i < found.length; i++) {
      const kept = this.preparedFallback.get(found[i]);
      if (kept?.by === prepare) out[i] = kept.prepared as P;
      else this.preparedFallback.set(found[i], { by: prepare, prepared: (out[i] = prepare(found[i])) });
    }
    return out;
  }

  /** what findPreparedCandidates made of organisations read from Neo4j (at most what the organisation cache holds live) */
  private readonly preparedFallback = new WeakMap<Organisation, { by: Prepare<unknown>; prepared: unknown }>();

  async findCandidates(query: CandidateQuery): Promise<Organisation[]> {
    if (this.readModel?.fresh()) return this.readModel.find(query);
    return this.candidatesFromNeo4j(query);
  }

  private async candidatesFromNeo4j(query: CandidateQuery): Promise<Organisation[]> {
    if (query.serviceCodes.length === 0 || query.limit <= 0) return [];
    if (query.areaCodes?.length === 0) return [];
    const serviceCodes = [...new Set(query.serviceCodes)];
    const excludeIds = [...new Set(query.excludeIds)];
    const limit = int(query.limit);
    let ranked: { ids: string[]; versions: (number | null)[] };
    if (query.areaCodes) {
      await this.ensureSchema(); // the full-text index must exist and be online
      const [row] = await this.readStatement('findCandidates', 'find-candidates-in-areas', {
        tokenQueries: tokenQueries(serviceCodes, [...new Set(query.areaCodes)]),
      });
      ranked = rankCandidateHits((row?.get('hits') ?? []) as string[], new Set(serviceCodes), new Set(excludeIds), query.limit);
    } else {
      const [row] = await this.readStatement('findCandidates', 'find-candidates', { serviceCodes, excludeIds, limit }); // ranked and cut in Cypher
      ranked = { ids: (row?.get('ids') ?? []) as string[], versions: (row?.get('versions') ?? []) as (number | null)[] };
    }
    const { ids, versions } = ranked;
    const cache = this.organisationCache;
    const found = new Array<Organisation | undefined>(ids.length);
    const missing: string[] = [];
    for (let i = 0; i < ids.length; i++) if ((found[i] = cache.get(ids[i], versions[i])) === undefined) missing.push(ids[i]);
    const fetched = new Map<string, Organisation>();
    if (missing.length > 0) {
      for (const record of await this.readStatement('findCandidates', 'get-organisations', { ids: missing })) {
        const organisation = cache.set(record.get('version') as number | null, toOrganisation(record));
        fetched.set(organisation.id, organisation);
      }
    }
    // Neo4j reads are read committed, in one transaction or two: a candidate deleted between the two statements is
    // left out, like one deleted just before the first.
    const out: Organisation[] = [];
    for (let i = 0; i < ids.length; i++) {
      const organisation = found[i] ?? fetched.get(ids[i]);
      if (organisation !== undefined) out.push(organisation);
    }
    return out;
  }

  /**
   * With words, the organisation_search full-text index finds the names (one prefix term per word); areas then
   * filter. Without words, the organisations linked to the areas. One page of ids, then their records.
   */
  async searchOrganisations(query: OrganisationSearch): Promise<Page<Organisation>> {
    if (query.words.length === 0 && query.areaCodes === undefined) return { items: [], total: 0 };
    const paging = { offset: int(query.offset), limit: int(query.limit) };
    let row: Neo4jRecord | undefined;
    if (query.words.length > 0) {
      if (prefixQuery(query.words) === '') return { items: [], total: 0 };
      await this.ensureSchema(); // the full-text index must exist and be online
      [row] = await this.readStatement('searchOrganisations', 'search-organisations', {
        query: prefixQuery(query.words),
        areaCodes: query.areaCodes ? [...query.areaCodes] : null,
        ...paging,
      });
    } else {
      [row] = await this.readStatement('searchOrganisations', 'search-organisations-in-areas', {
        areaCodes: [...query.areaCodes!],
        ...paging,
      });
    }
    const ids = (row?.get('ids') ?? []) as string[];
    return { items: await this.fetchOrganisations(ids), total: countOf(row?.get('total')) };
  }

  async filterOrganisations(filter: OrganisationFilter): Promise<Page<Organisation>> {
    const { staff, turnoverGbp } = SIZE_BOUNDS;
    const params = {
      kinds: filter.kinds ? [...filter.kinds] : null,
      serviceCodes: filter.serviceCodes ? [...filter.serviceCodes] : null,
      areaCodes: filter.areaCodes ? [...filter.areaCodes] : null,
      sizeBands: filter.sizeBands ? [...filter.sizeBands] : null,
      open: filter.openToPartnering ?? null,
      bounds: {
        staffMicro: int(staff.micro),
        staffSmall: int(staff.small),
        staffMedium: int(staff.medium),
        turnoverMicro: turnoverGbp.micro,
        turnoverSmall: turnoverGbp.small,
        turnoverMedium: turnoverGbp.medium,
      },
      offset: int(filter.offset),
      limit: int(filter.limit),
    };
    let row: Neo4jRecord | undefined;
    if (filter.words.length > 0) {
      if (prefixQuery(filter.words) === '') return { items: [], total: 0 };
      await this.ensureSchema(); // the full-text index must exist and be online
      [row] = await this.readStatement('filterOrganisations', 'filter-organisations-by-name', {
        query: prefixQuery(filter.words),
        ...params,
      });
    } else [row] = await this.readStatement('filterOrganisations', 'filter-organisations', params);
    const ids = (row?.get('ids') ?? []) as string[];
    return { items: await this.fetchOrganisations(ids), total: countOf(row?.get('total')) };
  }

  /**
   * Fills the cache of decoded organisations with every organisation the candidate query can return, in pages of
   * `pageSize` by id, until the cache is full; a long-running API calls it once at start-up (in the background)
   * so that its first match requests find their candidates decoded. The cache stays exact (entries are used only
   * at the version a candidate query reports), so warming can never serve stale data, only save fetches. Returns
   * the number of organisations read. Throws StoreUnavailableError when Neo4j cannot be reached.
   */
  async warmOrganisationCache(options: { pageSize?: number; onPage?: (read: number) => void } = {}): Promise<number> {
    const cache = this.organisationCache;
    const pageSize = options.pageSize ?? NEO4J_STORE_DEFAULTS.warmPageSize;
    let after = '';
    let read = 0;
    while (cache.size < cache.maxEntries) {
      const page = await this.readStatement('warmOrganisationCache', 'page-candidate-organisations', {
        after,
        limit: int(Math.min(pageSize, cache.maxEntries - cache.size)),
      });
      if (page.length === 0) break;
      for (const record of page) cache.set(record.get('version') as number | null, toOrganisation(record));
      read += page.length;
      after = page[page.length - 1].get('id') as string;
      options.onPage?.(read);
    }
    return read;
  }

  /**
   * How many stored organisations were written under another graph model (MODEL_VERSION): until they are
   * rewritten (migrateModel) they may lack derived properties or have candidate entries of an older shape, which
   * the candidate query does not find. The API logs it at start-up. A scan of the organisations: not for every request.
   */
  async countOutdatedOrganisations(): Promise<number> {
    const [row] = await this.readStatement('countOutdatedOrganisations', 'count-outdated-organisations', { modelVersion: MODEL_VERSION });
    return countOf(row?.get('n'));
  }

  /**
   * Rewrites every organisation written under another graph model from its stored JSON, `batchSize` per
   * transaction, through upsertOrganisations (so exactly as a reload would, without the source data). Idempotent
   * and resumable; returns the number rewritten. Run it once per upgrade, from one process
   * (`npm run load:neo4j -- --migrate`).
   */
  async migrateModel(options: { batchSize?: number; onBatch?: (rewritten: number) => void } = {}): Promise<number> {
    const batchSize = options.batchSize ?? BATCH_DEFAULTS.batchSize;
    let rewritten = 0;
    for (;;) {
      const page = await this.readStatement('migrateModel', 'page-outdated-organisations', {
        modelVersion: MODEL_VERSION,
        limit: int(batchSize),
      });
      if (page.length === 0) return rewritten;
      const summary = await this.upsertOrganisations(page.map(toOrganisation));
      rewritten += summary.updated + summary.created;
      if (summary.updated + summary.created === 0) return rewritten; // nothing changed: never loop on a page that cannot be rewritten
      options.onBatch?.(rewritten);
    }
  }

  async upsertTenders(tenders: readonly Tender[]): Promise<UpsertSummary> {
    const rows = tenderRows(tenders);
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    await this.ensureSchema();
    return this.client.write('upsertTenders', async (tx) => {
      const statuses = await classify(tx, this.q['classify-tenders'], { rows: rows.map((r) => ({ id: r.id, json: r.json })) });
      const changed = rows.filter((r) => statuses.get(r.id) !== 'unchanged');
      if (changed.length > 0) {
        await tx.run(this.q['upsert-tenders'], { rows: changed.map((r) => r.node) });
        await tx.run(this.q['link-tender-services'], { rows: changed.map((r) => ({ id: r.id, services: r.services })) });
        await tx.run(this.q['link-tender-areas'], { rows: changed.map((r) => ({ id: r.id, areas: r.areas })) });
      }
      return summarise(statuses);
    });
  }

  /**
   * From the read model while it is fresh, else one auto-commit read of get-partnerships-around.cypher (placeholders
   * included: a partner not stored yet).
   */
  async partnershipsAround(ids: readonly string[], hops: 1 | 2): Promise<PartnershipNeighbourhood> {
    if (ids.length === 0) return { nodes: [], records: [] };
    if (this.readModel?.fresh()) return this.readModel.partnershipsAround(ids, hops);
    const records = await this.readStatement('partnershipsAround', 'get-partnerships-around', { ids: [...new Set(ids)], hops: int(hops) });
    return neighbourhoodFromRows(
      records.map((r) => ({
        holderId: r.get('holderId') as string,
        holderName: r.get('holderName') as string | null,
        partnerId: r.get('partnerId') as string,
        partnerName: r.get('partnerName') as string | null,
        model: r.get('model') as string,
        year: countOf(r.get('year')),
        outcome: r.get('outcome') as string,
        success: countOf(r.get('success')),
        source: r.get('source') as string | null,
      })),
    );
  }

  async getTender(id: string): Promise<Tender | undefined> {
    const records = await this.readStatement('getTender', 'get-tender', { id });
    return records.length > 0 ? tenderFromColumn(records[0].get('json')) : undefined;
  }

  async listTenders(offset: number, limit: number): Promise<Page<Tender>> {
    const { records, total } = await this.client.read('listTenders', async (tx) => {
      const page = await tx.run(this.q['list-tenders'], { offset: int(offset), limit: int(limit) });
      const count = await tx.run(this.q['count-tenders']);
      return { records: page.records, total: count.records[0]?.get('total') as unknown };
    });
    return { items: records.map((r) => tenderFromColumn(r.get('json'))), total: countOf(total) };
  }

  async searchTenders(query: TenderSearch): Promise<Page<Tender>> {
    const [row] = await this.readStatement('searchTenders', 'search-tenders', {
      words: [...query.words],
      offset: int(query.offset),
      limit: int(query.limit),
    });
    return { items: ((row?.get('jsons') ?? []) as unknown[]).map(tenderFromColumn), total: countOf(row?.get('total')) };
  }

  /** One auto-commit `RETURN 1`, not retried: answers within the connect timeout, never throws. */
  async health(): Promise<StoreHealth> {
    return { store: 'neo4j', ...(await this.client.probe(this.q.health)) };
  }

  /**
   * Deletes every organisation and tender whose id starts with `prefix` (non-empty), then the given Service and
   * Area nodes if nothing links to them any more. For tests and admin tooling: not part of the Store contract.
   */
  async deleteByIdPrefix(
    prefix: string,
    codes: { serviceCodes?: readonly string[]; areaCodes?: readonly string[] } = {},
  ): Promise<{ organisations: number; tenders: number }> {
    if (prefix === '') throw new RangeError('neo4j-store: deleteByIdPrefix needs a non-empty prefix');
    await this.ensureSchema();
    const { counts, changeSeq, removed } = await this.client.write('deleteByIdPrefix', async (tx) => {
      // Removal marks first, numbered like any write, so every read model drops these organisations on its next catch-up.
      const changeSeq = await nextChangeSeq(tx, this.q['next-change-seq']);
      const marked = (await tx.run(this.q['mark-removed-organisations'], { prefix, changeSeq: int(changeSeq) })).records[0];
      const deleted = (await tx.run(this.q['delete-by-id-prefix'], { prefix })).records[0];
      await tx.run(this.q['delete-orphan-codes'], {
        serviceCodes: [...(codes.serviceCodes ?? [])],
        areaCodes: [...(codes.areaCodes ?? [])],
      });
      return {
        counts: { organisations: countOf(deleted?.get('organisations')), tenders: countOf(deleted?.get('tenders')) },
        changeSeq,
        removed: (marked?.get('ids') ?? []) as string[],
      };
    });
    this.readModel?.noteChanges(removed.map((id) => ({ id, seq: changeSeq })));
    void this.changeFeed?.publish(changeSeq);
    return counts;
  }

  /** Stops the read model, closes the change feed, and the client when this store created it (see client.ts). */
  async close(): Promise<void> {
    this.readModel?.stop();
    await this.changeFeed?.close();
    if (this.ownsClient) await this.client.close();
  }

  private readStatement(op: string, name: QueryName, params: Record<string, unknown>): Promise<Neo4jRecord[]> {
    return this.client.readStatement(op, this.q[name], params);
  }
}

/** The Neo4j client behind a store of kind 'neo4j', for adapters that share it. Throws TypeError for any other store. */
export function neo4jClientOf(store: Store): Neo4jClient {
  if (!(store instanceof Neo4jStore)) throw new TypeError(`neo4j-store: a ${store.kind} store has no Neo4j client`);
  return store.client;
}

/** Codes of one kind per Lucene query: with both kinds at most 1,000 terms (Lucene refuses more than 1,024). */
const CODES_PER_QUERY = 500;

/**
 * The Lucene queries of find-candidates-in-areas: +(any of the service tokens) +(any of the area tokens), one per
 * chunk of at most CODES_PER_QUERY services × chunk of areas (almost always one). Codes are data, not Lucene
 * syntax: each token is a quoted term with `\` and `"` escaped, which the index's keyword analyzer keeps as exactly
 * one term.
 */
export function tokenQueries(serviceCodes: readonly string[], areaCodes: readonly string[]): string[] {
  const anyOf = (tokens: string[]) => `+(${tokens.map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`).join(' OR ')})`;
  const queries: string[] = [];
  for (let i = 0; i < serviceCodes.length; i += CODES_PER_QUERY) {
    for (let j = 0; j < areaCodes.length; j += CODES_PER_QUERY) {
      queries.push(
        `${anyOf(serviceCodes.slice(i, i + CODES_PER_QUERY).map(serviceToken))} ${anyOf(areaCodes.slice(j, j + CODES_PER_QUERY).map(areaToken))}`,
      );
    }
  }
  return queries;
}

/**
 * The Lucene query of search-organisations: '+word*' per word. Words come from searchWords (letters and digits
 * only), so they hold no Lucene syntax; anything else is dropped rather than escaped, to be sure.
 */
export function prefixQuery(words: readonly string[]): string {
  return words
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w !== '')
    .map((w) => `+${w}*`)
    .join(' ');
}

async function classify(tx: Transaction, query: string, params: Record<string, unknown>): Promise<Map<string, UpsertStatus>> {
  const result = await tx.run(query, params);
  return new Map(result.records.map((r) => [r.get('id') as string, r.get('status') as UpsertStatus]));
}

function summarise(statuses: Map<string, UpsertStatus>): UpsertSummary {
  const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
  for (const status of statuses.values()) summary[status]++;
  return summary;
}

/** Takes the next change number (cypher/next-change-seq.cypher), write-locking the counter until the transaction ends. */
async function nextChangeSeq(tx: Transaction, query: string): Promise<number> {
  return countOf((await tx.run(query)).records[0]?.get('seq'));
}

/** A row of page-organisations or organisations-changed, decoded and frozen for the read model. */
function toChange(record: Neo4jRecord): OrganisationChange {
  return { id: record.get('id') as string, seq: countOf(record.get('seq')), organisation: deepFreeze(toOrganisation(record)) };
}

function toOrganisation(record: Neo4jRecord): Organisation {
  return organisationFromColumns(record.get('json'), record.get('privateJson'));
}
