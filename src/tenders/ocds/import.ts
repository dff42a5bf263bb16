/**
 * A whole OCDS document → tenders, one per ocid, with every release accounted for.
 *
 * Several releases of one ocid (tender, then amendment, then award…) are snapshots of the same procurement:
 * the newest (by `date`, then by position in the document) that maps to a valid tender wins, and the others
 * are reported as superseded. Award releases are used like any other when they carry a full tender block
 * (Contracts Finder's do). A newer release that cannot be mapped is rejected and the next newest is tried,
 * except when it closes the procurement (tender cancelled, withdrawn or unsuccessful): then no tender is made.
 *
 * Every entry read from the document ends in exactly one of `imported`, `rejected` or `superseded`, so
 * imported + rejected + superseded = entries. Pure: no I/O, never throws on bad data.
 */
import type { Reference } from '../../reference/types.ts';
import type { Tender } from '../schema.ts';
import { str } from '../../shared/loose-json.ts';
import { parseOcdsDocument, releaseTime, type OcdsDocumentShape, type RawRelease } from './parse.ts';
import { releaseToTender, type ReleaseToTenderOptions } from './release-to-tender.ts';

export interface OcdsReleaseRef {
  ocid?: string;
  releaseId?: string;
  /** 0-based ordinal of the entry in the document */
  position: number;
  /** where in the document, e.g. "releases[3]" or "line 7" */
  locator: string;
}

export interface OcdsRejection extends OcdsReleaseRef {
  reason: string;
}

export interface OcdsSuperseded extends OcdsReleaseRef {
  ocid: string;
  /** position of the release that won (or closed the procurement) */
  supersededBy: number;
}

export interface OcdsWarning {
  ocid: string;
  releaseId?: string;
  position: number;
  message: string;
}

export interface OcdsImportResult {
  shape: OcdsDocumentShape;
  tenders: Tender[];
  /** the release each tender was made from, in the same order as `tenders`, with its `date` as published */
  imported: (OcdsReleaseRef & { ocid: string; date?: string })[];
  rejected: OcdsRejection[];
  superseded: OcdsSuperseded[];
  warnings: OcdsWarning[];
  /** entries read from the document (releases and unreadable entries) */
  entries: number;
}

export function importOcds(text: string, reference: Reference, options: ReleaseToTenderOptions = {}): OcdsImportResult {
  const parsed = parseOcdsDocument(text);
  const result: OcdsImportResult = {
    shape: parsed.shape,
    tenders: [],
    imported: [],
    rejected: parsed.errors.map((e) => ({
      ...(e.ocid ? { ocid: e.ocid } : {}),
      position: e.position,
      locator: e.locator,
      reason: e.reason,
    })),
    superseded: [],
    warnings: [],
    entries: parsed.releases.length + parsed.errors.length,
  };

  const groups = new Map<string, RawRelease[]>();
  for (const raw of parsed.releases) {
    const ocid = str(raw.release.ocid);
    if (ocid === undefined) {
      result.rejected.push({ ...refOf(raw), reason: 'the release has no ocid' });
      continue;
    }
    const group = groups.get(ocid);
    if (group) group.push(raw);
    else groups.set(ocid, [raw]);
  }

  for (const [ocid, group] of groups) {
    const newestFirst = [...group].sort((a, b) => releaseTime(b.release) - releaseTime(a.release) || b.position - a.position);
    let decidedBy: number | undefined;
    const rejectedNewer: string[] = [];
    for (const raw of newestFirst) {
      if (decidedBy !== undefined) {
        result.superseded.push({ ...refOf(raw), ocid, supersededBy: decidedBy });
        continue;
      }
      const mapped = releaseToTender(raw.release, reference, options);
      if (mapped.ok) {
        decidedBy = raw.position;
        result.tenders.push(mapped.tender);
        const date = str(raw.release.date);
        result.imported.push({ ...refOf(raw), ocid, ...(date !== undefined ? { date } : {}) });
        const releaseId = str(raw.release.id);
        const warn = (message: string): void => {
          result.warnings.push({ ocid, ...(releaseId !== undefined ? { releaseId } : {}), position: raw.position, message });
        };
        for (const message of mapped.warnings) warn(message);
        if (rejectedNewer.length > 0)
          warn(`newer release(s) rejected (${rejectedNewer.join('; ')}); the tender comes from an older release`);
        continue;
      }
      result.rejected.push({ ...refOf(raw), reason: mapped.reason });
      rejectedNewer.push(mapped.reason);
      if (mapped.closed) decidedBy = raw.position;
    }
  }
  return result;
}

function refOf(raw: RawRelease): OcdsReleaseRef {
  const ocid = str(raw.release.ocid);
  const releaseId = str(raw.release.id);
  return {
    ...(ocid !== undefined ? { ocid } : {}),
    ...(releaseId !== undefined ? { releaseId } : {}),
    position: raw.position,
    locator: raw.locator,
  };
}
