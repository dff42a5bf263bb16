/**
 * Care Quality Commission data (https://www.cqc.org.uk/about-us/transparency/using-cqc-data, OGL v3): the
 * organisation is the registered **provider**; each row or record is one of its locations (or the provider
 * itself), and the locations of one provider merge into it.
 *
 * Formats (detected from the header, or the JSON's fields):
 * - `cqc-locations-csv`, the HSCA active locations file (Location ID, Provider ID, Service Types, Service users
 *   supported, Location Local Authority, Provider Companies House Number, …);
 * - `cqc-directory-csv`, the care directory (Name, CQC Provider ID / CQC Location ID (for office use only), Local
 *   authority, Service types, Specialisms/services, Provider name); its rows without a location id are providers;
 * - `cqc-care-homes-csv`, care home lists with the directory's fields renamed (name, cqc_id, type, provider,
 *   area_code, inspection_date: Trafford Data Lab's), which carry the provider's name and no provider id;
 * - `cqc-api-json`, CQC API location and provider records (a JSON array, or one record per line).
 *
 * Identity: `GB-CQC-<provider id>` (a Consortia scheme in org-id form: org-id.guide lists none for CQC; NHS
 * providers, registered under their ODS code, are `GB-NHS-<code>` as in the NHS ODS import), with
 * `GB-COH-<company number>` and `GB-CHC-<charity number>` where CQC gives them, so a provider merges with its
 * Companies House and Charity Commission records. Care home lists give only the provider's name: their id is
 * generated from it (`CNS-CQC-…`), and the CQC location id joins them to any other record of the same location.
 *
 * Facts: services from service types (`register`) and specialisms (`inferred`), ./mappings/cqc.ts; the location's
 * local authority as an area (`register`); the provider's own local authority as its base (`register`, API
 * providers), or — when every location the provider has is in one authority — that authority (`inferred`). Kind:
 * an NHS body, a CIC by name, else a private provider (`inferred` from the ownership type: CQC does not record
 * whether a company is a charity, so a charity number from any record of the same organisation overrides it,
 * ./merge.ts). Deregistered and dormant locations are rejected.
 */
import { arr, isObject, obj, str, type JsonObject } from '../../shared/loose-json.ts';
import type { Reference } from '../../reference/types.ts';
import { generatedId } from '../../shared/ids.ts';
import type { Source } from '../provenance.ts';
import { cell, type CsvTable } from './csv.ts';
import { readCharityNumber, readCompanyNumber } from './identifiers.ts';
import { cqcServices } from './mappings/cqc.ts';
import { titleCase } from './names.ts';
import { addIdentifier, newRecord, registerSource, sourceDate, type OrgRecord, type OrgSourceFormat } from './record.ts';

export const CQC = 'cqc';

/** "1-21268168552" */
const CQC_ID = /^1-\d{5,12}$/;

/** The parts of a location or provider row the readers share. */
interface CqcRow {
  format: OrgSourceFormat;
  providerId?: string;
  locationId?: string;
  providerName?: string;
  /** a name to use only when no record names the provider: the location's */
  locationName?: string;
  companyNumber?: string;
  charityNumber?: string;
  ownership?: string;
  localAuthority?: string;
  /** an area code given as such (care home lists) */
  areaCode?: string;
  providerLocalAuthority?: string;
  serviceTypes: string[];
  specialisms: string[];
  date?: string;
  postcode?: string;
  deregistered?: string;
  dormant?: boolean;
  /** the provider has locations in exactly one local authority (HSCA file's provider characteristic) */
  oneAuthority?: boolean;
}

function toRecord(row: CqcRow, source: string, position: number, locator: string, ref: Reference): OrgRecord {
  const recordId = row.locationId ?? row.providerId;
  const from: Source = registerSource(CQC, recordId, row.date);
  const r = newRecord(row.format, source, position, locator, from);
  r.givenId = row.providerId ?? row.locationId;

  if (row.providerId !== undefined) {
    if (CQC_ID.test(row.providerId)) addIdentifier(r, `GB-CQC-${row.providerId}`);
    // NHS providers are registered under their ODS code
    else if (/^[A-Z0-9]{3,5}$/.test(row.providerId)) addIdentifier(r, `GB-NHS-${row.providerId}`);
    else r.problems.push(`provider id ${JSON.stringify(row.providerId)} is not a CQC id`);
  } else if (row.providerName !== undefined) addIdentifier(r, generatedId('CNS-CQC', row.providerName));
  else r.problems.push('no provider id or provider name');
  if (row.locationId !== undefined && CQC_ID.test(row.locationId)) r.joinKeys.push(`CQC-LOCATION-${row.locationId}`);
  const company = readCompanyNumber(row.companyNumber);
  if (!company.ok) r.warnings.push(`${company.problem}; ignored`);
  else addIdentifier(r, company.id);
  const charity = readCharityNumber(row.charityNumber);
  if (charity.ok && charity.id !== undefined) {
    addIdentifier(r, charity.id);
    r.hasCharityNumber = charity.scheme !== 'GB-COH';
  }

  if (row.providerName !== undefined) r.name = titleCase(row.providerName);
  else if (row.locationName !== undefined) {
    r.fallbackName = titleCase(row.locationName);
    r.warnings.push(
      `the provider's name is not in this record: named after its location "${r.fallbackName}" unless another record names it`,
    );
  }
  if (row.deregistered !== undefined) r.problems.push(`deregistered from CQC${row.deregistered === '' ? '' : ` on ${row.deregistered}`}`);
  if (row.dormant) r.problems.push('dormant: registered but not providing care');

  const kind = kindOfProvider(row);
  if (kind) {
    r.kind = kind.kind;
    r.legalForm = kind.legalForm;
    r.factSources.kind = r.factSources.legalForm = {
      kind: 'inferred',
      register: CQC,
      ...(recordId ? { record: recordId } : {}),
      rule: kind.rule,
    };
  }

  const area = areaOf(row, ref, r);
  if (area !== undefined) {
    r.areaCodes.push(area);
    r.areaSources[area] = {
      ...from,
      rule: row.locationId ? 'local authority of a registered location' : 'local authority of the provider',
    };
    if (row.oneAuthority) {
      r.baseArea = area;
      r.factSources.baseArea = {
        kind: 'inferred',
        register: CQC,
        ...(recordId ? { record: recordId } : {}),
        rule: 'all its CQC locations are in this local authority',
      };
    }
  }
  if (row.providerLocalAuthority !== undefined) {
    const codes = ref.registers.areaCodes(row.providerLocalAuthority);
    if (codes?.length === 1) {
      r.baseArea = codes[0];
      r.factSources.baseArea = { ...from, rule: "local authority of the provider's address" };
    }
  }
  r.postcode = row.postcode;

  const { services, unknown } = cqcServices(row.serviceTypes, row.specialisms);
  r.services = services.map((s) => s.code);
  for (const s of services) {
    r.serviceSources[s.code] = s.inferred
      ? { kind: 'inferred', register: CQC, ...(recordId ? { record: recordId } : {}), rule: s.rule }
      : { ...from, rule: s.rule };
  }
  for (const type of unknown) r.warnings.push(`CQC service type "${type}" has no CPV equivalent here; ignored`);
  return r;
}

function kindOfProvider(
  row: CqcRow,
): { kind: OrgRecord['kind'] & string; legalForm: OrgRecord['legalForm'] & string; rule: string } | undefined {
  const ownership = row.ownership?.trim();
  const name = row.providerName ?? '';
  if (/nhs/i.test(ownership ?? '')) return { kind: 'nhs_body', legalForm: 'other', rule: `CQC ownership type "${ownership}"` };
  // a charity: ./kinds.ts reads its kind from the number
  if (row.charityNumber !== undefined && readCharityNumber(row.charityNumber).ok) return undefined;
  if (/\bC\.?I\.?C\.?$|community interest company/i.test(name.trim()))
    return { kind: 'social_enterprise', legalForm: 'cic', rule: 'a CQC provider whose name ends in CIC' };
  if (ownership === undefined) {
    // CQC's location records say nothing of ownership: most registered care providers are companies run for profit
    return { kind: 'private_provider', legalForm: 'other', rule: 'a CQC-registered provider (CQC does not record charity status)' };
  }
  return {
    kind: 'private_provider',
    legalForm: /individual|partnership/i.test(ownership) ? 'other' : row.companyNumber ? 'company_limited_by_shares' : 'other',
    rule: `CQC ownership type "${ownership}" (CQC does not record charity status)`,
  };
}

/** The local authority of a row, by name or code; undefined (with a warning) when unknown. */
function areaOf(row: CqcRow, ref: Reference, r: OrgRecord): string | undefined {
  if (row.areaCode !== undefined) {
    let code = row.areaCode.toUpperCase();
    // Trafford Data Lab's care homes file writes E0800009: a digit short of E08000009.
    if (/^E0[6-9]\d{5}$/.test(code)) {
      const fixed = `${code.slice(0, 3)}0${code.slice(3)}`;
      r.warnings.push(`area code ${code} is a digit short; read as ${fixed}`);
      code = fixed;
    }
    const canonical = ref.geography.canonical(code);
    if (canonical !== undefined) return canonical;
  }
  if (row.localAuthority === undefined) return undefined;
  const codes = ref.registers.areaCodes(row.localAuthority);
  if (codes?.length === 1) return codes[0];
  r.warnings.push(`local authority "${row.localAuthority}" is not a known area; ignored`);
  return undefined;
}

const list = (value: string | undefined, separator: RegExp) =>
  (value ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** "1/2/2025 12:00:00 AM" (month first, as the HSCA file writes it) → 2025-01-02. */
function usDate(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(value.trim());
  return m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : sourceDate(value);
}

export function readCqcLocationsCsv(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) =>
    toRecord(
      {
        format: 'cqc-locations-csv',
        locationId: cell(row, 'location id'),
        providerId: cell(row, 'provider id'),
        providerName: cell(row, 'provider name'),
        locationName: cell(row, 'location name'),
        companyNumber: cell(row, 'provider companies house number'),
        ownership: cell(row, 'provider ownership type'),
        localAuthority: cell(row, 'location local authority'),
        serviceTypes: list(cell(row, 'service types'), /,/),
        specialisms: list(cell(row, 'service users supported'), /,/),
        date: usDate(cell(row, 'publication date')),
        ...(cell(row, 'location hsca end date') !== undefined ? { deregistered: cell(row, 'location hsca end date') } : {}),
        dormant: cell(row, 'dormant')?.toUpperCase() === 'Y',
        oneAuthority: cell(row, 'provider characteristic - number of local authority areas where it has locations') === '1',
      },
      source,
      i,
      `line ${table.lines[i]}`,
      ref,
    ),
  );
}

export function readCqcDirectoryCsv(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) => {
    const locationId = cell(row, 'cqc location id (for office use only)');
    const types = cell(row, 'service types');
    const providerRow = locationId === undefined;
    return toRecord(
      {
        format: 'cqc-directory-csv',
        providerId: cell(row, 'cqc provider id (for office use only)'),
        ...(providerRow ? {} : { locationId }),
        // provider rows name the provider and put its ownership type where locations list service types
        providerName: providerRow ? cell(row, 'name') : cell(row, 'provider name'),
        locationName: cell(row, 'name'),
        ...(providerRow ? { ownership: types } : {}),
        localAuthority: cell(row, 'local authority'),
        serviceTypes: providerRow ? [] : list(types, /,/),
        specialisms: list(cell(row, 'specialisms/services'), /,/),
        date: sourceDate(cell(row, 'report publication date')),
        postcode: cell(row, 'postcode'),
      },
      source,
      i,
      `line ${table.lines[i]}`,
      ref,
    );
  });
}

export function readCqcCareHomesCsv(table: CsvTable, source: string, ref: Reference): OrgRecord[] {
  return table.rows.map((row, i) =>
    toRecord(
      {
        format: 'cqc-care-homes-csv',
        locationId: cell(row, 'cqc_id'),
        providerName: cell(row, 'provider'),
        locationName: cell(row, 'name'),
        localAuthority: cell(row, 'area_name'),
        areaCode: cell(row, 'area_code'),
        serviceTypes: list(cell(row, 'type'), /\|/),
        specialisms: [],
        date: sourceDate(cell(row, 'inspection_date')),
        postcode: cell(row, 'postcode'),
      },
      source,
      i,
      `line ${table.lines[i]}`,
      ref,
    ),
  );
}

/** CQC API records: locations (`locationId`) and providers (`organisationType` "Provider"). */
export function readCqcApiRecords(items: readonly unknown[], source: string, ref: Reference, locators: readonly string[]): OrgRecord[] {
  return items.map((item, i) => {
    const o = obj(item);
    if (!o) {
      const r = newRecord('cqc-api-json', source, i, locators[i]);
      r.problems.push('record is not a JSON object');
      return r;
    }
    const isProvider = str(o.organisationType)?.toLowerCase() === 'provider' || (o.locationId === undefined && o.providerId !== undefined);
    const names = (list: unknown) => arr(list).flatMap((x) => (isObject(x) && str(x.name) ? [str(x.name)!] : []));
    const reportDate = sourceDate(str(obj(o.lastReport)?.publicationDate)) ?? sourceDate(str(o.registrationDate));
    const deregistered = str(o.registrationStatus)?.toLowerCase() === 'deregistered' ? (str(o.deregistrationDate) ?? '') : undefined;
    const row: CqcRow = isProvider
      ? {
          format: 'cqc-api-json',
          providerId: str(o.providerId),
          providerName: str(o.name),
          companyNumber: str(o.companiesHouseNumber),
          charityNumber: str(o.charityNumber),
          ownership: str(o.type)?.toLowerCase().includes('nhs') ? str(o.type) : str(o.ownershipType),
          providerLocalAuthority: str(o.localAuthority),
          serviceTypes: [],
          specialisms: [],
          date: reportDate,
          postcode: str(o.postalCode),
          ...(deregistered !== undefined ? { deregistered } : {}),
        }
      : {
          format: 'cqc-api-json',
          locationId: str(o.locationId),
          providerId: str(o.providerId),
          locationName: str(o.brandName)?.replace(/^BRAND\s+/i, '') ?? str(o.name),
          ...(str(o.type)?.toLowerCase().includes('nhs') ? { ownership: str(o.type) } : {}),
          localAuthority: str(o.localAuthority),
          serviceTypes: names(o.gacServiceTypes),
          specialisms: names(o.specialisms),
          date: reportDate,
          postcode: str(o.postalCode),
          ...(deregistered !== undefined ? { deregistered } : {}),
          dormant: str(o.dormancy)?.toUpperCase() === 'Y',
        };
    return toRecord(row, source, i, locators[i], ref);
  });
}

/** True for an object that looks like a CQC API location or provider record. */
export function isCqcApiRecord(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    typeof value.providerId === 'string' &&
    (typeof value.locationId === 'string' || value.organisationType === 'Provider')
  );
}
