/**
 * An alerts run (issue #19): read the feed → for each new or changed notice, find its candidates once through the
 * store's candidate index → compute who could bid (digest.ts) → write the entries through the ledger → record the
 * notice as alerted at that version. Reads like the story; every step is idempotent, so a run killed anywhere is
 * finished by the next: the feed sees an un-alerted notice again, and the ledger's ids keep each entry once.
 *
 * Throws StoreUnavailableError when the store goes away (retriable); bad releases are in the feed report.
 */
import { codesCovering } from '../matching/candidates.ts';
import { profileOf } from '../matching/profile.ts';
import type { Reference } from '../reference/types.ts';
import type { Store } from '../store/types.ts';
import { digestNotice, noticeAreaCodes, noticeFacts } from './digest.ts';
import { markAlerted, readFeed, type FeedReport } from './feed.ts';
import { putEntries } from './ledger.ts';
import { listSavedPreferences } from './preferences.ts';
import type { AlertChannel, AlertPreferences } from './types.ts';

export const RUN_DEFAULTS = Object.freeze({
  /** organisations the candidate index answers per notice, at most (more than any one notice had in the demo data) */
  maxCandidatesPerNotice: 200_000,
  /** saved preferences read per page */
  preferencesPage: 1000,
});

export interface AlertRunDeps {
  store: Store;
  ref: Reference;
  now(): Date;
}

export interface AlertRunReport {
  feed: FeedReport;
  /** entries written this run, by organisation id */
  entriesByOrganisation: Record<string, number>;
  written: number;
  /** entries found already held (a re-run) */
  alreadyHeld: number;
}

/**
 * The channels that owe an organisation its entries: email and webhook when set and subscribed. None for the web page
 * and the API, which list the entries themselves (listEntries): nothing delivers or marks a 'web' pending record, so
 * owing one would add two writes to every entry and keep them for ever.
 */
export function channelsFor(prefs: AlertPreferences | undefined): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (prefs === undefined || prefs.unsubscribedAt !== undefined) return channels;
  if (prefs.email !== undefined) channels.push('email');
  if (prefs.webhookUrl !== undefined) channels.push('webhook');
  return channels;
}

export async function runAlerts(deps: AlertRunDeps, feed: string): Promise<AlertRunReport> {
  const report = await readFeed(deps, feed);
  const preferences = await savedPreferences(deps.store);
  const now = deps.now();
  const run: AlertRunReport = { feed: report, entriesByOrganisation: {}, written: 0, alreadyHeld: 0 };
  for (const notice of report.tenders) {
    const result = await alertNotice(deps, notice, preferences, now);
    run.written += result.written;
    run.alreadyHeld += result.alreadyHeld;
    for (const [org, n] of Object.entries(result.entriesByOrganisation))
      run.entriesByOrganisation[org] = (run.entriesByOrganisation[org] ?? 0) + n;
  }
  return run;
}

export interface NoticeReport {
  written: number;
  alreadyHeld: number;
  entriesByOrganisation: Record<string, number>;
}

/**
 * One notice of a run, the step both the single-process run and the queued run's shards take (src/alerts/jobs.ts):
 * its candidates once → the digest → the entries through the ledger (grouped by the channels that owe them) → the
 * notice marked alerted at this version, only after its entries are written. Idempotent: a re-run writes nothing
 * twice. A notice no longer in the store is skipped (and not marked).
 */
export async function alertNotice(
  deps: AlertRunDeps,
  notice: { id: string; version: string },
  preferences: ReadonlyMap<string, AlertPreferences>,
  now: Date,
): Promise<NoticeReport> {
  const out: NoticeReport = { written: 0, alreadyHeld: 0, entriesByOrganisation: {} };
  const tender = await deps.store.getTender(notice.id);
  if (tender === undefined) return out;
  const createdAt = now.toISOString();
  const facts = noticeFacts(tender, notice.version, deps.ref, now);
  const serviceCodes = new Set<string>();
  for (const code of facts.required) for (const c of codesCovering(code, deps.ref)) serviceCodes.add(c);
  const found = await deps.store.findCandidates({
    serviceCodes: [...serviceCodes].sort(),
    areaCodes: noticeAreaCodes(facts, deps.ref),
    excludeIds: [],
    limit: RUN_DEFAULTS.maxCandidatesPerNotice,
  });
  const entries = digestNotice(
    facts,
    found.map((o) => profileOf(o, deps.ref)),
    preferences,
    deps.ref,
    createdAt,
  );
  // the entries owed on the same channels go to the ledger together
  const byChannels = new Map<string, { channels: AlertChannel[]; entries: typeof entries }>();
  for (const entry of entries) {
    const channels = channelsFor(preferences.get(entry.organisationId));
    const key = channels.join(',');
    const group = byChannels.get(key) ?? { channels, entries: [] };
    group.entries.push(entry);
    byChannels.set(key, group);
  }
  for (const { channels, entries: group } of byChannels.values()) {
    const result = await putEntries(deps.store.records, group, channels);
    out.written += result.written.length;
    out.alreadyHeld += result.alreadyHeld;
    for (const w of result.written) out.entriesByOrganisation[w.organisationId] = (out.entriesByOrganisation[w.organisationId] ?? 0) + 1;
  }
  await markAlerted(deps, notice.id, notice.version, createdAt);
  return out;
}

/** Every saved set of alert preferences, by organisation id. */
export async function savedPreferences(store: Store): Promise<Map<string, AlertPreferences>> {
  const out = new Map<string, AlertPreferences>();
  for (let offset = 0; ; offset += RUN_DEFAULTS.preferencesPage) {
    const page = await listSavedPreferences(store.records, offset, RUN_DEFAULTS.preferencesPage);
    for (const p of page.items) out.set(p.organisationId, p);
    if (offset + page.items.length >= page.total || page.items.length === 0) return out;
  }
}
