/**
 * The alerts feed (issue #19): reads OCDS release packages from a directory or an HTTP endpoint, imports them with
 * the OCDS import (src/imports/import-tenders.ts over src/tenders/ocds), and tells which tenders are new or changed
 * since they were last alerted.
 *
 *  directory   every *.json file (at most FEED_DEFAULTS.maxFiles, each at most maxBytes), skipping the files whose
 *              content digest equals the one recorded when they were last read (record kind 'alert-feed-file')
 *  http(s)     GET the URL (a release package), then its `links.next` while present, up to maxPages pages, each at
 *              most maxBytes and timeoutMs; every page is read again (the versions below drop what is unchanged)
 *
 * "New or changed" compares the version (a digest of the canonical stored record, feed-version.ts) of each imported
 * tender as the store holds it after the import with the version last alerted (record kind 'alert-tender'), which
 * the digest run records with markAlerted only after its entries are written: a run killed in between sees the
 * tender as new or changed again, and the ledger's deterministic ids keep the entries once.
 *
 * A directory's files are marked read when the read is over, before any notice is alerted. So that a run that dies
 * after the read (a killed CLI run, a queued run that failed) loses nothing, each notice found new or changed is first
 * recorded as due (kind 'alert-notice-due'), and markAlerted clears it: every read brings back the notices still due,
 * though their files are skipped, until a run alerts them.
 *
 * Bad releases and unreadable files or pages are reported with where they were and why; they never stop the rest.
 * Throws StoreUnavailableError when the store cannot be reached (retriable).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../imports/read-files.ts';
import { planTenderImport, writeTenderPlan } from '../imports/import-tenders.ts';
import type { ImportFile, ImportRejection } from '../imports/report.ts';
import type { Reference } from '../reference/types.ts';
import type { Store } from '../store/types.ts';
import { newsOf, tenderVersion, type TenderNews } from './feed-version.ts';

/** The one source of the feed's bounds. */
export const FEED_DEFAULTS = Object.freeze({
  /** files read from a directory per run (the oldest names first; the rest wait for the next run) */
  maxFiles: 1000,
  /** bytes of one file or one HTTP page */
  maxBytes: 64 * 1024 * 1024,
  /** pages followed through `links.next` per run */
  maxPages: 100,
  /** ms for one HTTP page, headers and body */
  timeoutMs: 30_000,
});
export type FeedSettings = { -readonly [K in keyof typeof FEED_DEFAULTS]: number };

export interface FeedDeps {
  store: Store;
  ref: Reference;
}

export interface FeedTender {
  id: string;
  title: string;
  version: string;
  news: Exclude<TenderNews, 'unchanged'>;
}

export interface FeedReport {
  feed: string;
  /** files or pages read this time, by name */
  read: string[];
  /** directory files skipped because their content was read before */
  skipped: number;
  entries: number;
  imported: number;
  updated: number;
  unchanged: number;
  /** releases that did not make a tender, and files or pages that could not be read, with where and why */
  rejected: ImportRejection[];
  /** tenders new or changed since last alerted */
  tenders: FeedTender[];
}

/** True when `feed` is an http(s) URL (else it is a directory). */
export function isHttpFeed(feed: string): boolean {
  return /^https?:\/\//i.test(feed);
}

/**
 * Reads the feed, imports what it holds and answers what is new or changed; see the module comment. `beforeMarks`,
 * when given, is called with the new or changed tenders before the directory's files are marked read: the queued run
 * saves them there, so a run killed after the marks still knows its notices (src/alerts/jobs.ts).
 */
export async function readFeed(
  deps: FeedDeps,
  feed: string,
  settings: FeedSettings = { ...FEED_DEFAULTS },
  options: { beforeMarks?: (tenders: readonly FeedTender[]) => Promise<void> } = {},
): Promise<FeedReport> {
  const got = isHttpFeed(feed) ? await readHttp(feed, settings) : await readDirectory(deps, feed, settings);
  const plan = planTenderImport(got.files, deps.ref);
  const unreadable = new Set(plan.unreadable.map((u) => u.file));
  const written = await writeTenderPlan(deps.store, plan);
  const tenders: FeedTender[] = [];
  const refused = new Set(written.rejected.map((r) => r.id));
  for (const planned of plan.tenders) {
    if (refused.has(planned.id)) continue;
    const stored = await deps.store.getTender(planned.id);
    if (stored === undefined) continue;
    const version = tenderVersion(stored);
    const last = (await deps.store.records.getRecord('alert-tender', stored.id))?.doc as { version: string } | undefined;
    const news = newsOf(version, last?.version);
    if (news !== 'unchanged') tenders.push({ id: stored.id, title: stored.title, version, news });
  }
  // Notices an earlier read found and no run has alerted yet (it died after the read): due again.
  const found = new Set(tenders.map((t) => t.id));
  for (const due of await dueNotices(deps.store.records)) {
    if (found.has(due.id)) continue;
    const stored = await deps.store.getTender(due.id);
    const version = stored && tenderVersion(stored);
    const last = (await deps.store.records.getRecord('alert-tender', due.id))?.doc as { version: string } | undefined;
    const news = version === undefined ? 'unchanged' : newsOf(version, last?.version);
    if (stored === undefined || version === undefined || news === 'unchanged')
      await deps.store.records.deleteRecord('alert-notice-due', due.id);
    else tenders.push({ id: stored.id, title: stored.title, version, news });
  }
  // Recorded as due before the files are marked read: from here on, only alerting a notice lets it go.
  const at = new Date().toISOString();
  for (const t of tenders) await deps.store.records.putRecord({ kind: 'alert-notice-due', id: t.id, doc: { version: t.version }, at });
  await options.beforeMarks?.(tenders);
  // a file is marked read once its tenders are stored; an unreadable one stays unmarked and is reported every run
  for (const mark of got.marks) if (!unreadable.has(mark.name)) await deps.store.records.putRecord(mark.record);
  return {
    feed,
    read: got.files.map((f) => f.name),
    skipped: got.skipped,
    entries: written.entries,
    imported: written.imported,
    updated: written.updated,
    unchanged: written.unchanged,
    rejected: [...got.problems, ...written.rejected],
    tenders,
  };
}

/** Records that the digests for this version of the tender are written: the next read sees it unchanged. */
export async function markAlerted(deps: Pick<FeedDeps, 'store'>, tenderId: string, version: string, at: string): Promise<void> {
  const records = deps.store.records;
  await records.putRecord({ kind: 'alert-tender', id: tenderId, doc: { version }, at });
  // No longer due, unless a later read found a newer version meanwhile (that one stays due).
  const due = (await records.getRecord('alert-notice-due', tenderId))?.doc as { version: string } | undefined;
  if (due?.version === version) await records.deleteRecord('alert-notice-due', tenderId);
}

/** The notices recorded as due and not yet alerted, a page at a time. */
async function dueNotices(records: Store['records']): Promise<{ id: string; version: string }[]> {
  const out: { id: string; version: string }[] = [];
  for (let offset = 0; ; offset += DUE_PAGE) {
    const page = await records.findRecords({ kind: 'alert-notice-due', offset, limit: DUE_PAGE });
    out.push(...page.items.map((r) => ({ id: r.id, version: (r.doc as { version: string }).version })));
    if (page.items.length < DUE_PAGE) return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
const DUE_PAGE = 1000;

interface Got {
  files: ImportFile[];
  skipped: number;
  problems: ImportRejection[];
  marks: { name: string; record: Parameters<Store['records']['putRecord']>[0] }[];
}

const problem = (source: string, reason: string): ImportRejection => ({ source, position: 0, locator: 'document', reason });

async function readDirectory(deps: FeedDeps, dir: string, settings: FeedSettings): Promise<Got> {
  const got: Got = { files: [], skipped: 0, problems: [], marks: [] };
  const names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
  if (names.length > settings.maxFiles) {
    got.problems.push(problem(dir, `${names.length} files; the first ${settings.maxFiles} are read this run, the rest next run`));
  }
  for (const name of names.slice(0, settings.maxFiles)) {
    const file = path.join(dir, name);
    try {
      const size = (await stat(file)).size;
      if (size > settings.maxBytes) {
        got.problems.push(problem(file, `the file is ${size} bytes, more than the ${settings.maxBytes} a feed file may be`));
        continue;
      }
      const bytes = await readFile(file);
      const fingerprint = createHash('sha256').update(bytes).digest('hex');
      const id = createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 32);
      const seen = (await deps.store.records.getRecord('alert-feed-file', id))?.doc as { fingerprint: string } | undefined;
      if (seen?.fingerprint === fingerprint) {
        got.skipped += 1;
        continue;
      }
      got.files.push({ name: file, text: decodeText(bytes) });
      got.marks.push({
        name: file,
        record: { kind: 'alert-feed-file', id, doc: { path: path.resolve(file), fingerprint }, at: new Date().toISOString() },
      });
    } catch (error) {
      got.problems.push(problem(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`));
    }
  }
  return got;
}

async function readHttp(url: string, settings: FeedSettings): Promise<Got> {
  const got: Got = { files: [], skipped: 0, problems: [], marks: [] };
  const visited = new Set<string>();
  let next: string | undefined = url;
  while (next !== undefined && got.files.length < settings.maxPages) {
    if (visited.has(next)) {
      got.problems.push(problem(next, 'links.next points back to a page already read; stopped'));
      next = undefined;
      break;
    }
    visited.add(next);
    const page = next;
    next = undefined;
    try {
      const text = await fetchBounded(page, settings);
      got.files.push({ name: page, text });
      next = nextLink(text, page);
    } catch (error) {
      got.problems.push(problem(page, (error as Error).message));
    }
  }
  if (next !== undefined) got.problems.push(problem(next, `more than ${settings.maxPages} pages; the rest are read next run`));
  return got;
}

/** GET with a time limit and a byte limit, reading the body as a stream (a lying Content-Length changes nothing). */
async function fetchBounded(url: string, settings: FeedSettings): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(settings.timeoutMs), headers: { accept: 'application/json' } });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`GET answered ${response.status} ${response.statusText}`);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  for (let part = await reader?.read(); reader && part && !part.done; part = await reader.read()) {
    bytes += part.value.byteLength;
    if (bytes > settings.maxBytes) {
      await reader.cancel();
      throw new Error(`the page is more than the ${settings.maxBytes} bytes a feed page may be`);
    }
    chunks.push(part.value);
  }
  return decodeText(Buffer.concat(chunks));
}

/** The package's `links.next`, resolved against the page, when it is an http(s) URL. */
function nextLink(text: string, page: string): string | undefined {
  let next: unknown;
  try {
    next = (JSON.parse(text) as { links?: { next?: unknown } } | null)?.links?.next;
  } catch {
    return undefined; // the import reports the unreadable page
  }
  if (typeof next !== 'string' || next === '') return undefined;
  try {
    const url = new URL(next, page);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
