/**
 * Small keyed records kept next to the graph: accounts, API tokens, sessions, claims, the audit log, introductions
 * (src/accounts, src/introductions). Every store keeps them like everything else — the embedded store in its SQLite
 * file, the Neo4j store as (:Record) nodes — and one contract suite (tests/contract/record-store-contract.ts) runs
 * both. A record is a JSON document under (kind, id) with up to two lookup keys, so each feature finds its records
 * by the key it needs (a token by its hash, an audit entry by organisation) without a query per feature.
 *
 * Throws StoreUnavailableError when the backing database cannot be reached (retriable).
 */
export const RECORD_KINDS = [
  'account',
  'token',
  'session',
  'claim',
  'audit',
  'introduction',
  'block',
  'setting',
  'sign-in-failures',
  'alert-preferences',
  'alert-entry',
  'alert-pending',
  'alert-outbox',
  'alert-feed-file',
  'alert-tender',
  /** a notice a feed read found new or changed and no run has alerted yet (src/alerts/feed.ts) */
  'alert-notice-due',
  /** an organisation's webhook signing secret (src/alerts/webhook-secret.ts) */
  'alert-webhook-secret',
  /** when an organisation's digests last went out by each channel, and failed tries (src/alerts/delivery-state.ts) */
  'alert-delivery',
  /** one queued alerts run: its notices, shards, state and counts (src/alerts/run-record.ts) */
  'alert-run',
  /** one finished shard of a queued alerts run and what it wrote (src/alerts/run-record.ts) */
  'alert-run-shard',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface StoredRecord {
  kind: RecordKind;
  id: string;
  /** JSON-serialisable document */
  doc: unknown;
  /** when it was written first or last (ISO 8601); lists are ordered by it, newest first */
  at: string;
  /** lookup keys (findRecords matches either) */
  key1?: string;
  key2?: string;
  /** after this time (ISO 8601) the record reads as absent (sessions) */
  expiresAt?: string;
}

export interface RecordQuery {
  kind: RecordKind;
  /** records whose key1 or key2 equals this; all records of the kind when absent */
  key?: string;
  offset: number;
  limit: number;
}

/** The most ids, keys or records one batch call takes (a caller cuts larger work into batches of this size). */
export const RECORD_BATCH_LIMIT = 10_000;

export interface RecordBatch {
  /** created or replaced */
  put: readonly StoredRecord[];
  /** written only where (kind, id) holds no live record; applied after the puts */
  insert: readonly StoredRecord[];
}

/** Throws a RangeError naming the call when a batch is larger than RECORD_BATCH_LIMIT. */
export function checkBatchSize(call: string, size: number): void {
  if (size > RECORD_BATCH_LIMIT) throw new RangeError(`records: ${call} takes at most ${RECORD_BATCH_LIMIT} items, got ${size}`);
}

export interface RecordStore {
  /** Writes a new record; ConflictError when (kind, id) exists already (an expired record counts as absent). */
  insertRecord(record: StoredRecord): Promise<void>;
  /** Creates or replaces the record at (kind, id). */
  putRecord(record: StoredRecord): Promise<void>;
  /**
   * Replaces the record only when its stored `at` equals `expectedAt` (optimistic concurrency: two admins deciding
   * one claim, both sides answering one introduction). Returns false when it changed meanwhile or is gone.
   */
  replaceRecord(record: StoredRecord, expectedAt: string): Promise<boolean>;
  getRecord(kind: RecordKind, id: string): Promise<StoredRecord | undefined>;
  /**
   * The live records of `kind` among `ids`, in one call (absent and expired ones are left out; order not
   * significant). At most RECORD_BATCH_LIMIT ids: a RangeError beyond.
   */
  getRecords(kind: RecordKind, ids: readonly string[]): Promise<StoredRecord[]>;
  /**
   * For each of `keys`, how many live records of `kind` hold it as key1 or key2 (a record holding it as both counts
   * once), in one call; keys no record holds are absent from the map. At most RECORD_BATCH_LIMIT keys.
   */
  countRecordsByKey(kind: RecordKind, keys: readonly string[]): Promise<Map<string, number>>;
  /**
   * Writes a batch in one call and one transaction (all of it or none of it): every `put` as putRecord does, then
   * every `insert` whose (kind, id) holds no live record — one that does is left as it is, without a ConflictError.
   * Returns the inserts that were written, in the order given. At most RECORD_BATCH_LIMIT records in all.
   */
  writeRecords(batch: RecordBatch): Promise<{ inserted: StoredRecord[] }>;
  /** Newest first (`at` descending, then id descending); expired records are skipped. */
  findRecords(query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }>;
  /** True when a record was deleted. */
  deleteRecord(kind: RecordKind, id: string): Promise<boolean>;
  /** Deletes records of `kind` that expired before `now` (ISO 8601); returns how many. */
  deleteExpired(kind: RecordKind, now: string): Promise<number>;
}
