/** Organisation import: 360Giving JSON/CSV, Find That Charity records, the NHS ODS trusts file and the provider CSV template. */
export { importOrganisations, readOrgSource, detectCsvFormat, type OrgSource } from './import.ts';
export { mergeOrgRecords, type OrgImportResult, type OrgRejection, type OrgWarning, type OrgMerge, type OrgStatedField } from './merge.ts';
export { readCharityNumber, readCompanyNumber, normaliseGivenId, preferredId } from './identifiers.ts';
export { inferKind, kindFromType } from './kinds.ts';
export { PROVIDER_COLUMNS, PROVIDER_OPTIONAL_COLUMNS } from './provider-csv.ts';
export type { OrgRecord, OrgSourceFormat } from './record.ts';
