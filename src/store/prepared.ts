/**
 * What a store's candidate index holds per organisation: the organisation, and what the service prepared from it
 * for matching (its profile, src/matching/profile.ts), so that a match reads candidates ready to score with no
 * look-up from organisation to profile. At 1,000,000 organisations such a look-up (a WeakMap keyed by organisation)
 * cost a random memory access per candidate, and a WeakMap that large makes every major garbage collection walk
 * a million ephemerons (issue #18; docs/scale-embedded.md).
 *
 * The store does not know what is prepared: the caller of Store.findPreparedCandidates passes its `prepare`, and an
 * entry prepared by another function (or not yet prepared: a store restoring in the background) is prepared again
 * with the one asked for, and keeps that.
 */
import type { Organisation } from '../organisations/schema.ts';

/** Builds what matching reads from an organisation. Stores compare these by identity: keep one per purpose. */
export type Prepare<P> = (org: Organisation) => P;

export interface IndexEntry {
  readonly org: Organisation;
  /** the function that made `prepared`, undefined while nothing is */
  by: Prepare<unknown> | undefined;
  prepared: unknown;
}

/** A fresh entry (a write makes a new one: an entry is never shared by two versions of an organisation). */
export function entryOf(org: Organisation, prepare?: Prepare<unknown>): IndexEntry {
  return prepare ? { org, by: prepare, prepared: prepare(org) } : { org, by: undefined, prepared: undefined };
}

export const orgOfEntry = (entry: IndexEntry): Organisation => entry.org;

/** Prepares the entry with `prepare` unless it already is. */
export function prepareEntry(entry: IndexEntry, prepare: Prepare<unknown>): void {
  if (entry.by === prepare) return;
  entry.prepared = prepare(entry.org);
  entry.by = prepare;
}

/** What `prepare` makes of each entry, prepared now where it was not. */
export function preparedOf<P>(entries: readonly IndexEntry[], prepare: Prepare<P>): P[] {
  const out = new Array<P>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.by !== prepare) prepareEntry(entry, prepare);
    out[i] = entry.prepared as P;
  }
  return out;
}

export function organisationsOf(entries: readonly IndexEntry[]): Organisation[] {
  const out = new Array<Organisation>(entries.length);
  for (let i = 0; i < entries.length; i++) out[i] = entries[i].org;
  return out;
}
