/**
 * The Neo4j store's in-process read model: every stored organisation decoded (its matching profile built), the
 * candidate cell index and the partnership graph the embedded store uses (src/store/cell-index.ts,
 * src/organisations/partnership-graph.ts), so a long-running API answers findCandidates, getOrganisations and
 * partnershipsAround — everything a match reads — from memory while Neo4j stays the system of record. A CQRS-style projection
 * kept fresh from a change log (Fowler, "CQRS", 2011; Kleppmann, "Designing Data-Intensive Applications", ch. 11,
 * change data capture), here a change sequence number in Neo4j itself:
 *
 * - every transaction that writes or removes organisations takes the next number from a counter node it locks until
 *   it commits (cypher/next-change-seq.cypher), and stamps it on what it writes (`changeSeq`, or a removal mark), so
 *   numbers are handed out in commit order: a reader that sees the counter at n can read "everything numbered in
 *   (last seen, n]" and miss nothing;
 * - build(): reads the counter, pages every organisation by id, then catches up from that number;
 * - catchUp(): reads the counter and the organisations changed and removed since the last number seen. It runs every
 *   `pollMs`, at once when the change feed (src/store/change-feed.ts, Redis pub/sub) says another process
 *   committed something, and never twice at a time;
 * - this process's own writes are applied as soon as they commit (noteChanges), before the write call returns;
 * - every organisation keeps the number of the change that wrote it, and an older change never replaces a newer one,
 *   so pages, catch-ups and own writes may arrive in any order.
 *
 * The staleness bound: the model answers only while its last successful catch-up started at most `maxStalenessMs`
 * ago (fresh()); after that (Neo4j unreachable, a stalled poll) the store reads Neo4j again, so a read never misses a
 * change committed more than `maxStalenessMs` before it. Polls run every `pollMs` (a quarter of the bound by default, so
 * that a poll delayed by a busy Neo4j or event loop still lands within the bound).
 */
import type { Logger } from 'pino';
import type { Organisation } from '../../organisations/schema.ts';
import { PartnershipGraph, type PartnershipNeighbourhood } from '../../organisations/partnership-graph.ts';
import { CellIndex } from '../cell-index.ts';
import { entryOf, organisationsOf, orgOfEntry, prepareEntry, preparedOf, type IndexEntry, type Prepare } from '../prepared.ts';
import type { ChangeFeed } from '../change-feed.ts';
import type { CandidateQuery } from '../types.ts';

export const READ_MODEL_DEFAULTS = {
  /** a read never misses a change committed longer ago than this (ms) */
  maxStalenessMs: 2_000,
  /** organisations per page when building */
  pageSize: 5_000,
  /** change numbers per catch-up query: each numbers one write transaction, a batch of at most a few thousand */
  seqWindow: 50,
} as const;

/** An organisation written (`organisation` given) or removed (absent) by the change numbered `seq`. */
export interface OrganisationChange {
  id: string;
  seq: number;
  organisation?: Organisation;
}

/** What the model reads from the system of record (the Neo4j store gives it its queries). */
export interface ReadModelSource {
  /** the last change number handed out: every change up to it is committed */
  currentSeq(): Promise<number>;
  /** stored organisations after `after` by id, `limit` of them, each with the number of the change that wrote it */
  page(after: string, limit: number): Promise<OrganisationChange[]>;
  /** organisations written or removed by the changes numbered after < n <= upTo, in that order */
  changes(after: number, upTo: number): Promise<OrganisationChange[]>;
}

export interface ReadModelOptions {
  maxStalenessMs?: number;
  /** catch-up interval (ms); default a quarter of maxStalenessMs */
  pollMs?: number;
  pageSize?: number;
  /** made of each organisation the model takes in and kept with it (the service builds its matching profile) */
  prepare?: Prepare<unknown>;
  /** other processes' commits, as they happen; without one the model polls only */
  feed?: ChangeFeed;
  /** clock (ms), for tests */
  now?: () => number;
}

export interface ReadModelState {
  built: boolean;
  fresh: boolean;
  organisations: number;
  /** every change numbered up to this is applied */
  seenSeq: number;
  /** how long the build took (ms) */
  buildMs?: number;
  catchUps: number;
  /** reads that found the model further behind than its bound (and so went to Neo4j) */
  staleReads: number;
}

export class ReadModel {
  private readonly held = new Map<string, { organisation: Organisation; seq: number }>();
  /** the change that removed each organisation removed since the build, so an older page cannot bring it back */
  private readonly removedAt = new Map<string, number>();
  private cells = new CellIndex<IndexEntry>([], orgOfEntry);
  private partnerships = new PartnershipGraph();
  private seenSeq = 0;
  private syncedAt = -Infinity;
  private built = false;
  private buildMs: number | undefined;
  private catchUps = 0;
  private staleReads = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly maxStalenessMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: ReadModelSource,
    private readonly options: ReadModelOptions = {},
  ) {
    this.maxStalenessMs = options.maxStalenessMs ?? READ_MODEL_DEFAULTS.maxStalenessMs;
    this.pollMs = options.pollMs ?? Math.max(1, Math.floor(this.maxStalenessMs / 4));
    this.now = options.now ?? Date.now;
    if (!(this.maxStalenessMs > 0)) throw new RangeError(`neo4j/read-model: maxStalenessMs must be positive, got ${this.maxStalenessMs}`);
  }

  /**
   * Builds the model, then keeps it fresh: a catch-up every pollMs and on each change-feed message. Returns the
   * number of organisations read and how long the build took. Throws what the source throws (StoreUnavailableError)
   * when the build fails; the store then keeps reading Neo4j.
   */
  async start(logger?: Logger): Promise<{ organisations: number; ms: number }> {
    const built = await this.build();
    if (this.stopped) return built;
    this.timer = setInterval(() => {
      this.catchUp().catch((err: unknown) => logger?.warn({ err }, 'read model: catch-up failed; reads go to Neo4j while it is behind'));
    }, this.pollMs);
    this.timer.unref();
    if (this.options.feed) {
      try {
        await this.options.feed.subscribe((seq) => {
          if (seq > this.seenSeq) this.catchUp().catch((err: unknown) => logger?.warn({ err }, 'read model: catch-up failed'));
        });
      } catch (err) {
        logger?.warn({ err }, 'read model: change feed not subscribed; changes from other processes arrive by polling only');
      }
    }
    return built;
  }

  /**
   * Pages every organisation in, then catches up with what was committed meanwhile. The next page is asked for as
   * soon as a page arrives, so Neo4j reads it while this process indexes the last one; a page shorter than asked is
   * the last. Matching profiles are not built here but after, in the background (whenPrepared): a match meanwhile
   * builds those it meets itself (src/store/prepared.ts).
   */
  async build(): Promise<{ organisations: number; ms: number }> {
    const started = this.now();
    const pageSize = this.options.pageSize ?? READ_MODEL_DEFAULTS.pageSize;
    const seq = await this.source.currentSeq();
    const generation = ++this.generation;
    let next: Promise<OrganisationChange[]> | undefined = this.source.page('', pageSize);
    try {
      while (next) {
        const page: OrganisationChange[] = await next;
        next = page.length >= pageSize ? this.source.page(page[page.length - 1].id, pageSize) : undefined;
        this.apply(page, false);
      }
    } finally {
      // a page asked ahead that nobody awaits must not become an unhandled rejection
      next?.catch(() => {});
    }
    // Everything committed before `started` is in the pages (or later); everything numbered after `seq` comes next.
    this.seenSeq = seq;
    this.syncedAt = started;
    await this.catchUp();
    this.built = true;
    this.buildMs = this.now() - started;
    this.prepareInBackground(generation);
    return { organisations: this.held.size, ms: this.buildMs };
  }

  /** Resolves once every organisation the build read has its matching profile (immediately without `prepare`). */
  whenPrepared(): Promise<void> {
    return this.prepared;
  }

  private generation = 0;
  private prepared: Promise<void> = Promise.resolve();
  private preparing: NodeJS.Immediate | undefined;

  /** Prepares what the build indexed, a batch per event-loop turn, until done or a later build or stop() ends it. */
  private prepareInBackground(generation: number): void {
    const { prepare } = this.options;
    if (!prepare) return;
    // closed to partnering: never a candidate, so never prepared
    const entries = this.cells.items().filter((entry) => entry.org.openToPartnering);
    this.endPreparing();
    this.prepared = new Promise((resolve) => {
      const BATCH = 2_000;
      this.endPreparing = () => {
        if (this.preparing) clearImmediate(this.preparing);
        this.preparing = undefined;
        this.endPreparing = () => {};
        resolve();
      };
      const step = (from: number) => {
        this.preparing = setImmediate(() => {
          if (generation !== this.generation) return this.endPreparing();
          const to = Math.min(entries.length, from + BATCH);
          for (let i = from; i < to; i++) prepareEntry(entries[i], prepare);
          if (to < entries.length) step(to);
          else this.endPreparing();
        });
      };
      step(0);
    });
  }

  /** stops the background preparation, if any, and resolves whenPrepared */
  private endPreparing: () => void = () => {};

  /** Reads the changes committed since the last one seen. One at a time: a call meanwhile runs it once more after. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.catchUpOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async catchUpOnce(): Promise<void> {
    const started = this.now();
    const upTo = await this.source.currentSeq();
    if (upTo < this.seenSeq) {
      // The counter went back: another database (restored, recreated) behind the same address. Start again.
      this.reset();
      await this.build();
      return;
    }
    while (this.seenSeq < upTo) {
      const to = Math.min(upTo, this.seenSeq + READ_MODEL_DEFAULTS.seqWindow);
      this.apply(await this.source.changes(this.seenSeq, to));
      this.seenSeq = to;
    }
    this.syncedAt = started;
    this.catchUps++;
  }

  /** This process's own committed changes, applied before its write call returns. */
  noteChanges(changes: readonly OrganisationChange[]): void {
    this.apply(changes);
  }

  /** True when built and the last catch-up started within maxStalenessMs: reads may come from memory. */
  fresh(): boolean {
    if (!this.built) return false;
    if (this.now() - this.syncedAt <= this.maxStalenessMs) return true;
    this.staleReads++;
    return false;
  }

  /** Same contract as Store.findCandidates. */
  find(query: CandidateQuery): Organisation[] {
    return organisationsOf(this.cells.find(query));
  }

  /** Same contract as Store.findPreparedCandidates. */
  findPrepared<P>(query: CandidateQuery, prepare: Prepare<P>): P[] {
    return preparedOf(this.cells.find(query), prepare);
  }

  /** Same contract as Store.getOrganisations: in the order asked, missing ids skipped. */
  get(ids: readonly string[]): Organisation[] {
    const out: Organisation[] = [];
    for (const id of ids) {
      const held = this.held.get(id);
      if (held) out.push(held.organisation);
    }
    return out;
  }

  /** Same contract as Store.partnershipsAround. */
  partnershipsAround(ids: readonly string[], hops: 1 | 2): PartnershipNeighbourhood {
    return this.partnerships.around(ids, hops);
  }

  state(): ReadModelState {
    return {
      built: this.built,
      fresh: this.built && this.now() - this.syncedAt <= this.maxStalenessMs,
      organisations: this.held.size,
      seenSeq: this.seenSeq,
      buildMs: this.buildMs,
      catchUps: this.catchUps,
      staleReads: this.staleReads,
    };
  }

  /** Stops polling (the feed is closed by whoever owns it). */
  stop(): void {
    this.stopped = true;
    this.endPreparing();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private reset(): void {
    this.generation++;
    this.held.clear();
    this.removedAt.clear();
    this.cells = new CellIndex<IndexEntry>([], orgOfEntry);
    this.partnerships = new PartnershipGraph();
    this.seenSeq = 0;
  }

  /** `prepareNow` false: entries are indexed unprepared (the build prepares them after). */
  private apply(changes: readonly OrganisationChange[], prepareNow = true): void {
    const indexed: IndexEntry[] = [];
    const prepare = prepareNow ? this.options.prepare : undefined;
    for (const change of changes) {
      const held = this.held.get(change.id);
      if (change.seq <= Math.max(held?.seq ?? -1, this.removedAt.get(change.id) ?? -1)) continue; // older than what we hold
      if (change.organisation) {
        this.held.set(change.id, { organisation: change.organisation, seq: change.seq });
        this.removedAt.delete(change.id);
        this.partnerships.setOrganisation(change.organisation);
        indexed.push(entryOf(change.organisation, prepare));
      } else {
        this.held.delete(change.id);
        this.removedAt.set(change.id, change.seq);
        this.partnerships.removeOrganisation(change.id);
        // The cell index has no removal: a closed copy takes the organisation out of every cell.
        if (held) indexed.push(entryOf({ ...held.organisation, openToPartnering: false }));
      }
    }
    if (indexed.length > 0) this.cells.set(indexed);
  }
}
