/**
 * Refresh runs and partner lists of the embedded default, kept in the data directory's database next to the
 * organisations. A list is one row, packed as in memory: the partner ids newline-separated (org-ids hold no
 * newline), the totals as float64 and the factor scores and weights as float32 bytes — about 80 bytes a partner.
 */
import type { PartnerScorePersistence } from '../../../refresh/embedded-partner-scores.ts';
import { ListScratch, type ListNumbers, type PackedList } from '../../../refresh/packed-lists.ts';
import type { RunRecord } from '../../../refresh/types.ts';
import type { EmbeddedDatabase } from './database.ts';

interface ListRow {
  seeker_id: string;
  computed_at: string;
  ids: string;
  totals: Buffer;
  factors: Buffer;
}

/**
 * Many seekers' lists in one statement (a slice an incremental run reads), ids as a JSON array: an index search
 * per id. (Written as a join with json_each, SQLite scanned the run's lists once per id; a unit test checks the plan.)
 */
export const LISTS_OF_SEEKERS =
  'SELECT seeker_id, computed_at, ids, totals, factors FROM partner_lists WHERE run_id = ? AND seeker_id IN (SELECT value FROM json_each(?))';

/**
 * The same, the numbers as hex: a string each lives on V8's heap and dies young, where a Buffer each counts toward the
 * typed-array memory whose growth starts major garbage collections (ListScratch). They are decoded into the scratch.
 */
export const LISTS_OF_SEEKERS_HEX =
  'SELECT seeker_id, computed_at, ids, hex(totals) AS totals, hex(factors) AS factors FROM partner_lists ' +
  'WHERE run_id = ? AND seeker_id IN (SELECT value FROM json_each(?))';

/** The numbers alone (an incremental run holds the partners' ids in the base run's states). */
export const LIST_NUMBERS_OF_SEEKERS_HEX =
  'SELECT seeker_id, computed_at, hex(totals) AS totals, hex(factors) AS factors FROM partner_lists ' +
  'WHERE run_id = ? AND seeker_id IN (SELECT value FROM json_each(?))';

export function sqlitePartnerScorePersistence(database: EmbeddedDatabase): PartnerScorePersistence {
  const { db } = database;
  const putRun = db.prepare<[string, string]>(
    'INSERT INTO refresh_runs (run_id, record) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET record = excluded.record',
  );
  const putCurrent = db.prepare<[string, string]>(
    'INSERT INTO refresh_current (scope, run_id) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET run_id = excluded.run_id',
  );
  const putShard = db.prepare<[string, number, number, number]>(
    'INSERT INTO refresh_shards (run_id, shard, lists, partners) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (run_id, shard) DO UPDATE SET lists = excluded.lists, partners = excluded.partners',
  );
  const putList = db.prepare<[string, string, string, number, string, Buffer, Buffer]>(
    'INSERT INTO partner_lists (run_id, seeker_id, computed_at, partners, ids, totals, factors) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (run_id, seeker_id) DO UPDATE SET computed_at = excluded.computed_at, partners = excluded.partners, ' +
      'ids = excluded.ids, totals = excluded.totals, factors = excluded.factors',
  );
  const clearLists = db.prepare<[string]>('DELETE FROM partner_lists WHERE run_id = ?');
  const clearStates = db.prepare<[string]>('DELETE FROM refresh_states WHERE run_id = ?');
  const deleteList = db.prepare<[string, string]>('DELETE FROM partner_lists WHERE run_id = ? AND seeker_id = ?');
  const putState = db.prepare<[string, number, Buffer]>(
    'INSERT INTO refresh_states (run_id, shard, blob) VALUES (?, ?, ?) ON CONFLICT (run_id, shard) DO UPDATE SET blob = excluded.blob',
  );
  const getStates = db.prepare<[string], { blob: Buffer }>('SELECT blob FROM refresh_states WHERE run_id = ? ORDER BY shard');
  const getList = db.prepare<[string, string], ListRow>(
    'SELECT computed_at, ids, totals, factors FROM partner_lists WHERE run_id = ? AND seeker_id = ?',
  );
  const getListsOf = db.prepare<[string, string], ListRow>(LISTS_OF_SEEKERS);
  const getListsOfHex = db.prepare<[string, string], HexListRow>(LISTS_OF_SEEKERS_HEX);
  const getNumbersOfHex = db.prepare<[string, string], Omit<HexListRow, 'ids'>>(LIST_NUMBERS_OF_SEEKERS_HEX);
  const getLists = db.prepare<[string], ListRow>('SELECT seeker_id, computed_at, ids, totals, factors FROM partner_lists WHERE run_id = ?');
  const countRows = db.prepare<[string], { rows: number }>('SELECT COALESCE(SUM(partners), 0) AS rows FROM partner_lists WHERE run_id = ?');

  return {
    loadList(runId, seekerId) {
      const row = getList.get(runId, seekerId);
      return row ? unpackRow(row) : undefined;
    },
    loadListsOf(runId, seekerIds, scratch) {
      const ids = JSON.stringify([...seekerIds].sort());
      if (!scratch) return getListsOf.all(runId, ids).map((row) => [row.seeker_id, unpackRow(row)] as [string, PackedList]);
      // row by row: each row's hex strings are garbage as soon as they are decoded
      return fromHexRows(getListsOfHex.iterate(runId, ids), scratch, (row, numbers) => ({
        ...numbers,
        ids: row.ids === '' ? [] : row.ids.split('\n'),
      }));
    },
    loadListNumbersOf(runId, seekerIds, scratch = new ListScratch()) {
      const ids = JSON.stringify([...seekerIds].sort());
      return fromHexRows(getNumbersOfHex.iterate(runId, ids), scratch, (_, numbers) => numbers);
    },
    *loadLists(runId) {
      for (const row of getLists.iterate(runId)) yield [row.seeker_id, unpackRow(row)];
    },
    countRows: (runId) => countRows.get(runId)!.rows,
    loadStates: (runId) => getStates.all(runId).map((r) => new Uint8Array(r.blob)),
    load() {
      const runs = db
        .prepare<[], { record: string }>('SELECT record FROM refresh_runs')
        .all()
        .map((r) => JSON.parse(r.record) as RunRecord);
      const current = db
        .prepare<[], { scope: string; run_id: string }>('SELECT scope, run_id FROM refresh_current')
        .all()
        .map((r) => ({ scope: r.scope, runId: r.run_id }));
      const shards = db
        .prepare<[], { run_id: string; shard: number; lists: number; partners: number }>(
          'SELECT run_id, shard, lists, partners FROM refresh_shards',
        )
        .all()
        .map((r) => ({ runId: r.run_id, shard: r.shard, lists: r.lists, partners: r.partners }));
      return { runs, current, shards };
    },
    save(change) {
      database.write(() => {
        for (const runId of change.cleared ?? []) {
          clearLists.run(runId);
          clearStates.run(runId);
        }
        for (const record of change.runs ?? []) putRun.run(record.runId, JSON.stringify(record));
        if (change.current) putCurrent.run(change.current.scope, change.current.runId);
        if (change.shard) putShard.run(change.shard.runId, change.shard.shard, change.shard.lists, change.shard.partners);
        if (change.lists) {
          for (const [seekerId, list] of change.lists.entries) {
            const { runId } = change.lists;
            putList.run(runId, seekerId, list.computedAt, list.ids.length, list.ids.join('\n'), bytes(list.totals), bytes(list.factors));
          }
        }
        if (change.state) putState.run(change.state.runId, change.state.shard, Buffer.from(change.state.blob));
        for (const seekerId of change.removedLists?.seekerIds ?? []) deleteList.run(change.removedLists!.runId, seekerId);
      });
    },
  };
}

function bytes(array: Float64Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

interface HexListRow {
  seeker_id: string;
  computed_at: string;
  ids: string;
  totals: string;
  factors: string;
}

/** Rows whose numbers are hex, each decoded into the scratch (reset first) and made into a list by `make`. */
function fromHexRows<R extends Omit<HexListRow, 'ids'>, L>(
  rows: Iterable<R>,
  scratch: ListScratch,
  make: (row: R, numbers: ListNumbers) => L,
): [string, L][] {
  scratch.reset();
  const out: [string, L][] = [];
  for (const row of rows) {
    const numbers = {
      computedAt: row.computed_at,
      totals: fromHex(row.totals, scratch, Float64Array),
      factors: fromHex(row.factors, scratch, Float32Array),
    };
    out.push([row.seeker_id, make(row, numbers)]);
  }
  return out;
}

/** A hex column's numbers, decoded into the scratch. */
function fromHex<T extends Float64Array | Float32Array>(
  hex: string,
  scratch: ListScratch,
  Type: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number },
): T {
  const bytes = scratch.take(hex.length / 2);
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(hex, 'hex');
  return new Type(bytes.buffer, bytes.byteOffset, bytes.byteLength / Type.BYTES_PER_ELEMENT);
}

function unpackRow(row: ListRow): PackedList {
  return {
    computedAt: row.computed_at,
    ids: row.ids === '' ? [] : row.ids.split('\n'),
    totals: aligned(row.totals, Float64Array),
    factors: aligned(row.factors, Float32Array),
  };
}

/** The blob's numbers: a view when the Buffer is aligned for them (SQLite's are), else a copy into a fresh buffer. */
function aligned<T extends Float64Array | Float32Array>(
  blob: Buffer,
  Type: { new (b: ArrayBufferLike, o: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number },
): T {
  const n = blob.byteLength / Type.BYTES_PER_ELEMENT;
  if (blob.byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(blob.buffer, blob.byteOffset, n);
  const copy = new Type(n);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}
