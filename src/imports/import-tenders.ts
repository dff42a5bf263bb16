/**
 * "Bring these OCDS files in": read every file → map each release to a tender (src/tenders/ocds, pure; a
 * release either maps whole or is rejected with its reason) → one tender per ocid over all files → write in
 * batches → report.
 *
 * Several releases of one ocid: within a file the newest valid release wins (importOcds); across files the
 * newest by release `date` wins, a tie going to the file given later. The others are reported as superseded.
 * A cancelled or withdrawn release is rejected and never deletes a tender already stored.
 *
 * Every entry read ends in exactly one place: imported + updated + unchanged + rejected + superseded = entries.
 * Throws ValidationError, before anything is written, when a file holds no readable document at all (not
 * JSON, empty, not OCDS); StoreUnavailableError when the store goes away mid-import (batches written stay,
 * and a rerun finishes the job: upserts are idempotent).
 */
import type { Reference } from '../reference/types.ts';
import type { Store } from '../store/types.ts';
import { writeInBatches } from '../store/write-in-batches.ts';
import { importOcds, type ReleaseToTenderOptions } from '../tenders/ocds/index.ts';
import type { Tender } from '../tenders/schema.ts';
import {
  emptyCounts,
  type ImportCounts,
  type ImportFile,
  type ImportRejection,
  type ImportWriteOptions,
  refuseUnreadable,
  type UnreadableFile,
} from './report.ts';

export interface TenderImportDeps {
  store: Store;
  ref: Reference;
}

export interface TenderImportOptions extends ImportWriteOptions, ReleaseToTenderOptions {}

export interface SupersededRelease {
  source: string;
  position: number;
  locator: string;
  id: string;
  releaseId?: string;
  /** the release that won, or closed the procurement: "file.json releases[7]" */
  supersededBy: string;
}

export interface TenderImportReport extends ImportCounts {
  kind: 'ocds';
  superseded: SupersededRelease[];
}

/** The tenders to write and where each came from, decided before anything is written. */
export interface TenderImportPlan {
  tenders: Tender[];
  /** where each tender came from, in the order of `tenders` */
  origins: { source: string; position: number; locator: string; id: string }[];
  report: TenderImportReport;
  /** files with no readable document, with the reason */
  unreadable: UnreadableFile[];
}

/** Pure: files → the tenders to write (one per ocid) and the report so far (store counts still zero). */
export function planTenderImport(files: readonly ImportFile[], ref: Reference, options: ReleaseToTenderOptions = {}): TenderImportPlan {
  const report: TenderImportReport = { kind: 'ocds', ...emptyCounts('embedded'), superseded: [] };
  const unreadable: TenderImportPlan['unreadable'] = [];
  type Winner = { tender: Tender; source: string; position: number; locator: string; time: number; releaseId?: string };
  const byOcid = new Map<string, Winner>();

  for (const file of files) {
    const result = importOcds(file.text, ref, options);
    report.files.push({ name: file.name, entries: result.entries, shape: result.shape });
    report.entries += result.entries;
    const documentError = result.rejected.find((r) => r.locator === 'document');
    if (documentError) unreadable.push({ file: file.name, reason: documentError.reason });

    const locatorAt = new Map<number, string>();
    for (const x of [...result.imported, ...result.rejected]) locatorAt.set(x.position, x.locator);
    for (const r of result.rejected) {
      report.rejected.push({
        source: file.name,
        position: r.position,
        locator: r.locator,
        ...(r.ocid !== undefined ? { id: r.ocid } : {}),
        reason: r.reason,
      });
    }
    for (const s of result.superseded) {
      report.superseded.push({
        source: file.name,
        position: s.position,
        locator: s.locator,
        id: s.ocid,
        ...(s.releaseId !== undefined ? { releaseId: s.releaseId } : {}),
        supersededBy: `${file.name} ${locatorAt.get(s.supersededBy) ?? `entry ${s.supersededBy}`}`,
      });
    }
    for (const w of result.warnings) report.warnings.push({ source: file.name, position: w.position, id: w.ocid, message: w.message });

    result.tenders.forEach((tender, i) => {
      const ref = result.imported[i];
      const time = ref.date === undefined ? NaN : Date.parse(ref.date);
      const candidate: Winner = {
        tender,
        source: file.name,
        position: ref.position,
        locator: ref.locator,
        time: Number.isNaN(time) ? -Infinity : time,
        ...(ref.releaseId !== undefined ? { releaseId: ref.releaseId } : {}),
      };
      const current = byOcid.get(tender.id);
      const [winner, loser] = current === undefined || candidate.time >= current.time ? [candidate, current] : [current, candidate];
      byOcid.set(tender.id, winner);
      if (loser) {
        report.superseded.push({
          source: loser.source,
          position: loser.position,
          locator: loser.locator,
          id: tender.id,
          ...(loser.releaseId !== undefined ? { releaseId: loser.releaseId } : {}),
          supersededBy: `${winner.source} ${winner.locator}`,
        });
      }
    });
  }

  const winners = [...byOcid.values()];
  return {
    tenders: winners.map((w) => w.tender),
    origins: winners.map((w) => ({ source: w.source, position: w.position, locator: w.locator, id: w.tender.id })),
    report,
    unreadable,
  };
}

/** Reads, maps and writes; see the module comment for what is counted where and what is thrown. */
export async function importTenders(
  deps: TenderImportDeps,
  files: readonly ImportFile[],
  options: TenderImportOptions = {},
): Promise<TenderImportReport> {
  const started = performance.now();
  const plan = planTenderImport(files, deps.ref, options);
  refuseUnreadable(plan.unreadable);
  return writeTenderPlan(deps.store, plan, options, started);
}

/** Writes a plan made by planTenderImport; tenders the store refuses move to `rejected`. */
export async function writeTenderPlan(
  store: Store,
  plan: TenderImportPlan,
  options: ImportWriteOptions = {},
  started = performance.now(),
): Promise<TenderImportReport> {
  const origin = new Map(plan.tenders.map((t, i) => [t, plan.origins[i]]));
  const written = await writeInBatches(plan.tenders, (batch) => store.upsertTenders(batch), { ...options, onRefusal: 'isolate' });
  const refused: ImportRejection[] = written.refused.map(({ item, reason }) => ({ ...origin.get(item)!, reason }));
  return {
    ...plan.report,
    store: store.kind,
    imported: written.created,
    updated: written.updated,
    unchanged: written.unchanged,
    rejected: [...plan.report.rejected, ...refused],
    batches: written.batches,
    ms: Math.round(performance.now() - started),
  };
}
