/**
 * "Bring these organisation files in": read every file (registers: Charity Commission, CQC, Companies House,
 * CCNI, FCA mutuals, UKCAT; 360Giving JSON/CSV, Find That Charity records, the NHS ODS trusts file, the provider
 * CSV template) → deduplicate on identifiers over all files together (src/organisations/import, pure; a charity
 * under GB-CHC and GB-COH is one organisation) → lay each over what is stored → write in batches → report.
 *
 * An organisation already stored is the base, and the import is laid over it fact by fact with sources
 * (src/organisations/import/overlay.ts): evidence wins over declaration, and every disagreement is reported as
 * a conflict (which fact, both values, both sources). Partnerships and private fields are never touched (no
 * source carries them). Records that only add facts to organisations named elsewhere (activity classes by
 * company number) apply to stored organisations, and are rejected when there is none.
 *
 * Every source record ends in exactly one place: it went into an organisation (imported, updated or
 * unchanged) or is rejected with its reason. Throws ValidationError, before anything is written, when a file
 * cannot be read as any supported format; StoreUnavailableError when the store goes away mid-import.
 */
import { normaliseOrganisation } from '../organisations/normalise.ts';
import { readOrgSource, mergeOrgRecords, type OrgConflict, type OrgFacts, type OrgMerge } from '../organisations/import/index.ts';
import { overlayFacts } from '../organisations/import/overlay.ts';
import type { OrgRecord } from '../organisations/import/record.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { DomainEvents } from '../shared/deps.ts';
import type { Store } from '../store/types.ts';
import { writeInBatches } from '../store/write-in-batches.ts';
import {
  emptyCounts,
  type ImportCounts,
  type ImportFile,
  type ImportRejection,
  type ImportWriteOptions,
  refuseUnreadable,
  type UnreadableFile,
} from './report.ts';

export interface OrganisationImportDeps {
  store: Store;
  ref: Reference;
  /** told which organisations were created or changed, batch by batch (nightly-refresh invalidation) */
  events?: DomainEvents;
}

export interface OrganisationImportReport extends ImportCounts {
  kind: 'organisations';
  /** organisations written (imported + updated + unchanged) */
  organisations: number;
  /** source records that went into an organisation; entries = recordsImported + rejected */
  recordsImported: number;
  /** organisations known by several identifiers or built from several records */
  merged: OrgMerge[];
  /**
   * facts on which two sources disagree — records of this import, or the import and what was stored — with the
   * value kept and the value dropped, each with its source and where it came from ("stored" or "file line 12")
   */
  conflicts: OrgConflict[];
}

/** One organisation the import speaks of: a whole one (its records name it) or facts for a stored one only. */
interface PlannedOrganisation {
  facts: OrgFacts;
  /** the organisation as the import alone builds it; undefined when the records only enrich */
  organisation?: Organisation;
}

export interface OrganisationImportPlan {
  organisations: PlannedOrganisation[];
  /** the source records behind each organisation id, for reporting a store refusal or a missing organisation */
  recordsOf: Map<string, ImportRejection[]>;
  report: OrganisationImportReport;
  unreadable: UnreadableFile[];
}

/** Pure: files → deduplicated organisations and the report so far (store counts still zero). */
export function planOrganisationImport(files: readonly ImportFile[], ref: Reference): OrganisationImportPlan {
  const report: OrganisationImportReport = {
    kind: 'organisations',
    ...emptyCounts('embedded'),
    organisations: 0,
    recordsImported: 0,
    merged: [],
    conflicts: [],
  };
  const unreadable: OrganisationImportPlan['unreadable'] = [];
  const records = files.flatMap((file) => {
    const read = readOrgSource({ name: file.name, text: file.text }, ref);
    report.files.push({ name: file.name, entries: read.length, shape: [...new Set(read.map((r) => r.format))].join(', ') });
    const fileProblem = read.length === 1 && read[0].locator === 'file' ? read[0].problems[0] : undefined;
    if (fileProblem !== undefined) unreadable.push({ file: file.name, reason: fileProblem });
    return read;
  });
  const result = mergeOrgRecords(records, ref);
  report.entries = result.records;
  report.recordsImported = result.imported;
  report.merged = result.merged;
  report.conflicts = result.conflicts;
  report.rejected = result.rejected.map((r) => ({
    source: r.source,
    position: r.position,
    locator: r.locator,
    ...(r.id !== undefined ? { id: r.id } : {}),
    reason: r.reason,
  }));
  report.warnings = result.warnings.map((w) => ({
    source: w.source,
    position: w.position,
    ...(w.id !== undefined ? { id: w.id } : {}),
    message: w.message,
  }));

  // Which records made which organisation: every identifier of a record names its organisation (aliases too).
  const orgOfId = new Map<string, string>();
  for (const org of result.organisations) orgOfId.set(org.id, org.id);
  for (const m of result.merged) for (const alias of m.aliases) orgOfId.set(alias, m.id);
  const recordsOf = new Map<string, ImportRejection[]>();
  const remember = (orgId: string, r: OrgRecord) => {
    const list = recordsOf.get(orgId) ?? [];
    list.push({ source: r.source, position: r.position, locator: r.locator, id: r.givenId ?? orgId, reason: '' });
    recordsOf.set(orgId, list);
  };
  for (const r of records) {
    if (r.problems.length > 0) continue; // rejected on its own, already reported
    const orgId = r.identifiers.map((id) => orgOfId.get(id)).find((id) => id !== undefined);
    if (orgId !== undefined) remember(orgId, r);
  }
  for (const { facts, records: group } of result.enrichments) for (const r of group) remember(facts.id, r);

  const organisations: PlannedOrganisation[] = [
    ...result.organisations.map((organisation) => ({ facts: result.facts[organisation.id], organisation })),
    ...result.enrichments.map(({ facts }) => ({ facts })),
  ];
  return { organisations, recordsOf, report, unreadable };
}

/** Reads, deduplicates and writes; see the module comment for what is counted where and what is thrown. */
export async function importOrganisationFiles(
  deps: OrganisationImportDeps,
  files: readonly ImportFile[],
  options: ImportWriteOptions = {},
): Promise<OrganisationImportReport> {
  const started = performance.now();
  const plan = planOrganisationImport(files, deps.ref);
  refuseUnreadable(plan.unreadable);
  return writeOrganisationPlan(deps, plan, options, started);
}

/** Writes a plan made by planOrganisationImport, each batch laid over what the store already holds. */
export async function writeOrganisationPlan(
  deps: Pick<OrganisationImportDeps, 'store' | 'events'>,
  plan: OrganisationImportPlan,
  options: ImportWriteOptions = {},
  started = performance.now(),
): Promise<OrganisationImportReport> {
  const conflicts: OrgConflict[] = [...plan.report.conflicts];
  const missing: ImportRejection[] = [];
  let enriched = 0;
  const written = await writeInBatches(
    plan.organisations,
    async (batch) => {
      const stored = new Map((await deps.store.getOrganisations(batch.map((o) => o.facts.id))).map((o) => [o.id, o]));
      const next: Organisation[] = [];
      const batchConflicts: OrgConflict[] = [];
      for (const planned of batch) {
        const existing = stored.get(planned.facts.id);
        if (existing) {
          const overlay = overlayFacts(existing, planned.facts);
          batchConflicts.push(...overlay.conflicts);
          next.push(overlay.organisation);
        } else if (planned.organisation) next.push(planned.organisation);
      }
      const summary = await deps.store.upsertOrganisations(next);
      // Counted only once the batch is stored: a refused batch is split and retried (write-in-batches.ts).
      conflicts.push(...batchConflicts);
      for (const planned of batch) {
        if (planned.organisation || stored.has(planned.facts.id)) {
          if (!planned.organisation) enriched += planned.facts.records;
          continue;
        }
        const reason = `no organisation ${planned.facts.id} is stored, and the file names none (its facts only add to a stored organisation)`;
        for (const r of plan.recordsOf.get(planned.facts.id) ?? []) missing.push({ ...r, reason });
      }
      const changed = next.filter((o) => {
        const existing = stored.get(o.id);
        return existing === undefined || canonicalJson(normaliseOrganisation(existing)) !== canonicalJson(normaliseOrganisation(o));
      });
      if (changed.length > 0) await deps.events?.organisationsChanged(changed.map((o) => o.id));
      return summary;
    },
    { ...options, onRefusal: 'isolate' },
  );
  const refused = written.refused.flatMap(({ item, reason }) =>
    (plan.recordsOf.get(item.facts.id) ?? [{ source: '', position: 0, locator: '', id: item.facts.id, reason: '' }]).map((r) => ({
      ...r,
      reason,
    })),
  );
  return {
    ...plan.report,
    store: deps.store.kind,
    imported: written.created,
    updated: written.updated,
    unchanged: written.unchanged,
    organisations: written.created + written.updated + written.unchanged,
    recordsImported: plan.report.recordsImported + enriched - refused.length,
    rejected: [...plan.report.rejected, ...missing, ...refused],
    conflicts,
    batches: written.batches,
    ms: Math.round(performance.now() - started),
  };
}
