/**
 * An alerts run end to end over a store (src/alerts/run.ts): a feed directory → imported notices → digest entries in
 * the ledger, once per organisation and notice version, whatever is re-run. Run on the embedded store and Neo4j;
 * ids are under a random prefix, and only ours are asserted (a shared Neo4j may hold other organisations in Bolton).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEntries, pendingEntries } from '../../src/alerts/ledger.ts';
import { AlertPreferencesInput, putPreferences } from '../../src/alerts/preferences.ts';
import { runAlerts, type AlertRunReport } from '../../src/alerts/run.ts';
import { defaultReference } from '../../src/reference/load.ts';
import type { Store } from '../../src/store/types.ts';
import { buildOrganisation } from '../builders.ts';

export interface RunHarness {
  store: Store;
  cleanup(prefix: string): Promise<void>;
}

const ref = defaultReference();
const BOLTON = 'E08000001';

export function describeAlertsRunContract(name: string, setup: () => Promise<RunHarness>): void {
  describe(`alerts run: ${name}`, () => {
    let h: RunHarness;
    let p: string;
    let dir: string;
    beforeEach(async () => {
      h = await setup();
      p = `ALR-${randomBytes(4).toString('hex')}-`;
      dir = mkdtempSync(path.join(tmpdir(), 'alerts-run-'));
    });
    afterEach(async () => {
      await h.cleanup(p);
      await h.store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const release = (date: string, title: string) => ({
      ocid: `${p}ocid`,
      id: `${p}r-${date}`,
      date,
      tag: ['tender'],
      tender: {
        id: `${p}T`,
        title,
        status: 'active',
        value: { amount: 1_000_000, currency: 'GBP' },
        classification: { scheme: 'CPV', id: '85311300' },
        items: [
          { id: '1', classification: { scheme: 'CPV', id: '85311300' }, deliveryAddresses: [{ region: 'North West' }] },
          { id: '2', classification: { scheme: 'CPV', id: '85312400' }, deliveryAddresses: [{ region: 'North West' }] },
        ],
      },
    });
    const write = (releases: unknown[]) => writeFileSync(path.join(dir, 'notices.json'), JSON.stringify({ releases }));
    const mine = (report: AlertRunReport) =>
      Object.entries(report.entriesByOrganisation)
        .filter(([id]) => id.startsWith(p))
        .sort();
    // each run a minute after the last, as runs are: entries of a later run are newer
    let runs = 0;
    const run = () => {
      const at = new Date(Date.parse('2026-12-05T12:00:00Z') + 60_000 * runs++);
      return runAlerts({ store: h.store, ref, now: () => at }, dir);
    };

    it('when a notice arrives, then who could bid gets one entry, a re-run writes nothing, and a changed notice comes back as changed', async () => {
      const org = (id: string, services: string[], turnover: number) =>
        buildOrganisation({ id: p + id, name: p + id, baseArea: BOLTON, areas: [BOLTON], services, annualTurnoverGbp: turnover });
      await h.store.upsertOrganisations([
        org('ALL', ['85311300', '85312400'], 3_000_000),
        org('KIDS', ['85311300'], 500_000),
        org('EDU', ['80000000'], 3_000_000),
      ]);
      await putPreferences(h.store.records, `${p}KIDS`, AlertPreferencesInput.parse({ email: 'bids@example.org' }), '2026-12-01T00:00:00Z');
      write([release('2026-12-01T00:00:00Z', 'Family support and home care in the North West')]);

      const first = await run();
      expect(first.feed.tenders.map((t) => [t.id, t.news])).toEqual([[`${p}ocid`, 'new']]);
      expect(mine(first)).toEqual([
        [`${p}ALL`, 1],
        [`${p}KIDS`, 1],
      ]);
      const [kids] = (await listEntries(h.store.records, `${p}KIDS`, 0, 10)).items;
      expect(kids).toMatchObject({ tenderId: `${p}ocid`, status: 'new', fit: 'with-partners', partners: [{ id: `${p}ALL` }] });
      expect((await listEntries(h.store.records, `${p}ALL`, 0, 10)).items[0]).toMatchObject({ fit: 'alone', partners: [] });
      // KIDS gave an email address, ALL did not
      expect(await pendingEntries(h.store.records, `${p}KIDS`, 'email')).toHaveLength(1);
      expect(await pendingEntries(h.store.records, `${p}ALL`, 'email')).toEqual([]);
      // the web page and the API list entries themselves: nothing is owed on 'web'
      expect(await pendingEntries(h.store.records, `${p}ALL`, 'web')).toEqual([]);
      expect(await pendingEntries(h.store.records, `${p}KIDS`, 'web')).toEqual([]);

      // the same feed again: the file is skipped, nothing is new
      const second = await run();
      expect(second.feed).toMatchObject({ read: [], skipped: 1, tenders: [] });
      expect(mine(second)).toEqual([]);

      // as if killed after the entries but before the notice was marked alerted: the notice is seen again, entries kept once
      await h.store.records.deleteRecord('alert-tender', `${p}ocid`);
      write([release('2026-12-01T00:00:00Z', 'Family support and home care in the North West'), { junk: true }]);
      const rerun = await run();
      expect(rerun.feed.tenders.map((t) => t.news)).toEqual(['new']);
      expect(mine(rerun)).toEqual([]);
      expect(rerun.alreadyHeld).toBeGreaterThanOrEqual(2);
      expect(rerun.feed.rejected.map((r) => r.locator)).toEqual(['releases[1]']);

      // a changed notice: a new entry each, marked changed
      write([release('2026-12-03T00:00:00Z', 'Family support and home care in the North West (extended)')]);
      const changed = await run();
      expect(changed.feed.tenders.map((t) => t.news)).toEqual(['changed']);
      expect(mine(changed)).toEqual([
        [`${p}ALL`, 1],
        [`${p}KIDS`, 1],
      ]);
      const all = await listEntries(h.store.records, `${p}ALL`, 0, 10);
      expect(all.items.map((e) => e.status)).toEqual(['changed', 'new']);
    });
  });
}
