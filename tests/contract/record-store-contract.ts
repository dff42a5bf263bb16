/**
 * The RecordStore contract (src/store/records.ts), run against the embedded store (in memory and in a data
 * directory) and the Neo4j store. The Neo4j server is shared: every test writes ids and keys under its own random
 * prefix and the harness deletes them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/shared/errors.ts';
import { RECORD_BATCH_LIMIT, type RecordStore, type StoredRecord } from '../../src/store/records.ts';

export interface RecordHarness {
  records: RecordStore;
  cleanup(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export function describeRecordStoreContract(name: string, setup: () => Promise<RecordHarness>): void {
  describe(`RecordStore contract: ${name}`, () => {
    let h: RecordHarness;
    let p: string;
    beforeEach(async () => {
      h = await setup();
      p = `RC-${randomBytes(4).toString('hex')}-`;
    });
    afterEach(async () => {
      await h.cleanup(p);
      await h.close();
    });
    const rec = (id: string, over: Partial<StoredRecord> = {}): StoredRecord => ({
      kind: 'audit',
      id: p + id,
      doc: { text: id, n: 1, nested: { list: [1, 'two'] } },
      at: '2026-01-01T00:00:00.000Z',
      ...over,
    });

    it('when a record is inserted, then it reads back equal, and a second insert under its id is a conflict', async () => {
      const a = rec('a', { key1: `${p}k1`, key2: `${p}k2` });
      await h.records.insertRecord(a);
      expect(await h.records.getRecord('audit', a.id)).toEqual(a);
      await expect(h.records.insertRecord({ ...a, doc: { other: true } })).rejects.toBeInstanceOf(ConflictError);
      expect(await h.records.getRecord('audit', a.id)).toEqual(a);
      expect(await h.records.getRecord('claim', a.id)).toBeUndefined(); // kinds are separate
    });

    it('when a record is put twice, then the second replaces it, keys removed included', async () => {
      const a = rec('a', { key1: `${p}k1` });
      await h.records.putRecord(a);
      const b = { ...rec('a'), doc: { v: 2 }, at: '2026-01-02T00:00:00.000Z' };
      await h.records.putRecord(b);
      expect(await h.records.getRecord('audit', a.id)).toEqual(b);
      expect((await h.records.findRecords({ kind: 'audit', key: `${p}k1`, offset: 0, limit: 10 })).total).toBe(0);
    });

    it('when records are found by key, then either key matches, newest first, paged, with the total', async () => {
      await h.records.putRecord(rec('1', { key1: `${p}org`, at: '2026-01-01T00:00:01.000Z' }));
      await h.records.putRecord(rec('2', { key2: `${p}org`, at: '2026-01-01T00:00:03.000Z' }));
      await h.records.putRecord(rec('3', { key1: `${p}org`, key2: `${p}org`, at: '2026-01-01T00:00:02.000Z' }));
      await h.records.putRecord(rec('4', { key1: `${p}other`, at: '2026-01-01T00:00:04.000Z' }));
      const page = await h.records.findRecords({ kind: 'audit', key: `${p}org`, offset: 0, limit: 2 });
      expect(page.total).toBe(3);
      expect(page.items.map((r) => r.id)).toEqual([`${p}2`, `${p}3`]);
      const next = await h.records.findRecords({ kind: 'audit', key: `${p}org`, offset: 2, limit: 2 });
      expect(next.items.map((r) => r.id)).toEqual([`${p}1`]);
      expect((await h.records.findRecords({ kind: 'claim', key: `${p}org`, offset: 0, limit: 2 })).total).toBe(0);
    });

    it('when all records of a kind are listed, then ours come newest first', async () => {
      // far-future times so that, on a shared server, ours are the newest of the kind
      await h.records.putRecord(rec('x', { kind: 'block', at: '9999-01-01T00:00:01.000Z' }));
      await h.records.putRecord(rec('y', { kind: 'block', at: '9999-01-01T00:00:02.000Z' }));
      const page = await h.records.findRecords({ kind: 'block', offset: 0, limit: 2 });
      expect(page.items.map((r) => r.id)).toEqual([`${p}y`, `${p}x`]);
      expect(page.total).toBeGreaterThanOrEqual(2);
    });

    it('when a record has expired, then it reads as absent, may be inserted again, and deleteExpired removes it', async () => {
      const past = new Date(Date.now() - 1000).toISOString();
      const gone = rec('s', { kind: 'session', expiresAt: past, key1: `${p}acc` });
      await h.records.putRecord(gone);
      expect(await h.records.getRecord('session', gone.id)).toBeUndefined();
      expect((await h.records.findRecords({ kind: 'session', key: `${p}acc`, offset: 0, limit: 5 })).total).toBe(0);
      const live = { ...gone, expiresAt: new Date(Date.now() + 60_000).toISOString() };
      await h.records.insertRecord(live);
      expect(await h.records.getRecord('session', gone.id)).toEqual(live);
      await h.records.putRecord(rec('t', { kind: 'session', expiresAt: past }));
      expect(await h.records.deleteExpired('session', new Date().toISOString())).toBeGreaterThanOrEqual(1);
      expect(await h.records.getRecord('session', gone.id)).toEqual(live);
    });

    it('when a record is replaced with the at it was read with, then it changes once; a stale replace changes nothing', async () => {
      const a = rec('c', { kind: 'claim', doc: { status: 'pending' } });
      await h.records.putRecord(a);
      const approve = { ...a, doc: { status: 'approved' }, at: '2026-01-01T00:00:05.000Z' };
      const reject = { ...a, doc: { status: 'rejected' }, at: '2026-01-01T00:00:06.000Z' };
      const results = await Promise.all([h.records.replaceRecord(approve, a.at), h.records.replaceRecord(reject, a.at)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await h.records.getRecord('claim', a.id);
      expect([approve, reject]).toContainEqual(stored);
      expect(await h.records.replaceRecord({ ...a, id: `${p}missing` }, a.at)).toBe(false);
    });

    it('when a record is deleted, then it is gone, and deleting it again says so', async () => {
      const a = rec('d');
      await h.records.putRecord(a);
      expect(await h.records.deleteRecord('audit', a.id)).toBe(true);
      expect(await h.records.getRecord('audit', a.id)).toBeUndefined();
      expect(await h.records.deleteRecord('audit', a.id)).toBe(false);
    });

    it('when a batch is written, then its puts replace, its inserts land only where no live record is, and it says which', async () => {
      const past = new Date(Date.now() - 1000).toISOString();
      const held = rec('held', { doc: { v: 'held' } });
      const replaced = rec('replaced', { doc: { v: 1 }, key1: `${p}k` });
      const expired = rec('expired', { expiresAt: past });
      for (const r of [held, replaced, expired]) await h.records.putRecord(r);

      const putNew = rec('put-new', { key2: `${p}k` });
      const replacement = { ...replaced, doc: { v: 2 }, key1: undefined };
      const fresh = rec('fresh', { doc: { v: 'fresh' } });
      const revived = { ...expired, expiresAt: undefined, doc: { v: 'revived' } };
      const result = await h.records.writeRecords({
        put: [putNew, replacement],
        insert: [
          { ...held, doc: { v: 'overwritten?' } },
          fresh,
          revived,
          { ...fresh, doc: { v: 'second' } },
          { ...putNew, doc: { v: 'x' } },
        ],
      });

      expect(result.inserted).toEqual([fresh, revived]);
      expect(await h.records.getRecord('audit', held.id)).toEqual(held);
      expect(await h.records.getRecord('audit', putNew.id)).toEqual(putNew); // a put comes before the inserts
      expect(await h.records.getRecord('audit', replaced.id)).toEqual(rec('replaced', { doc: { v: 2 } }));
      expect(await h.records.getRecord('audit', fresh.id)).toEqual(fresh);
      expect(await h.records.getRecord('audit', expired.id)).toEqual(rec('expired', { doc: { v: 'revived' } }));
      expect((await h.records.findRecords({ kind: 'audit', key: `${p}k`, offset: 0, limit: 10 })).items).toEqual([putNew]);

      const again = await h.records.writeRecords({ put: [], insert: [fresh, revived] });
      expect(again.inserted).toEqual([]);
      expect(await h.records.writeRecords({ put: [], insert: [] })).toEqual({ inserted: [] });
    });

    it('when records are read as a batch, then the live ones of the kind come back, absent and expired ones left out', async () => {
      const past = new Date(Date.now() - 1000).toISOString();
      const a = rec('a', { key1: `${p}k1` });
      const b = rec('b');
      await h.records.writeRecords({ put: [a, b, rec('gone', { expiresAt: past }), rec('a', { kind: 'claim' })], insert: [] });
      const got = await h.records.getRecords('audit', [a.id, `${p}missing`, `${p}gone`, b.id, a.id]);
      expect(got.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([a, b]);
      expect(await h.records.getRecords('block', [a.id])).toEqual([]);
      expect(await h.records.getRecords('audit', [])).toEqual([]);
    });

    it('when records are counted by key as a batch, then each key counts its live holders once, unheld keys absent', async () => {
      const past = new Date(Date.now() - 1000).toISOString();
      await h.records.writeRecords({
        put: [
          rec('1', { key1: `${p}x` }),
          rec('2', { key2: `${p}x` }),
          rec('3', { key1: `${p}x`, key2: `${p}x` }),
          rec('4', { key1: `${p}y`, key2: `${p}z` }),
          rec('5', { key1: `${p}w`, expiresAt: past }),
          rec('6', { kind: 'claim', key1: `${p}y` }),
        ],
        insert: [],
      });
      const counts = await h.records.countRecordsByKey('audit', [`${p}x`, `${p}y`, `${p}z`, `${p}w`, `${p}none`, `${p}x`]);
      expect(Object.fromEntries(counts)).toEqual({ [`${p}x`]: 3, [`${p}y`]: 1, [`${p}z`]: 1 });
      expect((await h.records.countRecordsByKey('audit', [])).size).toBe(0);
    });

    it('when a batch is larger than the limit, then it is refused with a RangeError before anything is written', async () => {
      const many = Array.from({ length: RECORD_BATCH_LIMIT + 1 }, (_, i) => rec(`m${i}`));
      await expect(h.records.writeRecords({ put: many, insert: [] })).rejects.toBeInstanceOf(RangeError);
      await expect(
        h.records.getRecords(
          'audit',
          many.map((r) => r.id),
        ),
      ).rejects.toBeInstanceOf(RangeError);
      await expect(
        h.records.countRecordsByKey(
          'audit',
          many.map((r) => r.id),
        ),
      ).rejects.toBeInstanceOf(RangeError);
      expect(await h.records.getRecord('audit', many[0].id)).toBeUndefined();
    });
  });
}
