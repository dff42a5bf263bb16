/**
 * Helpers for the queued alerts run's tests: a generated world (organisations and notices drawn from them, written
 * as a feed directory), the single-process run every queued run is compared against, and the ledger read back.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DigestEntry } from '../../src/alerts/types.ts';
import { alertHandlers } from '../../src/alerts/jobs.ts';
import { runAlerts } from '../../src/alerts/run.ts';
import { generateOrganisations } from '../../src/demo/generate.ts';
import { generateNotices } from '../../src/demo/notices.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import type { JobQueue, RunQueueStatus } from '../../src/queue/types.ts';
import type { Reference } from '../../src/reference/types.ts';
import type { RecordStore } from '../../src/store/records.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import type { Store } from '../../src/store/types.ts';
import { syntheticOrganisations } from './refresh-dataset.ts';

export const RUN_AT = '2026-12-05T12:00:00.000Z';

export interface AlertsWorld {
  orgs: Organisation[];
  /** the feed directory (one release package) */
  feed: string;
}

/** `orgs` organisations under `prefix` and `notices` notices drawn from them, in a fresh feed directory. */
export function alertsWorld(ref: Reference, prefix: string, orgs: number, notices: number, seed = 11): AlertsWorld {
  const organisations = generateOrganisations(ref, { count: orgs, seed, idPrefix: prefix.replace(/-$/, '') });
  const feed = mkdtempSync(path.join(tmpdir(), 'alerts-queue-'));
  writeFileSync(
    path.join(feed, 'notices.json'),
    JSON.stringify(generateNotices(organisations, { count: notices, seed, idPrefix: `${prefix}ocds` })),
  );
  return { orgs: organisations, feed };
}

/**
 * The same, with the refresh tests' synthetic organisations in Northern Ireland (tests/support/refresh-dataset.ts)
 * instead of England's: for a shared Neo4j, whose other organisations (demo and import data, other tests) are English
 * and would otherwise be candidates for these notices too. Dense: every notice reaches many organisations.
 */
export function northernIrelandWorld(ref: Reference, prefix: string, orgs: number, notices: number, seed = 11): AlertsWorld {
  const organisations = syntheticOrganisations(ref, { count: orgs, seed, idPrefix: prefix });
  const feed = mkdtempSync(path.join(tmpdir(), 'alerts-queue-'));
  writeFileSync(
    path.join(feed, 'notices.json'),
    JSON.stringify(generateNotices(organisations, { count: notices, seed, idPrefix: `${prefix}ocds` })),
  );
  return { orgs: organisations, feed };
}

export function alertJobs(store: Store, ref: Reference, feed: string, shardSize = 4) {
  return alertHandlers({ store, ref, now: () => new Date(), logger: pino({ level: 'silent' }), feed, shardSize });
}

/** Every entry of organisations under `prefix`, as "org tender@version" → entry (without delivery marks). */
export async function ledgerOf(records: RecordStore, prefix: string): Promise<Map<string, DigestEntry>> {
  const out = new Map<string, DigestEntry>();
  for (let offset = 0; ; offset += 1000) {
    const page = await records.findRecords({ kind: 'alert-entry', offset, limit: 1000 });
    for (const r of page.items) {
      const e = r.doc as DigestEntry;
      if (!e.organisationId.startsWith(prefix)) continue;
      const key = `${e.organisationId} ${e.tenderId}@${e.tenderVersion}`;
      if (out.has(key)) throw new Error(`two entries for ${key}`);
      out.set(key, e);
    }
    if (page.items.length === 0 || offset + page.items.length >= page.total) return out;
  }
}

/** How many entry records organisations under `prefix` hold (duplicates counted). */
export async function entryCount(records: RecordStore, prefix: string): Promise<number> {
  let n = 0;
  for (let offset = 0; ; offset += 1000) {
    const page = await records.findRecords({ kind: 'alert-entry', offset, limit: 1000 });
    n += page.items.filter((r) => (r.doc as DigestEntry).organisationId.startsWith(prefix)).length;
    if (page.items.length === 0 || offset + page.items.length >= page.total) return n;
  }
}

/** The reference answer: the single-process run (run.ts) on an embedded store holding only the world. */
export async function directLedger(ref: Reference, world: AlertsWorld, prefix: string): Promise<Map<string, DigestEntry>> {
  const store = new EmbeddedStore();
  try {
    await store.upsertOrganisations(world.orgs);
    await runAlerts({ store, ref, now: () => new Date(RUN_AT) }, world.feed);
    return await ledgerOf(store.records, prefix);
  } finally {
    await store.close();
  }
}

/** Waits until the queue says the run completed (or failed: throws with why). */
export async function untilDone(queue: JobQueue, runId: string, timeoutMs = 120_000): Promise<RunQueueStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await queue.runStatus(runId);
    if (status?.state === 'completed') return status;
    if (status?.state === 'failed') throw new Error(`run ${runId} failed: ${status.failedReason}`);
    if (Date.now() > until) throw new Error(`run ${runId} not done within ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
