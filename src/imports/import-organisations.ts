/**
 * "Bring these organisation files in": read every file (360Giving JSON/CSV, Find That Charity records, the
 * NHS ODS trusts file, the provider CSV template) → deduplicate on identifiers over all files together
 * (src/organisations/import, pure; a charity under GB-CHC and GB-COH is one organisation) → write in batches
 * → report.
 *
 * An organisation already stored is the base: the import overwrites only the fields its sources stated
 * (OrgStatedField), so a register file never wipes the services, values or ways of working an organisation
 * described itself, and never touches partnerships or private fields (no source carries them).
 *
 * Every source record ends in exactly one place: it went into an organisation (imported, updated or
 * unchanged) or is rejected with its reason. Throws ValidationError, before anything is written, when a file
 * cannot be read as any supported format; StoreUnavailableError when the store goes away mid-import.
 */
import { normaliseOrganisation } from '../organisations/normalise.ts';
import { readOrgSource, mergeOrgRecords, type OrgMerge, type OrgStatedField } from '../organisations/import/index.ts';
import { Organisation } from '../organisations/schema.ts';
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
}

export interface OrganisationImportPlan {
  organisations: Organisation[];
  stated: Record<string, OrgStatedField[]>;
  /** the source records behind each organisation id, for reporting a store refusal */
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
  };
  const unreadable: OrganisationImportPlan['unreadable'] = [];
  const records = files.flatMap((file) => {
    const read = readOrgSource({ name: file.name, text: file.text });
    report.files.push({ name: file.name, entries: read.length, shape: [...new Set(read.map((r) => r.format))].join(', ') });
    const fileProblem = read.length === 1 && read[0].locator === 'file' ? read[0].problems[0] : undefined;
    if (fileProblem !== undefined) unreadable.push({ file: file.name, reason: fileProblem });
    return read;
  });
  const result = mergeOrgRecords(records, ref);
  report.entries = result.records;
  report.recordsImported = result.imported;
  report.merged = result.merged;
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
  for (const r of records) {
    if (r.problems.length > 0) continue; // rejected on its own, already reported
    const orgId = r.identifiers.map((id) => orgOfId.get(id)).find((id) => id !== undefined);
    if (orgId === undefined) continue;
    const list = recordsOf.get(orgId) ?? [];
    list.push({ source: r.source, position: r.position, locator: r.locator, id: r.givenId ?? orgId, reason: '' });
    recordsOf.set(orgId, list);
  }
  return { organisations: result.organisations, stated: result.stated, recordsOf, report, unreadable };
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
  const written = await writeInBatches(
    plan.organisations,
    async (batch) => {
      const stored = new Map((await deps.store.getOrganisations(batch.map((o) => o.id))).map((o) => [o.id, o]));
      const next = batch.map((o) => {
        const existing = stored.get(o.id);
        return existing ? overlayStated(existing, o, plan.stated[o.id] ?? []) : o;
      });
      const summary = await deps.store.upsertOrganisations(next);
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
    (plan.recordsOf.get(item.id) ?? [{ source: '', position: 0, locator: '', id: item.id, reason: '' }]).map((r) => ({ ...r, reason })),
  );
  return {
    ...plan.report,
    store: deps.store.kind,
    imported: written.created,
    updated: written.updated,
    unchanged: written.unchanged,
    organisations: written.created + written.updated + written.unchanged,
    recordsImported: plan.report.recordsImported - refused.length,
    rejected: [...plan.report.rejected, ...refused],
    batches: written.batches,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * The stored organisation with the fields the import stated taken from the import. Partnerships, private
 * fields and whatever the sources did not state stay as stored.
 */
export function overlayStated(stored: Organisation, imported: Organisation, stated: readonly OrgStatedField[]): Organisation {
  const out: Organisation = { ...stored, waysOfWorking: { ...stored.waysOfWorking } };
  for (const field of stated) {
    if (field.startsWith('waysOfWorking.')) {
      const key = field.slice('waysOfWorking.'.length) as keyof Organisation['waysOfWorking'];
      (out.waysOfWorking as Record<string, unknown>)[key] = imported.waysOfWorking[key];
    } else {
      (out as Record<string, unknown>)[field] = imported[field as Exclude<OrgStatedField, `waysOfWorking.${string}`>];
    }
  }
  return Organisation.parse(out);
}
