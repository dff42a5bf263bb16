/**
 * Grant recipients from the 360Giving Data Standard (https://standard.threesixtygiving.org): JSON
 * ({grants: [{recipientOrganization: [...]}]}) and the flattened CSV ("Recipient Org:Identifier",
 * "Recipient Org:Location:0:Geographic Code", …); also the curator's one-row-per-recipient summary
 * (organisations_from_360giving.csv) and Find That Charity organisation records (a JSON array, or the
 * `additional_data.recipientOrgInfos` GrantNav attaches to grants).
 *
 * One record per recipient entry (an organisation with five grants gives five records; the merge step makes
 * them one). Identifiers: the given id plus the org-ids of the charity and company numbers (./identifiers.ts);
 * an unreadable number is dropped with a warning, the record is kept. Areas: location geo codes of a
 * district type, GrantNav's recipientDistrictGeoCode, the summary's district_gss_code; else the postcode.
 * Income ("Annual Income", latestIncome) is taken as annual turnover.
 */
import { arr, isObject, obj, str, type JsonObject } from '../../shared/loose-json.ts';
import { cell, type CsvTable } from './csv.ts';
import { normaliseGivenId, readCharityNumber, readCompanyNumber, readGivenId } from './identifiers.ts';
import { titleCase } from './names.ts';
import { addIdentifier, newRecord, registerSource, sourceDate, type OrgRecord } from './record.ts';

const GSS = /^[EWSN]\d{8}$/;
/** geoCodeType values that name an area we model (districts, counties, regions, nations); wards and LSOAs are too fine */
const AREA_CODE_TYPES = /^(lad|lau|ua|md|lonb|nmd|cty|utla|cauth|rgn|ctry|district|county|region|country)/i;

function applyNumbers(record: OrgRecord, charityNumber: unknown, companyNumber: unknown): void {
  const charity = readCharityNumber(charityNumber);
  if (!charity.ok) record.warnings.push(`${charity.problem}; ignored`);
  else if (charity.id !== undefined) {
    addIdentifier(record, charity.id);
    if (charity.scheme !== 'GB-COH') record.hasCharityNumber = true;
  }
  const company = readCompanyNumber(companyNumber);
  if (!company.ok) record.warnings.push(`${company.problem}; ignored`);
  else if (company.id !== undefined) addIdentifier(record, company.id);
}

function applyGivenId(record: OrgRecord, given: unknown): void {
  const raw = str(given);
  if (raw === undefined) return;
  record.givenId = raw;
  const { id, rewritten } = readGivenId(raw);
  if (id === undefined) record.warnings.push(`identifier ${JSON.stringify(raw)} is not a usable org-id; ignored`);
  else if (rewritten && !/^GB-(CHC|SC|NIC|COH)-/.test(id)) record.warnings.push(`identifier ${JSON.stringify(raw)} rewritten as ${id}`);
  addIdentifier(record, id);
}

function money(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replace(/[£,\s]/g, '')) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function addAreaCode(record: OrgRecord, code: unknown, type?: unknown): void {
  const c = str(code)?.toUpperCase();
  if (c === undefined || !GSS.test(c)) return;
  const t = str(type);
  if (t !== undefined && !AREA_CODE_TYPES.test(t)) return;
  // without a type, only codes of authority level and above (E05 wards, E01 LSOAs are too fine)
  if (t === undefined && !/^[EWSN](06|07|08|09|10|11|12|47|92)/.test(c)) return;
  if (!record.areaCodes.includes(c)) record.areaCodes.push(c);
}

/** One recipientOrganization (or Find That Charity record) object → a record. */
function fromRecipient(recipient: JsonObject, record: OrgRecord, grant?: JsonObject): OrgRecord {
  applyGivenId(record, recipient.id);
  const name = str(recipient.name);
  if (name !== undefined) record.name = titleCase(name);
  applyNumbers(record, recipient.charityNumber, recipient.companyNumber);
  for (const id of [...arr(recipient.orgIDs), ...arr(recipient.linked_orgs)]) {
    // Find That Charity lists every register entry of the organisation: charity, company, OSCR…
    const n = normaliseGivenId(id);
    if (n !== undefined && /^GB-(CHC|SC|NIC|COH)-/.test(n)) addIdentifier(record, n);
  }
  const type = recipient.organisationType ?? recipient.organisationTypePrimary;
  const typeText = Array.isArray(type) ? type.map(str).filter(Boolean).join(' | ') : str(type);
  if (typeText !== undefined) record.typeText = typeText;
  record.postcode = str(recipient.postalCode) ?? str(recipient.postcode);
  for (const loc of arr(recipient.location)) addAreaCode(record, obj(loc)?.geoCode, obj(loc)?.geoCodeType);
  if (grant) {
    addAreaCode(record, grant.recipientDistrictGeoCode, 'district');
    addAreaCode(record, obj(grant.additional_data)?.recipientDistrictGeoCode, 'district');
  }
  const income = money(recipient['Annual Income']) ?? money(recipient.latestIncome) ?? money(recipient.annualIncome);
  if (income !== undefined) record.annualTurnoverGbp = income;
  const registered = str(recipient.dateRegistered);
  const year = registered === undefined ? undefined : Number(registered.slice(0, 4));
  if (year !== undefined && Number.isInteger(year) && year >= 1600 && year <= 2100) record.foundedYear = year;
  const removed = str(recipient.dateRemoved);
  if (removed !== undefined || str(recipient.active)?.toLowerCase() === 'false' || recipient.active === false) {
    record.problems.push(`removed from the register${removed ? ` on ${removed}` : ''}`);
  }
  if (record.name === undefined) record.problems.push('no name');
  return record;
}

/** {grants: [...]} → one record per recipient organisation entry (plus any Find That Charity records attached). */
export function readGivingJson(doc: JsonObject, source: string): OrgRecord[] {
  const out: OrgRecord[] = [];
  arr(doc.grants).forEach((grant, g) => {
    const gr = obj(grant);
    if (!gr) {
      const r = newRecord('360giving-json', source, out.length, `grants[${g}]`);
      r.problems.push('grant is not a JSON object');
      out.push(r);
      return;
    }
    arr(gr.recipientOrganization).forEach((recipient, i) => {
      const grantSource = registerSource('360giving', str(gr.id), sourceDate(gr.awardDate));
      const r = newRecord('360giving-json', source, out.length, `grants[${g}].recipientOrganization[${i}]`, grantSource);
      if (!isObject(recipient)) r.problems.push('recipient is not a JSON object');
      else fromRecipient(recipient, r, gr);
      out.push(r);
    });
    arr(obj(gr.additional_data)?.recipientOrgInfos).forEach((info, i) => {
      if (!isObject(info)) return;
      out.push(
        fromRecipient(
          info,
          newRecord(
            'findthatcharity-json',
            source,
            out.length,
            `grants[${g}].additional_data.recipientOrgInfos[${i}]`,
            registerSource('findthatcharity', str(info.id), sourceDate(info.dateModified ?? info.date_modified)),
          ),
        ),
      );
    });
  });
  return out;
}

/** A JSON array of Find That Charity organisation records. */
export function readFindThatCharityJson(items: unknown[], source: string): OrgRecord[] {
  return items.map((item, i) => {
    const r = newRecord('findthatcharity-json', source, i, `[${i}]`);
    if (isObject(item)) r.from = registerSource('findthatcharity', str(item.id), sourceDate(item.dateModified ?? item.date_modified));
    else {
      r.problems.push('record is not a JSON object');
      return r;
    }
    return fromRecipient(item, r);
  });
}

/** The flattened 360Giving CSV (one row per grant). */
export function readGivingCsv(table: CsvTable, source: string): OrgRecord[] {
  const locationColumns = table.header
    .map((h) => /^recipient org:location:(\d+):geographic code$/.exec(h))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: m[0], type: `recipient org:location:${m[1]}:geographic code type` }));
  return table.rows.map((row, i) => {
    const r = newRecord(
      '360giving-csv',
      source,
      i,
      `line ${table.lines[i]}`,
      registerSource('360giving', cell(row, 'identifier'), sourceDate(cell(row, 'award date'))),
    );
    applyGivenId(r, cell(row, 'recipient org:identifier'));
    r.name = cell(row, 'recipient org:name');
    applyNumbers(r, cell(row, 'recipient org:charity number'), cell(row, 'recipient org:company number'));
    const typeText = cell(row, 'recipient org:organisation type', 'recipient org:org type', 'organisation type');
    if (typeText !== undefined) r.typeText = typeText;
    r.postcode = cell(row, 'recipient org:postal code');
    for (const { code, type } of locationColumns) addAreaCode(r, row[code], row[type] || undefined);
    addAreaCode(r, cell(row, 'recipient district geographic code'), 'district');
    const income = money(cell(row, 'recipient org:annual income', 'annual income'));
    if (income !== undefined) r.annualTurnoverGbp = income;
    if (r.name === undefined) r.problems.push('no name');
    return r;
  });
}

/** The curator's organisations_from_360giving.csv: one row per recipient org-id. */
export function readGivingOrgsCsv(table: CsvTable, source: string): OrgRecord[] {
  return table.rows.map((row, i) => {
    const r = newRecord('360giving-orgs-csv', source, i, `line ${table.lines[i]}`, registerSource('360giving', cell(row, 'org_id')));
    applyGivenId(r, cell(row, 'org_id'));
    r.name = cell(row, 'name');
    applyNumbers(r, cell(row, 'charity_number'), cell(row, 'company_number'));
    const typeText = cell(row, 'organisation_type');
    if (typeText !== undefined) r.typeText = typeText;
    r.postcode = cell(row, 'postcode');
    addAreaCode(r, cell(row, 'district_gss_code'), 'district');
    const income = money(cell(row, 'latest_income_gbp'));
    if (income !== undefined) r.annualTurnoverGbp = income;
    if (r.name === undefined) r.problems.push('no name');
    return r;
  });
}
