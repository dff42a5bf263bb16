/**
 * A digest's identity: the same organisation, channel and notice versions always give the same id, so a digest sent
 * again after a crash (sent, but the worker died before the ledger recorded it) carries the same email Message-ID and
 * webhook idempotency key, and the receiver can recognise it. Pure (node:crypto only).
 */
import { createHash } from 'node:crypto';
import type { AlertChannel, DigestEntry } from './types.ts';

/** The ledger's key of an entry: one per (organisation, notice version). */
export function entryKey(entry: Pick<DigestEntry, 'tenderId' | 'tenderVersion'>): string {
  return `${entry.tenderId}@${entry.tenderVersion}`;
}

/** `dg-<32 hex>`: SHA-256 of the organisation, the channel and the entries' keys in sorted order. */
export function digestId(
  organisationId: string,
  channel: AlertChannel,
  entries: readonly Pick<DigestEntry, 'tenderId' | 'tenderVersion'>[],
): string {
  const keys = entries.map(entryKey).sort();
  const hash = createHash('sha256')
    .update(JSON.stringify([organisationId, channel, keys]))
    .digest('hex');
  return `dg-${hash.slice(0, 32)}`;
}
