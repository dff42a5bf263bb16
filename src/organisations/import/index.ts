/** Organisation import: 360Giving JSON/CSV, Find That Charity records, the NHS ODS trusts file and the provider CSV template. */
export { importOrganisations, readOrgSource, detectCsvFormat, type OrgSource } from './import.ts';
export {
  mergeOrgRecords,
  organisationInput,
  type FactKey,
  type OrgConflict,
  type OrgFacts,
  type OrgImportResult,
  type OrgMerge,
  type OrgRejection,
  type OrgWarning,
  type StatedFact,
} from './merge.ts';
export { overlayFacts } from './overlay.ts';
export { readCharityNumber, readCompanyNumber, normaliseGivenId, preferredId } from './identifiers.ts';
export { inferKind, kindFromType } from './kinds.ts';
export { PROVIDER_COLUMNS, PROVIDER_OPTIONAL_COLUMNS } from './provider-csv.ts';
export type { OrgRecord, OrgSourceFormat } from './record.ts';
