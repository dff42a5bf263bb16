/**
 * The alerts ledger and preferences (src/alerts/ledger.ts, preferences.ts) over a RecordStore, run against the
 * embedded store and the Neo4j store. Every test uses organisation ids under its own random prefix.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  entryId,
  listEntries,
  markDelivered,
  LEDGER_DEFAULTS,
  type NewDigestEntry,
  organisationsWithPending,
  pendingEntries,
  putEntries,
} from '../../src/alerts/ledger.ts';
import { AlertPreferencesInput, getPreferences, putPreferences, unsubscribe } from '../../src/alerts/preferences.ts';
import type { RecordStore } from '../../src/store/records.ts';

export interface LedgerHarness {
  records: RecordStore;
  close(): Promise<void>;
}

export function describeAlertsLedgerContract(name: string, setup: () => Promise<LedgerHarness>): void {
  describe(`alerts ledger: ${name}`, () => {
    let h: LedgerHarness;
    let p: string;
    beforeEach(async () => {
      h = await setup();
      p = `AL-${randomBytes(4).toString('hex')}-`;
    });
    afterEach(async () => h.close());

    const entry = (org: string, tender: string, version: string, at: string): NewDigestEntry => ({
      organisationId: p + org,
      tenderId: p + tender,
      tenderVersion: version,
      title: `Tender ${tender}`,
      fit: 'alone',
      reasons: ['Provides 85311300 Welfare services for children and young people'],
      partners: [],
      createdAt: at,
    });

    it('when the same entries are put twice, then they are held once, new, newest first, with the total', async () => {
      const batch = [
        entry('org', 't1', 'v1', '2026-12-01T00:00:01.000Z'),
        entry('org', 't2', 'v1', '2026-12-01T00:00:02.000Z'),
        entry('other', 't1', 'v1', '2026-12-01T00:00:03.000Z'),
      ];
      const first = await putEntries(h.records, batch);
      expect(first.written.map((e) => e.status)).toEqual(['new', 'new', 'new']);
      expect(first.alreadyHeld).toBe(0);
      const again = await putEntries(h.records, batch);
      expect(again).toEqual({ written: [], alreadyHeld: 3 });
      const page = await listEntries(h.records, `${p}org`, 0, 10);
      expect(page.total).toBe(2);
      expect(page.items.map((e) => e.tenderId)).toEqual([`${p}t2`, `${p}t1`]);
      expect((await listEntries(h.records, `${p}org`, 1, 10)).items.map((e) => e.tenderId)).toEqual([`${p}t1`]);
    });

    it('when a tender changes version, then its new entry is "changed" and both versions are held', async () => {
      await putEntries(h.records, [entry('org', 't1', 'v1', '2026-12-01T00:00:01.000Z')]);
      const { written } = await putEntries(h.records, [entry('org', 't1', 'v2', '2026-12-02T00:00:01.000Z')]);
      expect(written.map((e) => [e.tenderVersion, e.status])).toEqual([['v2', 'changed']]);
      // another organisation seeing v2 first sees it as new
      const other = await putEntries(h.records, [entry('other', 't1', 'v2', '2026-12-02T00:00:01.000Z')]);
      expect(other.written[0]?.status).toBe('new');
      expect((await listEntries(h.records, `${p}org`, 0, 10)).total).toBe(2);
    });

    it('when entries are delivered on one channel, then they stay pending on the others, and the outbox follows', async () => {
      await putEntries(h.records, [
        entry('org', 't1', 'v1', '9999-01-01T00:00:01.000Z'),
        entry('org', 't2', 'v1', '9999-01-01T00:00:02.000Z'),
      ]);
      const owed = await pendingEntries(h.records, `${p}org`, 'email');
      expect(owed.map((e) => e.tenderId)).toEqual([`${p}t2`, `${p}t1`]);
      expect(owed[0]?.id).toBe(entryId(`${p}org`, `${p}t2`, 'v1'));
      // on a shared server other tests' organisations may be owed too: look at ours
      const owedOfOurs = async () => (await organisationsWithPending(h.records, 'email', 0, 1000)).items.filter((id) => id.startsWith(p));
      expect(await owedOfOurs()).toEqual([`${p}org`]);

      const first = owed[1].id;
      expect(await markDelivered(h.records, `${p}org`, [first], 'email', '2026-12-03T00:00:00.000Z')).toBe(1);
      expect((await pendingEntries(h.records, `${p}org`, 'email')).map((e) => e.tenderId)).toEqual([`${p}t2`]);
      expect(await owedOfOurs()).toEqual([`${p}org`]);
      expect(await pendingEntries(h.records, `${p}org`, 'webhook')).toHaveLength(2);

      // a second delivery of the same entry marks nothing; another organisation's entry is left alone
      expect(await markDelivered(h.records, `${p}other`, [owed[0].id], 'email', '2026-12-03T00:00:00.000Z')).toBe(0);
      expect(await markDelivered(h.records, `${p}org`, [first, owed[0].id], 'email', '2026-12-03T00:00:01.000Z')).toBe(1);
      expect(await pendingEntries(h.records, `${p}org`, 'email')).toEqual([]);
      const emailOwed = await organisationsWithPending(h.records, 'email', 0, 1000);
      expect(emailOwed.items).not.toContain(`${p}org`);
      const held = await listEntries(h.records, `${p}org`, 0, 10);
      expect(held.items.map((e) => e.deliveredAt)).toEqual([{ email: '2026-12-03T00:00:01.000Z' }, { email: '2026-12-03T00:00:00.000Z' }]);
      // re-putting delivered entries (a re-run) owes nothing again
      await putEntries(h.records, [entry('org', 't1', 'v1', '9999-01-01T00:00:01.000Z')]);
      expect(await pendingEntries(h.records, `${p}org`, 'email')).toEqual([]);
    });

    it('when one call holds the same entry twice and two versions of a tender, then each is written once, the later "changed"', async () => {
      const { written, alreadyHeld } = await putEntries(h.records, [
        entry('org', 't1', 'v1', '2026-12-01T00:00:01.000Z'),
        entry('org', 't1', 'v1', '2026-12-01T00:00:01.000Z'),
        entry('org', 't1', 'v2', '2026-12-01T00:00:02.000Z'),
      ]);
      expect(written.map((e) => [e.tenderVersion, e.status])).toEqual([
        ['v1', 'new'],
        ['v2', 'changed'],
      ]);
      expect(alreadyHeld).toBe(1);
      expect(await pendingEntries(h.records, `${p}org`, 'web')).toHaveLength(2);
    });

    it('when two workers put the same entries at once, then each entry is written by one of them only', async () => {
      const batch = ['a', 'b', 'c', 'd'].map((org, i) => entry(org, 't1', 'v1', `2026-12-01T00:00:0${i}.000Z`));
      const [one, two] = await Promise.all([putEntries(h.records, batch), putEntries(h.records, batch)]);
      expect(one.written.length + two.written.length).toBe(batch.length);
      expect(one.alreadyHeld + two.alreadyHeld).toBe(batch.length);
      for (const org of ['a', 'b', 'c', 'd']) expect((await listEntries(h.records, p + org, 0, 10)).total).toBe(1);
    });

    it('when a worker dies after its first batch, then every entry held is owed on every channel, and the re-run writes the rest once', async () => {
      const n = LEDGER_DEFAULTS.entriesPerWrite + 5;
      const batch = Array.from({ length: n }, (_, i) => entry(`o${i}`, 't1', 'v1', '2026-12-01T00:00:01.000Z'));
      let writes = 0;
      // the real store, with the process "killed" at its second batch write (nothing of that batch reaches the store)
      const dying: RecordStore = {
        ...bound(h.records),
        writeRecords: async (b) => {
          writes += 1;
          if (writes > 1) throw new Error('killed');
          return h.records.writeRecords(b);
        },
      };
      await expect(putEntries(dying, batch)).rejects.toThrow('killed');
      const ids = batch.map((e) => entryId(e.organisationId, e.tenderId, e.tenderVersion));
      const held = await h.records.getRecords('alert-entry', ids);
      const heldOrgs = held.map((r) => (r.doc as NewDigestEntry).organisationId);
      const channels = ['web', 'email', 'webhook'] as const;
      const owed = await h.records.getRecords(
        'alert-pending',
        held.flatMap((r) => channels.map((c) => `${c}:${r.id}`)),
      );
      expect(owed).toHaveLength(held.length * channels.length);
      const outboxes = await h.records.getRecords(
        'alert-outbox',
        heldOrgs.flatMap((org) => channels.map((c) => `${c}:${org}`)),
      );
      expect(outboxes).toHaveLength(held.length * channels.length);
      expect(heldOrgs).toHaveLength(LEDGER_DEFAULTS.entriesPerWrite);
      const rerun = await putEntries(h.records, batch);
      expect(rerun.written).toHaveLength(5);
      expect(rerun.alreadyHeld).toBe(LEDGER_DEFAULTS.entriesPerWrite);
      expect(await pendingEntries(h.records, `${p}o${n - 1}`, 'email')).toHaveLength(1);
    });

    it('when entries are put for some channels only, then only those owe them', async () => {
      await putEntries(h.records, [entry('org', 't1', 'v1', '2026-12-01T00:00:01.000Z')], ['web']);
      expect(await pendingEntries(h.records, `${p}org`, 'web')).toHaveLength(1);
      expect(await pendingEntries(h.records, `${p}org`, 'email')).toEqual([]);
    });

    it('when preferences were never saved, then the defaults answer; a PUT replaces them and clears an unsubscribe', async () => {
      const org = `${p}org`;
      expect(await getPreferences(h.records, org)).toEqual({
        organisationId: org,
        vcseSuitableOnly: false,
        frequency: 'weekly',
        updatedAt: '1970-01-01T00:00:00.000Z',
      });
      const input = AlertPreferencesInput.parse({ serviceCodes: ['85311300-5'], minimumValueGbp: 50_000, email: 'Bids@Example.org' });
      await putPreferences(h.records, org, input, '2026-12-01T00:00:00.000Z');
      expect(await getPreferences(h.records, org)).toEqual({
        organisationId: org,
        serviceCodes: ['85311300'],
        minimumValueGbp: 50_000,
        vcseSuitableOnly: false,
        frequency: 'weekly',
        email: 'bids@example.org',
        updatedAt: '2026-12-01T00:00:00.000Z',
      });
      await unsubscribe(h.records, org, '2026-12-02T00:00:00.000Z');
      await unsubscribe(h.records, org, '2026-12-03T00:00:00.000Z');
      expect((await getPreferences(h.records, org)).unsubscribedAt).toBe('2026-12-02T00:00:00.000Z');
      await putPreferences(h.records, org, AlertPreferencesInput.parse({ frequency: 'daily' }), '2026-12-04T00:00:00.000Z');
      const now = await getPreferences(h.records, org);
      expect(now.unsubscribedAt).toBeUndefined();
      expect(now.serviceCodes).toBeUndefined();
      expect(now.frequency).toBe('daily');
    });
  });
}

/** The store's methods bound to it, so a test can replace one of them and keep the rest real. */
function bound(records: RecordStore): RecordStore {
  return {
    insertRecord: (r) => records.insertRecord(r),
    putRecord: (r) => records.putRecord(r),
    replaceRecord: (r, at) => records.replaceRecord(r, at),
    getRecord: (k, id) => records.getRecord(k, id),
    getRecords: (k, ids) => records.getRecords(k, ids),
    countRecordsByKey: (k, keys) => records.countRecordsByKey(k, keys),
    findRecords: (q) => records.findRecords(q),
    writeRecords: (b) => records.writeRecords(b),
    deleteRecord: (k, id) => records.deleteRecord(k, id),
    deleteExpired: (k, t) => records.deleteExpired(k, t),
  };
}
