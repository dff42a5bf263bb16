/**
 * A bounded read-through cache of decoded organisations for the Neo4j adapter, keyed by id and checked against
 * a content version (`version` on the :Organisation node, a digest of its public and private JSON).
 *
 * Why it cannot go stale: the adapter never trusts an entry by itself. The candidate query returns, for every
 * candidate, the id and the version Neo4j holds right now; an entry is used only when its version is exactly
 * that one, and anything missing or older is fetched (JSON and all) in the same read transaction. So a write by
 * another process, a reload or a deleted private node is seen at once, and the cache only saves decoding and
 * transfer of records that did not change.
 *
 * Eviction is second chance (CLOCK), an approximation of least-recently-used: a hit only marks the entry used; when
 * the cache is full, the oldest entry goes unless it was used since it was last passed over, in which case it is
 * unmarked and moved to the end (a Map keeps insertion order). True LRU moved every hit to the end (a Map delete and
 * set for each of the thousands of hits of a match request), a measurable share of the request (docs/neo4j-store.md).
 * Entries are deep-frozen, like the embedded store's records, because every caller gets the same object.
 */
import type { Organisation } from '../../organisations/schema.ts';

export const ORGANISATION_CACHE_DEFAULTS = {
  /**
   * Entries kept. A decoded generated organisation takes about 1.5 KB of heap, so 100,000 entries (the whole
   * benchmark dataset) cost about 150 MB; 0 disables the cache.
   */
  maxEntries: 100_000,
} as const;

/** A content version, compared with ===: the adapter's are integers (contentVersion in records.ts). */
export type Version = string | number;

interface Entry {
  version: Version;
  organisation: Organisation;
  /** hit since the eviction scan last passed over it */
  used: boolean;
}

export class OrganisationCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries: number = ORGANISATION_CACHE_DEFAULTS.maxEntries) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0)
      throw new RangeError(`neo4j/organisation-cache: maxEntries must be a non-negative integer, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The organisation stored under `id` at exactly `version`, or undefined (a miss). */
  get(id: string, version: Version | null): Organisation | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || version === null || entry.version !== version) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    entry.used = true;
    return entry.organisation;
  }

  /** Remembers `organisation` at `version` (frozen in place) and returns it; when full, evicts (second chance). */
  set(version: Version | null, organisation: Organisation): Organisation {
    if (this.maxEntries === 0 || version === null) return organisation;
    deepFreeze(organisation);
    const entry: Entry = { version, organisation, used: false };
    if (this.entries.has(organisation.id)) {
      this.entries.set(organisation.id, entry); // a newer version takes the old one's place
      return organisation;
    }
    while (this.entries.size >= this.maxEntries) {
      const [id, oldest] = this.entries.entries().next().value!;
      this.entries.delete(id);
      if (oldest.used) {
        oldest.used = false;
        this.entries.set(id, oldest);
      }
    }
    this.entries.set(organisation.id, entry);
    return organisation;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Freezes a decoded record and everything in it (callers share it); returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
