/**
 * What an import reports: counts that add up, and every record that did not make it, with where it was and
 * why. The same shape is printed by the CLI and written whole by `--report FILE`.
 */
import type { StoreKind } from '../store/types.ts';
import { ValidationError } from '../shared/errors.ts';
import type { BatchOptions } from '../store/write-in-batches.ts';

/** A file's text and the name reports use for it (the path as given, for the CLI). */
export interface ImportFile {
  name: string;
  text: string;
}

export interface ImportRejection {
  /** the file it came from */
  source: string;
  /** 0-based ordinal of the entry in its file */
  position: number;
  /** where in the file: "releases[3]", "line 7", "row 12" */
  locator: string;
  /** the ocid (tenders) or the identifier as given (organisations), when there is one */
  id?: string;
  reason: string;
}

export interface ImportWarning {
  source: string;
  position?: number;
  id?: string;
  message: string;
}

export interface ImportFileSummary {
  name: string;
  /** entries (releases) or source records read from the file */
  entries: number;
  /** OCDS: releasePackage, recordPackage, …; organisations: the formats read */
  shape?: string;
}

/**
 * Counts of stored objects (tenders, organisations): `imported` were created, `updated` existed and changed,
 * `unchanged` existed as they are. A second import of the same files reports everything unchanged.
 */
export interface ImportCounts {
  /** the store written to; embedded lives only as long as the process */
  store: StoreKind;
  files: ImportFileSummary[];
  /** entries read over all files */
  entries: number;
  /** created in the store */
  imported: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
  warnings: ImportWarning[];
  /** write batches (store transactions) */
  batches: number;
  ms: number;
}

/**
 * The reasons behind most rejections, counted. Reasons are grouped by their wording up to the first ': '
 * (a colon followed by a space), with numbers and quoted text blanked, so "unknown CPV code 12345678" and "unknown CPV code 87654321"
 * count as one.
 */
export function topReasons(rejected: readonly ImportRejection[], limit = 5): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rejected) {
    const key = reasonKind(r.reason);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1))
    .slice(0, limit);
}

export function reasonKind(reason: string): string {
  const head = reason.split(/:\s/)[0];
  return head
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b[A-Z]{0,3}\d[\w-]*/g, '…')
    .trim();
}

export function emptyCounts(store: ImportCounts['store']): ImportCounts {
  return { store, files: [], entries: 0, imported: 0, updated: 0, unchanged: 0, rejected: [], warnings: [], batches: 0, ms: 0 };
}

/** How an import writes: batch size and progress (src/store/write-in-batches.ts); refused records are always isolated. */
export type ImportWriteOptions = Pick<BatchOptions, 'batchSize' | 'onProgress'>;

/** A file an import cannot read at all (nothing is written when there is one). */
export interface UnreadableFile {
  file: string;
  reason: string;
}

/** Throws ValidationError naming every unreadable file, before anything is written; returns when there is none. */
export function refuseUnreadable(unreadable: readonly UnreadableFile[]): void {
  if (unreadable.length > 0) {
    throw new ValidationError(unreadable.map((u) => ({ path: u.file, message: `${u.reason} (nothing was imported)` })));
  }
}
