/**
 * Source records → organisations, deduplicated on identifiers.
 *
 * Records that share any identifier are one organisation (union–find over org-ids): a charity listed under
 * GB-CHC by one funder and GB-COH by another is one organisation as soon as any record (or a Find That
 * Charity record) carries both numbers. The organisation is named by its preferred id (GB-CHC, then GB-SC,
 * GB-NIC, GB-COH, …; ./identifiers.ts); its other ids are reported as aliases. Fields come from the records
 * in source priority (what the organisation says of itself first, then registers, then grant data; ./record.ts),
 * the first record holding a field winning; areas are the union of the records' area codes, else the
 * approximate area of the first usable postcode, else the source's region.
 *
 * Every record ends up either in an organisation or in `rejected` with its id and reason; an organisation
 * that fails the Organisation schema is rejected whole (all its records), never half-imported.
 */
import { Organisation, type OrganisationInput } from '../schema.ts';
import type { Reference } from '../../reference/types.ts';
import { placeOfPostcode } from '../../reference/postcode-areas.ts';
import { generatedId } from '../../shared/ids.ts';
import { normaliseCpvId } from '../../tenders/ocds/cpv.ts';
import { preferredId } from './identifiers.ts';
import { inferKind } from './kinds.ts';
import { FORMAT_PRIORITY, type OrgRecord } from './record.ts';

export interface OrgRejection {
  source: string;
  position: number;
  locator: string;
  /** the id as the source gave it, else the first identifier read */
  id?: string;
  name?: string;
  reason: string;
}

export interface OrgWarning {
  source: string;
  position: number;
  locator: string;
  id?: string;
  message: string;
}

export interface OrgMerge {
  id: string;
  /** the organisation's other identifiers (GB-COH-… for a charity named GB-CHC-…) */
  aliases: string[];
  /** how many source records were merged into it */
  records: number;
}

/**
 * An organisation field a source stated outright: not a schema default, not inferred from a name or register
 * type, not an approximate area from a postcode or region. An import onto an organisation already stored
 * overwrites only these (src/imports/import-organisations.ts).
 */
export type OrgStatedField =
  | 'name'
  | 'kind'
  | 'legalForm'
  | 'staff'
  | 'annualTurnoverGbp'
  | 'foundedYear'
  | 'services'
  | 'areas'
  | 'values'
  | 'waysOfWorking.decisionSpeed'
  | 'waysOfWorking.governance'
  | 'waysOfWorking.commercialMaturity'
  | 'openToPartnering'
  | 'spareCapacity';

export interface OrgImportResult {
  organisations: Organisation[];
  /** by organisation id: the fields its sources stated (see OrgStatedField) */
  stated: Record<string, OrgStatedField[]>;
  /** organisations known by more than one identifier, or built from more than one record */
  merged: OrgMerge[];
  rejected: OrgRejection[];
  warnings: OrgWarning[];
  /** source records read; records = imported + rejected.length */
  records: number;
  /** records that went into an organisation */
  imported: number;
}

export function mergeOrgRecords(records: readonly OrgRecord[], reference: Reference): OrgImportResult {
  const result: OrgImportResult = {
    organisations: [],
    stated: {},
    merged: [],
    rejected: [],
    warnings: [],
    records: records.length,
    imported: 0,
  };
  const reject = (r: OrgRecord, reason: string): void => {
    result.rejected.push({
      source: r.source,
      position: r.position,
      locator: r.locator,
      ...((r.givenId ?? r.identifiers[0]) ? { id: r.givenId ?? r.identifiers[0] } : {}),
      ...(r.name ? { name: r.name } : {}),
      reason,
    });
  };

  const accepted: OrgRecord[] = [];
  for (const r of records) {
    checkCodes(r, reference);
    if (r.problems.length > 0) {
      reject(r, r.problems.join('; '));
      continue;
    }
    if (r.identifiers.length === 0) r.identifiers.push(generatedId('CNS', r.name ?? ''));
    accepted.push(r);
  }

  // Union–find over record indexes, joined through shared identifiers.
  const parent = accepted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map<string, number>();
  accepted.forEach((r, i) => {
    for (const id of r.identifiers) {
      const j = owner.get(id);
      if (j === undefined) owner.set(id, i);
      else {
        const [a, b] = [find(i), find(j)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, OrgRecord[]>();
  accepted.forEach((r, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(r);
    else groups.set(root, [r]);
  });

  for (const group of [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g)) {
    const built = buildOrganisation(group, reference);
    if (!built.ok) {
      for (const r of group) reject(r, built.reason);
      continue;
    }
    result.organisations.push(built.organisation);
    result.stated[built.organisation.id] = built.stated;
    result.imported += group.length;
    if (built.aliases.length > 0 || group.length > 1)
      result.merged.push({ id: built.organisation.id, aliases: built.aliases, records: group.length });
    for (const r of group) {
      for (const message of r.warnings) {
        result.warnings.push({ source: r.source, position: r.position, locator: r.locator, id: built.organisation.id, message });
      }
    }
  }
  return result;
}

/** CPV and GSS codes against the reference: unknown ones reject a self-described record, else are dropped with a warning. */
function checkCodes(r: OrgRecord, reference: Reference): void {
  const complain = (message: string): void => {
    (r.strictCodes ? r.problems : r.warnings).push(r.strictCodes ? message : `${message}; dropped`);
  };
  if (r.services) {
    const services: string[] = [];
    for (const raw of r.services) {
      const code = normaliseCpvId(raw);
      if (code === undefined) complain(`service ${JSON.stringify(raw)} is not a CPV code`);
      else if (!reference.cpv.has(code)) complain(`unknown CPV code ${code}`);
      else if (!services.includes(code)) services.push(code);
    }
    r.services = services;
  }
  const areas: string[] = [];
  for (const raw of r.areaCodes) {
    const code = reference.geography.canonical(raw);
    if (code === undefined) complain(`unknown GSS area code ${raw}`);
    else if (!areas.includes(code)) areas.push(code);
  }
  r.areaCodes = areas;
}

type Built = { ok: true; organisation: Organisation; aliases: string[]; stated: OrgStatedField[] } | { ok: false; reason: string };

function buildOrganisation(group: OrgRecord[], reference: Reference): Built {
  const records = [...group].sort((a, b) => FORMAT_PRIORITY[a.format] - FORMAT_PRIORITY[b.format]);
  const first = <T>(pick: (r: OrgRecord) => T | undefined): T | undefined => {
    for (const r of records) {
      const v = pick(r);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const ids: string[] = [];
  for (const r of group) for (const id of r.identifiers) if (!ids.includes(id)) ids.push(id);
  const id = preferredId(ids)!;
  const aliases = ids.filter((x) => x !== id);
  const name = first((r) => r.name);

  const statedKind = first((r) => r.kind);
  const inferred = inferKind({
    ...(first((r) => r.typeText) !== undefined ? { typeText: first((r) => r.typeText)! } : {}),
    identifiers: ids,
    ...(name !== undefined ? { name } : {}),
    hasCharityNumber: group.some((r) => r.hasCharityNumber),
  });
  if (statedKind === undefined && inferred.closed)
    return { ok: false, reason: `closed: the source's organisation type is "${first((r) => r.typeText)}"` };
  const kind = statedKind ?? inferred.kind;
  const legalForm = first((r) => r.legalForm) ?? (statedKind === undefined ? inferred.legalForm : undefined);

  let areas: string[] = [];
  for (const r of records) for (const a of r.areaCodes) if (!areas.includes(a)) areas.push(a);
  const areasStated = areas.length > 0;
  if (areas.length === 0) {
    const fromPostcode = first((r) => (r.postcode ? placeOfPostcode(r.postcode, reference.geography)?.code : undefined));
    const fallback = fromPostcode ?? first((r) => r.fallbackArea);
    if (fallback !== undefined) areas = [fallback];
  }

  const waysOfWorking = {
    ...(first((r) => r.waysOfWorking?.decisionSpeed) ? { decisionSpeed: first((r) => r.waysOfWorking?.decisionSpeed) } : {}),
    ...(first((r) => r.waysOfWorking?.governance) ? { governance: first((r) => r.waysOfWorking?.governance) } : {}),
    ...(first((r) => r.waysOfWorking?.commercialMaturity) ? { commercialMaturity: first((r) => r.waysOfWorking?.commercialMaturity) } : {}),
  };
  const input: OrganisationInput & { id: string } = {
    id,
    name: name ?? '',
    kind,
    ...(legalForm !== undefined ? { legalForm } : {}),
    ...defined(
      'staff',
      first((r) => r.staff),
    ),
    ...defined(
      'annualTurnoverGbp',
      first((r) => r.annualTurnoverGbp),
    ),
    ...defined(
      'foundedYear',
      first((r) => r.foundedYear),
    ),
    services: first((r) => (r.services && r.services.length > 0 ? r.services : undefined)) ?? [],
    areas,
    values: first((r) => (r.values && r.values.length > 0 ? r.values : undefined)) ?? [],
    waysOfWorking,
    ...defined(
      'openToPartnering',
      first((r) => r.openToPartnering),
    ),
    ...defined(
      'spareCapacity',
      first((r) => r.spareCapacity),
    ),
  };
  const parsed = Organisation.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `not a valid organisation: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(organisation)'}: ${i.message}`).join('; ')}`,
    };
  }
  const stated = (Object.keys(input) as (keyof typeof input)[]).flatMap((key): OrgStatedField[] => {
    if (key === 'id' || key === 'waysOfWorking') return [];
    if (key === 'kind') return statedKind !== undefined ? ['kind'] : [];
    if (key === 'legalForm') return first((r) => r.legalForm) !== undefined ? ['legalForm'] : [];
    if (key === 'areas') return areasStated ? ['areas'] : [];
    if (key === 'services' || key === 'values') return input[key]!.length > 0 ? [key] : [];
    if (key === 'name') return name !== undefined ? ['name'] : [];
    return [key as OrgStatedField];
  });
  for (const key of Object.keys(waysOfWorking)) stated.push(`waysOfWorking.${key}` as OrgStatedField);
  return { ok: true, organisation: parsed.data, aliases, stated };
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
