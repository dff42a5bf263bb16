/**
 * The alerts ledger (issue #19): every digest entry computed for an organisation, and which channels still owe it,
 * kept in the RecordStore so both stores hold it and a killed worker loses nothing.
 *
 * Records (all in the RecordStore, src/store/records.ts):
 *  'alert-entry'    id = entryId(org, tender, version); key1 = org; key2 = [org, tender] (earlier versions → 'changed')
 *  'alert-pending'  id = channel:entryId; key1 = [channel, org]: the entry is owed on that channel
 *  'alert-outbox'   id = channel:org; key1 = channel: the organisation is owed something on that channel
 *
 * Idempotence: the entry id is a digest of (organisation, tender, tender version), so a re-run of a shard (a worker
 * killed mid-run, a job retried) writes nothing twice. An entry is written in the same batch (one transaction,
 * RecordStore.writeRecords) as its pending and outbox records, which come first in it: an entry that exists has all
 * of them, and a run killed before the batch committed writes them again (puts are idempotent) with the entry.
 * Delivery removes the outbox record first and puts it back if anything is
 * still pending, so an entry put meanwhile is never stranded.
 *
 * Throws StoreUnavailableError when the store cannot be reached (retriable).
 */
import { createHash } from 'node:crypto';
import type { RecordStore, StoredRecord } from '../store/records.ts';
import { ALERT_CHANNELS, type AlertChannel, type DigestEntry } from './types.ts';

/** An entry as the digest computes it: the ledger decides its status ('new' or 'changed'); nothing is delivered yet. */
export type NewDigestEntry = Omit<DigestEntry, 'status' | 'deliveredAt'>;

export const LEDGER_DEFAULTS = Object.freeze({
  /** the most entries pendingEntries answers at once (a digest larger than this goes in the next one) */
  pendingLimit: 1000,
  /** entries written per batch (each with a pending record per channel and its outbox records: ≤ 7 records) */
  entriesPerWrite: 1000,
});

/** The deterministic id of the entry for one version of a tender in one organisation's digest. */
export function entryId(organisationId: string, tenderId: string, tenderVersion: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([organisationId, tenderId, tenderVersion]))
    .digest('hex');
  return `AE-${digest.slice(0, 32)}`;
}

const tenderKey = (organisationId: string, tenderId: string): string => JSON.stringify([organisationId, tenderId]);
const pendingKey = (channel: AlertChannel, organisationId: string): string => JSON.stringify([channel, organisationId]);
const pendingId = (channel: AlertChannel, id: string): string => `${channel}:${id}`;
const outboxId = (channel: AlertChannel, organisationId: string): string => `${channel}:${organisationId}`;

/**
 * Writes the entries not written before (by their deterministic id), each owed on `channels` (all by default: the
 * delivery decides what an organisation without an email address or webhook gets). An entry is 'changed' when an
 * entry for another version of the same tender is held for the organisation, else 'new'. Returns the entries written
 * and how many were already held.
 *
 * Three round trips per LEDGER_DEFAULTS.entriesPerWrite entries, whatever the channels: which are held, which
 * (organisation, tender) pairs hold another version, then one batch write (RecordStore.writeRecords) holding the
 * pending and outbox records as puts and the entries as inserts — one transaction, so an entry is never stored
 * without its pending records (and the puts come first within it, the order the single-record writes kept).
 */
export async function putEntries(
  records: RecordStore,
  entries: readonly NewDigestEntry[],
  channels: readonly AlertChannel[] = ALERT_CHANNELS,
): Promise<{ written: DigestEntry[]; alreadyHeld: number }> {
  const written: DigestEntry[] = [];
  let alreadyHeld = 0;
  for (let from = 0; from < entries.length; from += LEDGER_DEFAULTS.entriesPerWrite) {
    const batch = await putBatch(records, entries.slice(from, from + LEDGER_DEFAULTS.entriesPerWrite), channels);
    written.push(...batch.written);
    alreadyHeld += batch.alreadyHeld;
  }
  return { written, alreadyHeld };
}

async function putBatch(
  records: RecordStore,
  entries: readonly NewDigestEntry[],
  channels: readonly AlertChannel[],
): Promise<{ written: DigestEntry[]; alreadyHeld: number }> {
  const ids = entries.map((e) => entryId(e.organisationId, e.tenderId, e.tenderVersion));
  const held = new Set((await records.getRecords('alert-entry', ids)).map((r) => r.id));
  const fresh = entries.map((entry, i) => ({ entry, id: ids[i] })).filter(({ id }) => !held.has(id));
  const earlier = await records.countRecordsByKey(
    'alert-entry',
    fresh.map(({ entry }) => tenderKey(entry.organisationId, entry.tenderId)),
  );

  const pending: StoredRecord[] = [];
  const outbox = new Map<string, StoredRecord>();
  const inserts: StoredRecord[] = [];
  const versionsSeen = new Map<string, string>(); // tender key → the first version of it in this batch
  for (const { entry, id } of fresh) {
    const key = tenderKey(entry.organisationId, entry.tenderId);
    const firstVersion = versionsSeen.get(key) ?? entry.tenderVersion;
    versionsSeen.set(key, firstVersion);
    const changed = earlier.has(key) || firstVersion !== entry.tenderVersion;
    const full: DigestEntry = { ...entry, status: changed ? 'changed' : 'new' };
    for (const channel of channels) {
      pending.push({
        kind: 'alert-pending',
        id: pendingId(channel, id),
        doc: { entryId: id, organisationId: entry.organisationId, channel },
        at: entry.createdAt,
        key1: pendingKey(channel, entry.organisationId),
      });
      const outboxKey = outboxId(channel, entry.organisationId);
      if (!outbox.has(outboxKey)) {
        outbox.set(outboxKey, {
          kind: 'alert-outbox',
          id: outboxKey,
          doc: { organisationId: entry.organisationId, channel },
          at: entry.createdAt,
          key1: channel,
        });
      }
    }
    inserts.push({ kind: 'alert-entry', id, doc: full, at: entry.createdAt, key1: entry.organisationId, key2: key });
  }
  if (inserts.length === 0) return { written: [], alreadyHeld: entries.length };
  // an insert left out was written meanwhile by another worker, or is the same entry twice in this batch
  const { inserted } = await records.writeRecords({ put: [...pending, ...outbox.values()], insert: inserts });
  return { written: inserted.map((r) => r.doc as DigestEntry), alreadyHeld: entries.length - inserted.length };
}

/** The organisation's entries, newest first (by createdAt), with the total. */
export async function listEntries(
  records: RecordStore,
  organisationId: string,
  offset: number,
  limit: number,
): Promise<{ items: DigestEntry[]; total: number }> {
  const page = await records.findRecords({ kind: 'alert-entry', key: organisationId, offset, limit });
  return { items: page.items.map((r) => r.doc as DigestEntry), total: page.total };
}

/** One entry by its id, when it belongs to the organisation. */
export async function getEntry(records: RecordStore, organisationId: string, id: string): Promise<DigestEntry | undefined> {
  const record = await records.getRecord('alert-entry', id);
  const entry = record?.doc as DigestEntry | undefined;
  return entry?.organisationId === organisationId ? entry : undefined;
}

/**
 * The entries the organisation is owed on `channel`, newest first, at most `limit` (LEDGER_DEFAULTS.pendingLimit);
 * each with its id, for markDelivered.
 */
export async function pendingEntries(
  records: RecordStore,
  organisationId: string,
  channel: AlertChannel,
  limit: number = LEDGER_DEFAULTS.pendingLimit,
): Promise<Array<DigestEntry & { id: string }>> {
  const page = await records.findRecords({
    kind: 'alert-pending',
    key: pendingKey(channel, organisationId),
    offset: 0,
    limit,
  });
  const out: Array<DigestEntry & { id: string }> = [];
  for (const pending of page.items) {
    const { entryId: id } = pending.doc as { entryId: string };
    const entry = await getEntry(records, organisationId, id);
    // a pending record without its entry belongs to a run killed mid-write: the re-run writes the entry
    if (entry === undefined) continue;
    if (entry.deliveredAt?.[channel] !== undefined) {
      await records.deleteRecord('alert-pending', pending.id); // delivered, but the clean-up was interrupted
      continue;
    }
    out.push({ ...entry, id });
  }
  return out;
}

/**
 * Marks the entries delivered on `channel` at `at` (ISO 8601) and no longer owed there. Entries of another
 * organisation, unknown ids and entries already delivered on the channel are left alone. Returns how many were marked.
 */
export async function markDelivered(
  records: RecordStore,
  organisationId: string,
  entryIds: readonly string[],
  channel: AlertChannel,
  at: string,
): Promise<number> {
  let marked = 0;
  for (const id of entryIds) {
    const record = await records.getRecord('alert-entry', id);
    const entry = record?.doc as DigestEntry | undefined;
    if (record === undefined || entry === undefined || entry.organisationId !== organisationId) continue;
    if (entry.deliveredAt?.[channel] === undefined) {
      const doc: DigestEntry = { ...entry, deliveredAt: { ...entry.deliveredAt, [channel]: at } };
      await records.putRecord({ ...record, doc });
      marked += 1;
    }
    await records.deleteRecord('alert-pending', pendingId(channel, id));
  }
  // outbox first removed, then put back if anything is still owed: an entry put meanwhile is never stranded
  await records.deleteRecord('alert-outbox', outboxId(channel, organisationId));
  const still = await records.findRecords({
    kind: 'alert-pending',
    key: pendingKey(channel, organisationId),
    offset: 0,
    limit: 1,
  });
  if (still.total > 0) {
    await records.putRecord({
      kind: 'alert-outbox',
      id: outboxId(channel, organisationId),
      doc: { organisationId, channel },
      at,
      key1: channel,
    });
  }
  return marked;
}

/** The organisations owed something on `channel`, most recently owed first, paged, with the total. */
export async function organisationsWithPending(
  records: RecordStore,
  channel: AlertChannel,
  offset: number,
  limit: number,
): Promise<{ items: string[]; total: number }> {
  const page = await records.findRecords({ kind: 'alert-outbox', key: channel, offset, limit });
  return { items: page.items.map((r) => (r.doc as { organisationId: string }).organisationId), total: page.total };
}
