/**
 * One organisation as one source row describes it, before deduplication: what every reader produces and the
 * merge step consumes. Fields a source does not hold stay undefined (the schema defaults apply later).
 */
import type { DecisionSpeed, Governance, CommercialMaturity, LegalForm, OrganisationKind, OrgValue, SpareCapacity } from '../schema.ts';

export type OrgSourceFormat =
  'provider-csv' | 'nhs-ods-csv' | '360giving-json' | '360giving-csv' | '360giving-orgs-csv' | 'findthatcharity-json';

export interface OrgRecord {
  format: OrgSourceFormat;
  /** source name (file name) for reports */
  source: string;
  /** 0-based index of the record within its source */
  position: number;
  /** where in the source: "row 12", "grants[3].recipientOrganization[0]" */
  locator: string;
  /** the id as the source gives it (for reports) */
  givenId?: string;
  name?: string;
  /** normalised org-ids this record is known by (given id, charity and company numbers, linked ids) */
  identifiers: string[];
  /** the source's own description of the organisation type ("Community Interest Company", "registered-charity") */
  typeText?: string;
  /** kind and legal form stated outright (provider template, NHS file) */
  kind?: OrganisationKind;
  legalForm?: LegalForm;
  hasCharityNumber: boolean;
  /** GSS codes given by the source (validated against the geography when merging) */
  areaCodes: string[];
  postcode?: string;
  /** a region/nation GSS code to fall back on when neither area codes nor postcode resolve */
  fallbackArea?: string;
  staff?: number;
  annualTurnoverGbp?: number;
  foundedYear?: number;
  services?: string[];
  values?: OrgValue[];
  waysOfWorking?: { decisionSpeed?: DecisionSpeed; governance?: Governance; commercialMaturity?: CommercialMaturity };
  openToPartnering?: boolean;
  spareCapacity?: SpareCapacity;
  /** true when unknown GSS/CPV codes must reject the record (self-described data) rather than be dropped */
  strictCodes: boolean;
  /** problems that reject the record */
  problems: string[];
  warnings: string[];
}

export function newRecord(format: OrgSourceFormat, source: string, position: number, locator: string): OrgRecord {
  return {
    format,
    source,
    position,
    locator,
    identifiers: [],
    hasCharityNumber: false,
    areaCodes: [],
    strictCodes: false,
    problems: [],
    warnings: [],
  };
}

/** Sources in the order their fields win when records merge: what an organisation says of itself first. */
export const FORMAT_PRIORITY: Readonly<Record<OrgSourceFormat, number>> = {
  'provider-csv': 0,
  'nhs-ods-csv': 1,
  'findthatcharity-json': 2,
  '360giving-orgs-csv': 3,
  '360giving-json': 4,
  '360giving-csv': 4,
};

export function addIdentifier(record: OrgRecord, id: string | undefined): void {
  if (id !== undefined && !record.identifiers.includes(id)) record.identifiers.push(id);
}
