/**
 * The embedded store's records (src/store/records.ts) in the data directory's database: one row per record, in the
 * `records` table. Reads go to SQLite directly (an indexed lookup is microseconds), so several processes sharing
 * the file (the API and the CLI) see each other's accounts and sessions at once. Without a data directory the
 * embedded store opens an in-memory database for them.
 */
import { ConflictError } from '../../../shared/errors.ts';
import type { Page } from '../../types.ts';
import { checkBatchSize, type RecordKind, type RecordQuery, type RecordStore, type StoredRecord } from '../../records.ts';
import type { EmbeddedDatabase } from './database.ts';

interface Row {
  kind: RecordKind;
  id: string;
  doc: string;
  at: string;
  key1: string | null;
  key2: string | null;
  expires_at: string | null;
}

function toRecord(row: Row): StoredRecord {
  return {
    kind: row.kind,
    id: row.id,
    doc: JSON.parse(row.doc) as unknown,
    at: row.at,
    ...(row.key1 !== null ? { key1: row.key1 } : {}),
    ...(row.key2 !== null ? { key2: row.key2 } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
  };
}

function params(r: StoredRecord): [string, string, string, string, string | null, string | null, string | null] {
  return [r.kind, r.id, JSON.stringify(r.doc), r.at, r.key1 ?? null, r.key2 ?? null, r.expiresAt ?? null];
}

const LIVE = '(expires_at IS NULL OR expires_at > ?)';

export function sqliteRecordStore(database: EmbeddedDatabase): RecordStore {
  const { db } = database;
  const now = () => new Date().toISOString();
  const get = db.prepare<[string, string, string], Row>(`SELECT * FROM records WHERE kind = ? AND id = ? AND ${LIVE}`);
  const getAny = db.prepare<[string, string], Row>('SELECT * FROM records WHERE kind = ? AND id = ?');
  const put = db.prepare(
    `INSERT INTO records (kind, id, doc, at, key1, key2, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc, at = excluded.at, key1 = excluded.key1, key2 = excluded.key2,
     expires_at = excluded.expires_at`,
  );
  const del = db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND id = ?');
  const delExpired = db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND expires_at IS NOT NULL AND expires_at <= ?');
  const byKey = db.prepare<[string, string, string, string, number, number], Row>(
    `SELECT * FROM records WHERE kind = ? AND (key1 = ? OR key2 = ?) AND ${LIVE} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
  );
  const countByKey = db.prepare<[string, string, string, string], { n: number }>(
    `SELECT count(*) AS n FROM records WHERE kind = ? AND (key1 = ? OR key2 = ?) AND ${LIVE}`,
  );
  const all = db.prepare<[string, string, number, number], Row>(
    `SELECT * FROM records WHERE kind = ? AND ${LIVE} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
  );
  const countAll = db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM records WHERE kind = ? AND ${LIVE}`);

  const isLive = (record: StoredRecord, t: string): boolean => {
    const existing = getAny.get(record.kind, record.id);
    return existing !== undefined && (existing.expires_at === null || existing.expires_at > t);
  };

  return {
    async insertRecord(record) {
      database.write(() => {
        if (isLive(record, now())) throw new ConflictError(`${record.kind} ${record.id} already exists`);
        put.run(...params(record));
      });
    },
    async putRecord(record) {
      database.write(() => put.run(...params(record)));
    },
    async replaceRecord(record, expectedAt) {
      return database.write(() => {
        const existing = get.get(record.kind, record.id, now());
        if (!existing || existing.at !== expectedAt) return false;
        put.run(...params(record));
        return true;
      });
    },
    async getRecord(kind, id) {
      const row = get.get(kind, id, now());
      return row && toRecord(row);
    },
    async getRecords(kind, ids) {
      checkBatchSize('getRecords', ids.length);
      const t = now();
      const out: StoredRecord[] = [];
      for (const id of new Set(ids)) {
        const row = get.get(kind, id, t);
        if (row) out.push(toRecord(row));
      }
      return out;
    },
    async countRecordsByKey(kind, keys) {
      checkBatchSize('countRecordsByKey', keys.length);
      const t = now();
      const out = new Map<string, number>();
      for (const key of new Set(keys)) {
        const n = countByKey.get(kind, key, key, t)?.n ?? 0;
        if (n > 0) out.set(key, n);
      }
      return out;
    },
    async writeRecords(batch) {
      checkBatchSize('writeRecords', batch.put.length + batch.insert.length);
      return database.write(() => {
        for (const record of batch.put) put.run(...params(record));
        const t = now();
        const inserted = batch.insert.filter((record) => {
          if (isLive(record, t)) return false;
          put.run(...params(record));
          return true;
        });
        return { inserted };
      });
    },
    async findRecords(query: RecordQuery): Promise<Page<StoredRecord>> {
      const t = now();
      if (query.key === undefined) {
        return { items: all.all(query.kind, t, query.limit, query.offset).map(toRecord), total: countAll.get(query.kind, t)?.n ?? 0 };
      }
      return {
        items: byKey.all(query.kind, query.key, query.key, t, query.limit, query.offset).map(toRecord),
        total: countByKey.get(query.kind, query.key, query.key, t)?.n ?? 0,
      };
    },
    async deleteRecord(kind, id) {
      return database.write(() => del.run(kind, id).changes > 0);
    },
    async deleteExpired(kind, t) {
      return database.write(() => delExpired.run(kind, t).changes);
    },
  };
}
