/**
 * The Neo4j adapter of RecordStore (src/store/records.ts): one (:Record {uid, kind, id, json, at, key1, key2,
 * expiresAt}) node per record, uid = kind + '/' + id under a uniqueness constraint. Queries live in cypher/records/
 * (one per file, loaded and checked when the store is built) and run through the store's Neo4jClient.
 */
import { fileURLToPath } from 'node:url';
import { Neo4jError } from 'neo4j-driver';
import { ConflictError } from '../../shared/errors.ts';
import type { Page } from '../types.ts';
import { checkBatchSize, type RecordBatch, type RecordKind, type RecordQuery, type RecordStore, type StoredRecord } from '../records.ts';
import { int, type Neo4jClient } from './client.ts';
import { loadCypher } from './cypher-loader.ts';

export const RECORDS_CYPHER_DIR = fileURLToPath(new URL('../../../cypher/records/', import.meta.url));

const SCHEMA = ['schema-record-uid', 'schema-record-key1', 'schema-record-key2', 'schema-record-kind'] as const;

export const RECORD_QUERIES = [
  ...SCHEMA,
  'insert-record',
  'put-record',
  'replace-record',
  'get-record',
  'get-records',
  'count-records-by-key',
  'write-records',
  'find-records-by-key',
  'find-records',
  'delete-record',
  'delete-expired-records',
  'delete-records-by-id-prefix',
] as const;
type RecordQueryName = (typeof RECORD_QUERIES)[number];

interface Row {
  kind: RecordKind;
  id: string;
  json: string;
  at: string;
  key1: string | null;
  key2: string | null;
  expiresAt: string | null;
}

const uid = (kind: RecordKind, id: string) => `${kind}/${id}`;

function toParams(r: StoredRecord) {
  return {
    uid: uid(r.kind, r.id),
    kind: r.kind,
    id: r.id,
    json: JSON.stringify(r.doc),
    at: r.at,
    key1: r.key1 ?? null,
    key2: r.key2 ?? null,
    expiresAt: r.expiresAt ?? null,
  };
}

function toRecord(row: Row): StoredRecord {
  return {
    kind: row.kind,
    id: row.id,
    doc: JSON.parse(row.json) as unknown,
    at: row.at,
    ...(row.key1 != null ? { key1: row.key1 } : {}),
    ...(row.key2 != null ? { key2: row.key2 } : {}),
    ...(row.expiresAt != null ? { expiresAt: row.expiresAt } : {}),
  };
}

export class Neo4jRecords implements RecordStore {
  private readonly q: Record<RecordQueryName, string>;

  /** Throws CypherFileMissingError when a query file is missing; connects lazily. */
  constructor(
    private readonly client: Neo4jClient,
    cypherDir: string = RECORDS_CYPHER_DIR,
  ) {
    this.q = loadCypher(RECORD_QUERIES, cypherDir);
  }

  /** The uniqueness constraint and lookup indexes, once per client (idempotent). */
  ensureSchema(): Promise<void> {
    return this.client.ensureSchema(
      'records',
      SCHEMA.map((name) => this.q[name]),
    );
  }

  async insertRecord(record: StoredRecord): Promise<void> {
    await this.ensureSchema();
    try {
      await this.client.write('insertRecord', (tx) => tx.run(this.q['insert-record'], { record: toParams(record), now: now() }));
    } catch (error) {
      if (error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
        throw new ConflictError(`${record.kind} ${record.id} already exists`);
      }
      throw error;
    }
  }

  async putRecord(record: StoredRecord): Promise<void> {
    await this.ensureSchema();
    await this.client.write('putRecord', (tx) => tx.run(this.q['put-record'], { record: toParams(record) }));
  }

  async replaceRecord(record: StoredRecord, expectedAt: string): Promise<boolean> {
    await this.ensureSchema();
    const records = await this.client.write(
      'replaceRecord',
      async (tx) => (await tx.run(this.q['replace-record'], { record: toParams(record), expectedAt, now: now() })).records,
    );
    return records.length > 0 && (records[0].get('replaced') as number) > 0;
  }

  async getRecord(kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
    const rows = await this.client.readStatement('getRecord', this.q['get-record'], { uid: uid(kind, id), now: now() });
    return rows.length > 0 ? toRecord(rows[0].get('record') as Row) : undefined;
  }

  async getRecords(kind: RecordKind, ids: readonly string[]): Promise<StoredRecord[]> {
    checkBatchSize('getRecords', ids.length);
    if (ids.length === 0) return [];
    const uids = [...new Set(ids)].map((id) => uid(kind, id));
    const rows = await this.client.readStatement('getRecords', this.q['get-records'], { uids, now: now() });
    return ((rows[0]?.get('records') as Row[] | undefined) ?? []).map(toRecord);
  }

  async countRecordsByKey(kind: RecordKind, keys: readonly string[]): Promise<Map<string, number>> {
    checkBatchSize('countRecordsByKey', keys.length);
    if (keys.length === 0) return new Map();
    const rows = await this.client.readStatement('countRecordsByKey', this.q['count-records-by-key'], {
      kind,
      keys: [...new Set(keys)],
      now: now(),
    });
    return new Map(rows.map((row) => [row.get('key') as string, row.get('total') as number]));
  }

  async writeRecords(batch: RecordBatch): Promise<{ inserted: StoredRecord[] }> {
    checkBatchSize('writeRecords', batch.put.length + batch.insert.length);
    if (batch.put.length + batch.insert.length === 0) return { inserted: [] };
    await this.ensureSchema();
    // a uid inserted twice in one batch is written once, the first of them (as one insert after another would)
    const seen = new Set<string>();
    const inserts = batch.insert.filter((r) => !seen.has(uid(r.kind, r.id)) && seen.add(uid(r.kind, r.id)));
    const rows = await this.client.write(
      'writeRecords',
      async (tx) =>
        (
          await tx.run(this.q['write-records'], {
            puts: batch.put.map(toParams),
            inserts: inserts.map(toParams),
            now: now(),
          })
        ).records,
    );
    const written = new Set((rows[0]?.get('inserted') as string[] | undefined) ?? []);
    const inserted = inserts.filter((r) => written.has(uid(r.kind, r.id)));
    return { inserted };
  }

  async findRecords(query: RecordQuery): Promise<Page<StoredRecord>> {
    const params = { kind: query.kind, now: now(), offset: int(query.offset), limit: int(query.limit) };
    const rows =
      query.key === undefined
        ? await this.client.readStatement('findRecords', this.q['find-records'], params)
        : await this.client.readStatement('findRecordsByKey', this.q['find-records-by-key'], { ...params, key: query.key });
    if (rows.length === 0) return { items: [], total: 0 };
    return { items: (rows[0].get('items') as Row[]).map(toRecord), total: rows[0].get('total') as number };
  }

  async deleteRecord(kind: RecordKind, id: string): Promise<boolean> {
    const records = await this.client.write(
      'deleteRecord',
      async (tx) => (await tx.run(this.q['delete-record'], { uid: uid(kind, id) })).records,
    );
    return (records[0]?.get('deleted') as number) > 0;
  }

  async deleteExpired(kind: RecordKind, at: string): Promise<number> {
    const records = await this.client.write(
      'deleteExpired',
      async (tx) => (await tx.run(this.q['delete-expired-records'], { kind, now: at })).records,
    );
    return (records[0]?.get('deleted') as number) ?? 0;
  }

  /** For tests: deletes every record whose id starts with `prefix` (non-empty). */
  async deleteByIdPrefix(prefix: string): Promise<number> {
    if (prefix === '') throw new RangeError('neo4j-records: deleteByIdPrefix needs a non-empty prefix');
    const records = await this.client.write(
      'deleteRecordsByIdPrefix',
      async (tx) => (await tx.run(this.q['delete-records-by-id-prefix'], { prefix })).records,
    );
    return (records[0]?.get('deleted') as number) ?? 0;
  }
}

const now = () => new Date().toISOString();
