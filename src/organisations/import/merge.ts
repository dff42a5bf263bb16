/**
 * Source records → organisations, deduplicated on identifiers.
 *
 * Records that share any identifier are one organisation (union–find over org-ids): a charity listed under
 * GB-CHC by one funder and GB-COH by another is one organisation as soon as any record (or a Find That
 * Charity record, or a CQC provider with its company number) carries both numbers. The organisation is named by
 * its preferred id (GB-CHC, then GB-SC, GB-NIC, GB-COH, …; ./identifiers.ts); its other ids are reported as
 * aliases. Every fact keeps its source (../provenance.ts): when records disagree, the stronger source wins
 * (register over declared over inferred; between equals the later date, then the record's format priority,
 * ./record.ts) and the disagreement is reported as a conflict. Services and areas are the union of the records'
 * codes, each with its strongest source; with no area code at all, the approximate area of the first usable
 * postcode (inferred), else the source's region.
 *
 * Every record ends up either in an organisation or in `rejected` with its id and reason; an organisation
 * that fails the Organisation schema is rejected whole (all its records), never half-imported.
 */
import { canonicalJson } from '../../shared/canonical-json.ts';
import { prefers, type Provenance, type ScalarFact, type Source } from '../provenance.ts';
import { Organisation, type OrganisationInput } from '../schema.ts';
import type { Reference } from '../../reference/types.ts';
import { placeOfPostcode } from '../../reference/postcode-areas.ts';
import { generatedId } from '../../shared/ids.ts';
import { normaliseCpvId } from '../../tenders/ocds/cpv.ts';
import { preferredId } from './identifiers.ts';
import { inferKind } from './kinds.ts';
import { FORMAT_PRIORITY, factSource, type OrgRecord } from './record.ts';

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

/** A fact key: a scalar fact of provenance.ts, or one part of waysOfWorking (the three are stated separately). */
export type FactKey =
  Exclude<ScalarFact, 'waysOfWorking'> | 'waysOfWorking.decisionSpeed' | 'waysOfWorking.governance' | 'waysOfWorking.commercialMaturity';

/** A fact as a source states it: the value, where it comes from, and which record ("file line 12") gave it. */
export interface StatedFact<T = unknown> {
  value: T;
  source: Source;
  from: string;
}

/**
 * What an import's sources state about one organisation, fact by fact with sources — what is laid over an
 * organisation already stored (../overlay.ts). Only facts a source stated are here: schema defaults are not.
 */
export interface OrgFacts {
  id: string;
  /** the organisation's other identifiers */
  aliases: string[];
  name?: string;
  facts: Partial<Record<FactKey, StatedFact>>;
  /** CPV code → where it is stated */
  services: Map<string, StatedFact<true>>;
  /** GSS code → where it is stated */
  areas: Map<string, StatedFact<true>>;
  /** an approximate place (a postcode area, a region): used only when nothing else places the organisation */
  approximateAreas: Map<string, StatedFact<true>>;
  /** the registers among the sources: codes one of them stated before and no longer states are dropped */
  registers: string[];
  /** source records behind it */
  records: number;
  /** why it is closed, when a source's organisation type says so (the organisation is then rejected) */
  closed?: string;
}

/** Two sources disagree about a fact: which value was kept and which was not, with their sources. */
export interface OrgConflict {
  id: string;
  fact: FactKey;
  kept: StatedFact;
  dropped: StatedFact;
}

export interface OrgImportResult {
  organisations: Organisation[];
  /** by organisation id: what its sources stated, with sources (for laying it over a stored organisation) */
  facts: Record<string, OrgFacts>;
  /**
   * groups of records that only add facts (activity classes by company number) and name no organisation: they
   * apply to organisations already stored, and are rejected otherwise (decided when writing)
   */
  enrichments: { facts: OrgFacts; records: OrgRecord[] }[];
  /** organisations known by more than one identifier, or built from more than one record */
  merged: OrgMerge[];
  /** facts on which records of this import disagree */
  conflicts: OrgConflict[];
  rejected: OrgRejection[];
  warnings: OrgWarning[];
  /** source records read; records = imported + rejected.length + the records of enrichments */
  records: number;
  /** records that went into an organisation */
  imported: number;
}

export function mergeOrgRecords(records: readonly OrgRecord[], reference: Reference): OrgImportResult {
  const result: OrgImportResult = {
    organisations: [],
    facts: {},
    enrichments: [],
    merged: [],
    conflicts: [],
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
    if (r.identifiers.length === 0) r.identifiers.push(generatedId('CNS', r.name ?? r.fallbackName ?? ''));
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
    for (const id of [...r.identifiers, ...r.joinKeys]) {
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
    const facts = collectFacts(group, result.conflicts, reference);
    if (facts.name === undefined && group.every((r) => r.enrichesOnly)) {
      result.enrichments.push({ facts, records: group });
      continue;
    }
    const built = buildOrganisation(facts);
    if (!built.ok) {
      for (const r of group) reject(r, built.reason);
      continue;
    }
    result.organisations.push(built.organisation);
    result.facts[facts.id] = facts;
    result.imported += group.length;
    if (facts.aliases.length > 0 || group.length > 1) result.merged.push({ id: facts.id, aliases: facts.aliases, records: group.length });
    for (const r of group) {
      for (const message of r.warnings) {
        result.warnings.push({ source: r.source, position: r.position, locator: r.locator, id: facts.id, message });
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
      else if (!services.includes(code)) {
        services.push(code);
        if (code !== raw && r.serviceSources[raw]) r.serviceSources[code] = r.serviceSources[raw];
      }
    }
    r.services = services;
  }
  const areas: string[] = [];
  for (const raw of r.areaCodes) {
    const code = reference.geography.canonical(raw);
    if (code === undefined) complain(`unknown GSS area code ${raw}`);
    else if (!areas.includes(code)) {
      areas.push(code);
      if (code !== raw && r.areaSources[raw]) r.areaSources[code] = r.areaSources[raw];
    }
  }
  r.areaCodes = areas;
  if (r.baseArea !== undefined) {
    const code = reference.geography.canonical(r.baseArea);
    const level = code === undefined ? undefined : reference.geography.get(code)?.level;
    if (code === undefined || (level !== 'lad' && level !== 'utla')) {
      r.warnings.push(`base area ${r.baseArea} is not a current local authority; dropped`);
      r.baseArea = undefined;
    } else r.baseArea = code;
  }
}

/** Records in the order their facts win (see FORMAT_PRIORITY), and a name for each in reports. */
const where = (r: OrgRecord) => `${r.source} ${r.locator}`;

/**
 * One group's facts: for each fact, the value of the record whose source wins (provenance.ts `prefers`, then
 * FORMAT_PRIORITY); every other record stating a different value is a conflict. Services and areas are the union
 * of the records', each code with its strongest source.
 */
function collectFacts(group: OrgRecord[], conflicts: OrgConflict[], reference: Reference): OrgFacts {
  const records = [...group].sort((a, b) => FORMAT_PRIORITY[a.format] - FORMAT_PRIORITY[b.format]);
  const ids: string[] = [];
  for (const r of group) for (const id of r.identifiers) if (!ids.includes(id)) ids.push(id);
  const id = preferredId(ids)!;
  const facts: OrgFacts = {
    id,
    aliases: ids.filter((x) => x !== id),
    facts: {},
    services: new Map(),
    areas: new Map(),
    approximateAreas: new Map(),
    registers: [],
    records: group.length,
  };
  facts.name = records.find((r) => r.name !== undefined)?.name ?? records.find((r) => r.fallbackName !== undefined)?.fallbackName;

  const state = (key: FactKey, value: unknown, source: Source, r: OrgRecord) => {
    const candidate: StatedFact = { value, source, from: where(r) };
    const current = facts.facts[key];
    if (current === undefined) {
      facts.facts[key] = candidate;
      return;
    }
    const [kept, dropped] = prefers(current.source, source) ? [current, candidate] : [candidate, current];
    facts.facts[key] = kept;
    if (canonicalJson(kept.value) !== canonicalJson(dropped.value)) conflicts.push({ id, fact: key, kept, dropped });
  };
  if (group.every((r) => r.enrichesOnly)) {
    // Facts for an organisation named elsewhere: no kind or place of its own to infer.
    for (const r of records) collectCodes(facts, r);
    return facts;
  }
  const kinds = inferKind({
    ...(records.find((r) => r.typeText !== undefined) ? { typeText: records.find((r) => r.typeText !== undefined)!.typeText! } : {}),
    identifiers: ids,
    ...(facts.name !== undefined ? { name: facts.name } : {}),
    hasCharityNumber: group.some((r) => r.hasCharityNumber),
  });
  for (const r of records) {
    if (r.from.kind === 'register' && r.from.register && !facts.registers.includes(r.from.register)) facts.registers.push(r.from.register);
    if (r.kind !== undefined) state('kind', r.kind, factSource(r, 'kind'), r);
    if (r.legalForm !== undefined) state('legalForm', r.legalForm, factSource(r, 'legalForm'), r);
    if (r.staff !== undefined) state('staff', r.staff, factSource(r, 'staff'), r);
    if (r.annualTurnoverGbp !== undefined) state('annualTurnoverGbp', r.annualTurnoverGbp, factSource(r, 'annualTurnoverGbp'), r);
    if (r.foundedYear !== undefined) state('foundedYear', r.foundedYear, factSource(r, 'foundedYear'), r);
    if (r.baseArea !== undefined) state('baseArea', r.baseArea, factSource(r, 'baseArea'), r);
    if (r.values && r.values.length > 0) state('values', r.values, factSource(r, 'values'), r);
    if (r.openToPartnering !== undefined) state('openToPartnering', r.openToPartnering, factSource(r, 'openToPartnering'), r);
    if (r.spareCapacity !== undefined) state('spareCapacity', r.spareCapacity, factSource(r, 'spareCapacity'), r);
    for (const part of ['decisionSpeed', 'governance', 'commercialMaturity'] as const) {
      const value = r.waysOfWorking?.[part];
      if (value !== undefined) state(`waysOfWorking.${part}`, value, factSource(r, 'waysOfWorking'), r);
    }
    collectCodes(facts, r);
  }
  // Kind and legal form a source did not state are read from its organisation type, numbers or name: a rule.
  const inferred: Source = { kind: 'inferred', rule: `kind from ${kinds.rule ?? 'identifiers'}` };
  if (facts.facts.kind === undefined) facts.facts.kind = { value: kinds.kind, source: inferred, from: where(records[0]) };
  else if (
    facts.facts.kind.source.kind === 'inferred' &&
    kinds.kind === 'charity' &&
    facts.facts.kind.value !== 'charity' &&
    group.some((r) => r.hasCharityNumber)
  ) {
    // A charity number is evidence of a charity; a guess from a register that does not record charity status
    // (CQC's ownership type) is not evidence against it.
    const guess = facts.facts.kind;
    facts.facts.kind = { value: kinds.kind, source: inferred, from: where(records.find((r) => r.hasCharityNumber)!) };
    conflicts.push({ id, fact: 'kind', kept: facts.facts.kind, dropped: guess });
    if (facts.facts.legalForm?.source.kind === 'inferred') delete facts.facts.legalForm;
  }
  // ("other" is no reading at all: the schema default, not a fact)
  if (facts.facts.legalForm === undefined && facts.facts.kind.source.kind === 'inferred' && kinds.legalForm !== 'other')
    facts.facts.legalForm = { value: kinds.legalForm, source: inferred, from: where(records[0]) };
  if (kinds.closed && records.every((r) => r.kind === undefined))
    facts.closed = `the source's organisation type is "${records.find((r) => r.typeText)?.typeText}"`;

  // An approximate place, for when nothing better is known: the first usable postcode, else the source's region.
  for (const r of records) {
    if (facts.approximateAreas.size > 0) break;
    const place = r.postcode ? placeOfPostcode(r.postcode, reference.geography) : undefined;
    if (place) {
      facts.approximateAreas.set(place.code, {
        value: true,
        source: { kind: 'inferred', rule: `postcode area ${place.area} (approximate)` },
        from: where(r),
      });
    } else if (r.fallbackArea) facts.approximateAreas.set(r.fallbackArea, { value: true, source: r.from, from: where(r) });
  }
  return facts;
}

type Built = { ok: true; organisation: Organisation } | { ok: false; reason: string };

/** The facts as a new organisation: schema defaults for what no source stated, provenance for what one did. */
function buildOrganisation(facts: OrgFacts): Built {
  if (facts.closed !== undefined) return { ok: false, reason: `closed: ${facts.closed}` };
  const parsed = Organisation.safeParse(organisationInput(facts));
  if (!parsed.success) {
    return {
      ok: false,
      reason: `not a valid organisation: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(organisation)'}: ${i.message}`).join('; ')}`,
    };
  }
  return { ok: true, organisation: parsed.data };
}

/** A record's services and areas into the facts, each code keeping its strongest source. */
function collectCodes(facts: OrgFacts, r: OrgRecord): void {
  const setCode = (map: Map<string, StatedFact<true>>, code: string, source: Source) => {
    const current = map.get(code);
    if (current === undefined || !prefers(current.source, source)) map.set(code, { value: true, source, from: where(r) });
  };
  for (const code of r.services ?? []) setCode(facts.services, code, r.serviceSources[code] ?? r.from);
  for (const code of r.areaCodes) setCode(facts.areas, code, r.areaSources[code] ?? r.from);
}

/** Facts → an organisation input: id, name, the stated facts, and the sources of those not declared. */
export function organisationInput(facts: OrgFacts): OrganisationInput & { id: string } {
  const value = <T>(key: FactKey) => facts.facts[key]?.value as T | undefined;
  const baseArea = value<string>('baseArea');
  // An approximate place only when nothing better places the organisation.
  const areas = facts.areas.size > 0 || baseArea !== undefined ? facts.areas : facts.approximateAreas;
  const provenance: Provenance = {};
  for (const [key, stated] of Object.entries(facts.facts) as [FactKey, StatedFact][]) {
    if (stated.source.kind === 'declared') continue;
    const fact: ScalarFact = key.startsWith('waysOfWorking.') ? 'waysOfWorking' : (key as ScalarFact);
    provenance[fact] ??= stated.source;
  }
  const serviceSources = codeSources(facts.services);
  const areaSources = codeSources(areas);
  // The base area is an area it works in: with the base area's source.
  if (baseArea !== undefined && !areas.has(baseArea) && facts.facts.baseArea!.source.kind !== 'declared')
    areaSources[baseArea] = facts.facts.baseArea!.source;
  if (Object.keys(serviceSources).length > 0) provenance.services = serviceSources;
  if (Object.keys(areaSources).length > 0) provenance.areas = areaSources;
  const waysOfWorking = Object.fromEntries(
    (['decisionSpeed', 'governance', 'commercialMaturity'] as const).flatMap((part) => {
      const v = value<string>(`waysOfWorking.${part}`);
      return v === undefined ? [] : [[part, v]];
    }),
  );
  return {
    id: facts.id,
    name: facts.name ?? '',
    kind: value<Organisation['kind']>('kind')!,
    ...defined('legalForm', value<Organisation['legalForm']>('legalForm')),
    ...defined('staff', value<number>('staff')),
    ...defined('annualTurnoverGbp', value<number>('annualTurnoverGbp')),
    ...defined('foundedYear', value<number>('foundedYear')),
    ...defined('baseArea', baseArea),
    services: [...facts.services.keys()],
    areas: baseArea !== undefined && !areas.has(baseArea) ? [...areas.keys(), baseArea] : [...areas.keys()],
    values: value<Organisation['values']>('values') ?? [],
    waysOfWorking,
    ...defined('openToPartnering', value<boolean>('openToPartnering')),
    ...defined('spareCapacity', value<Organisation['spareCapacity']>('spareCapacity')),
    ...(Object.keys(provenance).length > 0 ? { provenance } : {}),
  };
}

/** code → source, declared ones left out (a code without a source reads as declared). */
export function codeSources(map: ReadonlyMap<string, StatedFact<true>>): Record<string, Source> {
  const out: Record<string, Source> = {};
  for (const [code, stated] of map) if (stated.source.kind !== 'declared') out[code] = stated.source;
  return out;
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
