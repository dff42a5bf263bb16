/**
 * A tender's version for alerts: a digest of its canonical record (keys sorted), so a notice re-published unchanged
 * keeps its version and any change to what is stored — value, deadline, places, services, wording — makes a new one.
 * Pure.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { Tender } from '../tenders/schema.ts';

export function tenderVersion(tender: Tender): string {
  return createHash('sha256').update(canonicalJson(tender)).digest('hex').slice(0, 16);
}

/** What a feed read tells of one tender, against the version last alerted. */
export type TenderNews = 'new' | 'changed' | 'unchanged';

/** 'new' when never alerted, 'changed' when alerted at another version, else 'unchanged'. */
export function newsOf(current: string, lastAlerted: string | undefined): TenderNews {
  if (lastAlerted === undefined) return 'new';
  return lastAlerted === current ? 'unchanged' : 'changed';
}
