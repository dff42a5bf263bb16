/**
 * One organisation as one source row describes it, before deduplication: what every reader produces and the
 * merge step consumes. Fields a source does not hold stay undefined (the schema defaults apply later).
 */
import { DECLARED, type ScalarFact, type Source } from '../provenance.ts';
import type { DecisionSpeed, Governance, CommercialMaturity, LegalForm, OrganisationKind, OrgValue, SpareCapacity } from '../schema.ts';

export type OrgSourceFormat =
  | 'provider-csv'
  | 'nhs-ods-csv'
  | '360giving-json'
  | '360giving-csv'
  | '360giving-orgs-csv'
  | 'findthatcharity-json'
  | 'ccew-charity-csv'
  | 'ccew-area-of-operation-csv'
  | 'ukcat-csv'
  | 'ukcat-icnptso-csv'
  | 'cqc-locations-csv'
  | 'cqc-directory-csv'
  | 'cqc-care-homes-csv'
  | 'cqc-api-json'
  | 'companies-house-csv'
  | 'fca-mutuals-csv'
  | 'ccni-csv';

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
  /** where this record's facts come from: a register (which, which record, which date), or declared */
  from: Source;
  /** facts whose source is not `from`: a kind inferred from the name, a service inferred from activity text… */
  factSources: Partial<Record<ScalarFact, Source>>;
  /** per service code, when not `from` */
  serviceSources: Record<string, Source>;
  /** per area code, when not `from` */
  areaSources: Record<string, Source>;
  /**
   * true when the record only adds facts to an organisation named elsewhere (a register of activity classes with
   * no names): without another record or a stored organisation for it, it is rejected.
   */
  enrichesOnly?: boolean;
  name?: string;
  /** normalised org-ids this record is known by (given id, charity and company numbers, linked ids) */
  identifiers: string[];
  /**
   * keys that join records of one organisation without being its identifiers (a CQC location id: two rows of one
   * location belong to one provider); never an id or alias
   */
  joinKeys: string[];
  /** a name to use only when no record of the organisation names it (a CQC location's name for its provider) */
  fallbackName?: string;
  /** the source's own description of the organisation type ("Community Interest Company", "registered-charity") */
  typeText?: string;
  /** kind and legal form stated outright (provider template, NHS file) */
  kind?: OrganisationKind;
  legalForm?: LegalForm;
  hasCharityNumber: boolean;
  /** GSS codes given by the source (validated against the geography when merging) */
  areaCodes: string[];
  /** where it is based: a local authority GSS code the source gives for its office (validated when merging) */
  baseArea?: string;
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

export function newRecord(format: OrgSourceFormat, source: string, position: number, locator: string, from: Source = DECLARED): OrgRecord {
  return {
    format,
    source,
    position,
    locator,
    from,
    factSources: {},
    serviceSources: {},
    areaSources: {},
    identifiers: [],
    joinKeys: [],
    hasCharityNumber: false,
    areaCodes: [],
    strictCodes: false,
    problems: [],
    warnings: [],
  };
}

/**
 * Between records whose sources are equally strong (provenance.ts `prefers`), the order their fields win in: what
 * an organisation says of itself first, then the registers that are the authority for the fact, then grant data
 * and classifications. Names follow this order alone (a name has no source).
 */
export const FORMAT_PRIORITY: Readonly<Record<OrgSourceFormat, number>> = {
  'provider-csv': 0,
  'nhs-ods-csv': 1,
  'ccew-charity-csv': 1,
  'ccni-csv': 1,
  'companies-house-csv': 2,
  'cqc-api-json': 2,
  'findthatcharity-json': 2,
  'cqc-locations-csv': 3,
  'cqc-directory-csv': 3,
  'cqc-care-homes-csv': 3,
  'fca-mutuals-csv': 3,
  '360giving-orgs-csv': 3,
  'ukcat-csv': 4,
  '360giving-json': 4,
  '360giving-csv': 4,
  'ccew-area-of-operation-csv': 5,
  'ukcat-icnptso-csv': 5,
};

/** "2019-03-31T00:00:00Z", "2019-03-31 00:00:00", "2019-03" → a Source date (YYYY-MM-DD, YYYY-MM, YYYY); undefined otherwise. */
export function sourceDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return y;
  return [y, mo, d].filter((x) => x !== undefined).join('-');
}

/** A register source, with the record and date only when known. */
export function registerSource(register: string, record?: string, date?: string): Source {
  return {
    kind: 'register',
    register,
    ...(record !== undefined && record.trim() !== '' ? { record: record.trim().slice(0, 200) } : {}),
    ...(date !== undefined ? { date } : {}),
  };
}

/**
 * A founding year read from a registration date: a charity is founded no later than it registers, often years
 * before, so this is a rule (`inferred`) and a founding year the organisation declares wins over it.
 */
export function registrationYear(register: string, record: string | undefined, date: string): Source {
  return { kind: 'inferred', register, ...(record !== undefined ? { record } : {}), date, rule: 'year of registration' };
}

/** The source of one of the record's facts. */
export function factSource(record: OrgRecord, fact: ScalarFact): Source {
  return record.factSources[fact] ?? record.from;
}

export function addIdentifier(record: OrgRecord, id: string | undefined): void {
  if (id !== undefined && !record.identifiers.includes(id)) record.identifiers.push(id);
}
