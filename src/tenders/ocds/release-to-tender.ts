/**
 * One OCDS 1.1 release → one Tender (src/tenders/schema.ts), or the reason it cannot be one.
 *
 * Field mapping (OCDS path → Tender field):
 * - ocid → id; tender.title (else the release title) → title; tender.description (else the release's) →
 *   description, with the portals' text damage repaired (./text.ts)
 * - tender.classification, tender.additionalClassifications and items without a lot → cpvCodes;
 *   tender.lots[] with the CPV codes of the items whose relatedLot names them → lots
 * - tender.value, else tender.maximumValue, else tender.minValue, else planning.budget, else the sum of the
 *   lot values, else the sum of the awards' values (award notices) → valueGbp (./money.ts drops non-GBP,
 *   non-finite, negative and implausible amounts)
 * - tender.tenderPeriod.endDate → submissionDeadline; tender.contractPeriod (else the span of the lots'
 *   contract periods, durationInDays counted from the start) → contractStart / contractEnd
 * - items[].deliveryAddresses / deliveryLocation → deliveryAreas (./places.ts)
 * - tender.suitability.sme / .vcse → smeSuitable / vcseSuitable
 * - otherRequirements.reservedParticipation containing "publicServiceMissionOrganization" (PCR 2015 reg. 77)
 *   → reservedForMutuals
 * - the largest turnover amount stated in selectionCriteria.criteria[] (tender and lots) → minimumTurnoverGbp
 * - the party with role "buyer", else release.buyer → buyer
 * Dates keep their published offset; a date-time without one is read as UTC (see isoDate).
 * The result is validated with the Tender schema: a release either maps completely or is rejected.
 */
import { z } from 'zod';
import type { Reference } from '../../reference/types.ts';
import type { Source } from '../../organisations/provenance.ts';
import { Tender, type TenderInput } from '../schema.ts';
import { arr, at, bool, obj, str, type JsonObject } from '../../shared/loose-json.ts';
import { CpvCollector } from './cpv.ts';
import { MONEY_DEFAULTS, minimumTurnoverIn, readGbp, type MoneyBounds } from './money.ts';
import { deliveryAreas } from './places.ts';
import { repairedStart } from './text.ts';

export type ReleaseToTenderResult =
  | { ok: true; tender: Tender; warnings: string[] }
  | {
      ok: false;
      ocid?: string;
      releaseId?: string;
      reason: string;
      /** the release says the procurement is over (cancelled, withdrawn, unsuccessful): older releases must not revive it */
      closed?: boolean;
    };

export interface ReleaseToTenderOptions {
  money?: MoneyBounds;
}

const CLOSED_STATUSES = new Set(['cancelled', 'withdrawn', 'unsuccessful']);
const LIMITS = {
  title: 1000,
  description: 20_000,
  lotTitle: 500,
  lotId: 100,
  lots: 200,
  cpv: 500,
  areas: 2000,
  buyerName: 500,
  id: 200,
} as const;

export function releaseToTender(release: unknown, reference: Reference, options: ReleaseToTenderOptions = {}): ReleaseToTenderResult {
  const r = obj(release);
  if (!r) return { ok: false, reason: 'the release is not a JSON object' };
  const ocid = str(r.ocid);
  const releaseId = str(r.id);
  const reject = (reason: string, extra: { closed?: boolean } = {}): ReleaseToTenderResult => ({
    ok: false,
    ...(ocid !== undefined ? { ocid } : {}),
    ...(releaseId !== undefined ? { releaseId } : {}),
    reason,
    ...extra,
  });
  if (ocid === undefined) return reject('the release has no ocid');
  if (ocid.length > LIMITS.id) return reject(`ocid longer than ${LIMITS.id} characters`);
  const t = obj(r.tender);
  if (!t) {
    const tags = arr(r.tag).map(str).filter(Boolean).join(', ') || 'none';
    return reject(`no tender block (tags: ${tags})`);
  }
  const status = str(t.status)?.toLowerCase();
  if (status !== undefined && CLOSED_STATUSES.has(status)) return reject(`tender status is ${status}`, { closed: true });

  const warnings: string[] = [];
  const title = text(t.title, LIMITS.title) ?? text(r.title, LIMITS.title);
  if (title === undefined) return reject('no tender title');
  const description = text(t.description, LIMITS.description) ?? text(r.description, LIMITS.description);

  const { cpvCodes, lots } = cpvAndLots(t, reference, warnings);
  if (cpvCodes.length === 0 && lots.length === 0) {
    return reject('no usable CPV code (scheme CPV) in tender.classification, additionalClassifications or items');
  }

  const money = options.money ?? MONEY_DEFAULTS;
  const valueGbp =
    readGbp(t.value, 'tender.value', warnings, money) ??
    readGbp(t.maximumValue, 'tender.maximumValue', warnings, money) ??
    readGbp(t.minValue, 'tender.minValue', warnings, money) ??
    planningBudget(r, warnings, money) ??
    sumOfLotValues(lots) ??
    awardedValue(r, warnings, money);

  const submissionDeadline = isoDate(at(t, 'tenderPeriod', 'endDate'), 'tenderPeriod.endDate', warnings);
  const contract = contractPeriod(t, warnings);

  const areas = deliveryAreas(t, reference.geography, warnings);
  if (areas.length === 0) warnings.push('no delivery area recognised');
  if (areas.length > LIMITS.areas) warnings.push(`${areas.length} delivery areas, only the first ${LIMITS.areas} kept`);

  const turnover = minimumTurnover(t);
  if (turnover !== undefined && (turnover < money.minPlausibleGbp || turnover > 1e12)) {
    warnings.push(`minimum turnover £${turnover} in the selection criteria is implausible, dropped`);
  }

  const input: TenderInput & { id: string } = {
    id: ocid,
    title,
    ...(description !== undefined ? { description } : {}),
    ...buyerOf(r),
    cpvCodes: cpvCodes.slice(0, LIMITS.cpv),
    lots,
    deliveryAreas: areas.slice(0, LIMITS.areas),
    ...(valueGbp !== undefined ? { valueGbp } : {}),
    ...(turnover !== undefined && turnover >= money.minPlausibleGbp && turnover <= 1e12 ? { minimumTurnoverGbp: turnover } : {}),
    ...(submissionDeadline !== undefined ? { submissionDeadline } : {}),
    ...contract,
    reservedForMutuals: isReservedForMutuals(t),
    ...optionalBool('smeSuitable', bool(at(t, 'suitability', 'sme'))),
    ...optionalBool('vcseSuitable', bool(at(t, 'suitability', 'vcse'))),
    source: noticeSource(ocid, str(r.date)),
  };
  const parsed = Tender.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(tender)'}: ${i.message}`).join('; ');
    return reject(`does not make a valid tender: ${issues}`);
  }
  return { ok: true, tender: parsed.data, warnings };
}

/** A text field repaired (./text.ts) and cut to `max` characters; only its start is read (repairedStart). */
function text(value: unknown, max: number): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const repaired = repairedStart(s, max);
  return repaired === '' ? undefined : repaired;
}

function optionalBool<K extends string>(key: K, value: boolean | undefined): { [P in K]?: boolean } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: boolean };
}

type LotOut = { id: string; title?: string; cpvCodes: string[]; valueGbp?: number };

function cpvAndLots(t: JsonObject, reference: Reference, warnings: string[]): { cpvCodes: string[]; lots: LotOut[] } {
  const tenderCpv = new CpvCollector(reference.cpv, warnings);
  tenderCpv.addAllOf(t, 'tender');
  const mainCodes = [...tenderCpv.codes];

  const lotIds: string[] = [];
  const lotObjects = new Map<string, JsonObject>();
  for (const lot of arr(t.lots)) {
    const l = obj(lot);
    const id = str(l?.id);
    if (!l || id === undefined) {
      warnings.push('a lot without an id was skipped');
      continue;
    }
    if (!lotObjects.has(id)) lotIds.push(id);
    lotObjects.set(id, l);
  }
  const lotCpv = new Map<string, CpvCollector>();
  const collectorFor = (lotId: string): CpvCollector => {
    let c = lotCpv.get(lotId);
    if (!c) lotCpv.set(lotId, (c = new CpvCollector(reference.cpv, warnings)));
    return c;
  };
  for (const [index, item] of arr(t.items).entries()) {
    const it = obj(item);
    if (!it) continue;
    const lotId = str(it.relatedLot);
    if (lotId === undefined) {
      tenderCpv.addAllOf(it, `items[${index}]`);
      continue;
    }
    if (!lotObjects.has(lotId)) {
      warnings.push(`items[${index}] relates to lot ${lotId}, which tender.lots does not list; the lot was created`);
      lotIds.push(lotId);
      lotObjects.set(lotId, {});
    }
    collectorFor(lotId).addAllOf(it, `items[${index}] (lot ${lotId})`);
  }

  const lots: LotOut[] = [];
  for (const id of lotIds) {
    const l = lotObjects.get(id)!;
    const lotStatus = str(l.status)?.toLowerCase();
    if (lotStatus !== undefined && CLOSED_STATUSES.has(lotStatus)) {
      warnings.push(`lot ${id} is ${lotStatus} and was dropped`);
      continue;
    }
    const collector = collectorFor(id);
    collector.addAllOf(l, `lot ${id}`);
    let codes = collector.codes;
    if (codes.length === 0) {
      if (mainCodes.length === 0) {
        warnings.push(`lot ${id} has no usable CPV code and was dropped`);
        continue;
      }
      codes = mainCodes;
    }
    if (id.length > LIMITS.lotId) {
      warnings.push(`lot id longer than ${LIMITS.lotId} characters, lot dropped`);
      continue;
    }
    const title = text(l.title, LIMITS.lotTitle);
    const valueGbp = readGbp(l.value, `lot ${id} value`, warnings);
    lots.push({
      id,
      ...(title !== undefined ? { title } : {}),
      cpvCodes: codes.slice(0, LIMITS.cpv),
      ...(valueGbp !== undefined ? { valueGbp } : {}),
    });
  }
  if (lots.length > LIMITS.lots) warnings.push(`${lots.length} lots, only the first ${LIMITS.lots} kept`);
  return { cpvCodes: tenderCpv.codes, lots: lots.slice(0, LIMITS.lots) };
}

function planningBudget(r: JsonObject, warnings: string[], money: MoneyBounds): number | undefined {
  const budget = obj(at(r, 'planning', 'budget'));
  if (!budget) return undefined;
  const direct = readGbp(budget.amount, 'planning.budget.amount', warnings, money);
  if (direct !== undefined) return direct;
  const parts = arr(budget.budgetBreakdown).map((b, i) =>
    readGbp(obj(b)?.amount, `planning.budget.budgetBreakdown[${i}]`, warnings, money),
  );
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  const total = (parts as number[]).reduce((s, p) => s + p, 0);
  return total <= money.maxPlausibleGbp ? total : undefined;
}

/** The total of the release's awards (an award notice without a tender value states what was awarded). */
function awardedValue(r: JsonObject, warnings: string[], money: MoneyBounds): number | undefined {
  const awards = arr(r.awards)
    .map(obj)
    .filter((a): a is JsonObject => a !== undefined && !CLOSED_STATUSES.has(str(a.status)?.toLowerCase() ?? '') && a.value !== undefined);
  if (awards.length === 0) return undefined;
  const values = awards.map((a, i) => readGbp(a.value, `awards[${i}].value`, warnings, money));
  if (values.some((v) => v === undefined)) return undefined;
  const total = (values as number[]).reduce((s, v) => s + v, 0);
  return total <= money.maxPlausibleGbp ? total : undefined;
}

function sumOfLotValues(lots: readonly LotOut[]): number | undefined {
  if (lots.length === 0 || lots.some((l) => l.valueGbp === undefined)) return undefined;
  return lots.reduce((s, l) => s + l.valueGbp!, 0);
}

const NO_OFFSET = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const ISO_WITH_OFFSET = z.iso.datetime({ offset: true });

/**
 * An OCDS date → an ISO 8601 date-time with an offset: kept as published when it already is one (so
 * "2024-10-01T00:00:00+01:00" keeps its local date), else read (a date alone as midnight UTC, a date-time
 * without an offset as UTC) and written in UTC. Undefined, with a warning, when unreadable.
 */
export function isoDate(value: unknown, what: string, warnings: string[]): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  if (ISO_WITH_OFFSET.safeParse(s).success && !Number.isNaN(Date.parse(s))) return s;
  const withZone = NO_OFFSET.test(s) ? `${s}Z` : s;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) {
    warnings.push(`${what} "${s}" is not a date, dropped`);
    return undefined;
  }
  return new Date(ms).toISOString();
}

function contractPeriod(t: JsonObject, warnings: string[]): { contractStart?: string; contractEnd?: string } {
  const read = (period: unknown, what: string): { start?: string; end?: string } => {
    const p = obj(period);
    if (!p) return {};
    const start = isoDate(p.startDate, `${what}.startDate`, warnings);
    let end = isoDate(p.endDate, `${what}.endDate`, warnings);
    const days =
      typeof p.durationInDays === 'number' && Number.isFinite(p.durationInDays) && p.durationInDays > 0 ? p.durationInDays : undefined;
    if (end === undefined && start !== undefined && days !== undefined) end = new Date(Date.parse(start) + days * 86_400_000).toISOString();
    return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
  };
  let { start, end } = read(t.contractPeriod, 'tender.contractPeriod');
  if (start === undefined && end === undefined) {
    // no tender-level period: the span of the lots' periods
    for (const [i, lot] of arr(t.lots).entries()) {
      const p = read(obj(lot)?.contractPeriod, `lots[${i}].contractPeriod`);
      if (p.start !== undefined && (start === undefined || Date.parse(p.start) < Date.parse(start))) start = p.start;
      if (p.end !== undefined && (end === undefined || Date.parse(p.end) > Date.parse(end))) end = p.end;
    }
  }
  if (start !== undefined && end !== undefined && Date.parse(end) < Date.parse(start)) {
    warnings.push('contract end is before its start; end dropped');
    end = undefined;
  }
  return { ...(start !== undefined ? { contractStart: start } : {}), ...(end !== undefined ? { contractEnd: end } : {}) };
}

function buyerOf(r: JsonObject): { buyer?: { id?: string; name: string } } {
  const party = arr(r.parties)
    .map(obj)
    .find((p) => p !== undefined && arr(p.roles).some((role) => str(role) === 'buyer'));
  const source = party ?? obj(r.buyer);
  const name = text(source?.name, LIMITS.buyerName) ?? text(at(source, 'identifier', 'legalName'), LIMITS.buyerName);
  if (name === undefined) return {};
  const id = str(source?.id);
  return { buyer: { ...(id !== undefined && id.length <= 200 ? { id } : {}), name } };
}

const MUTUALS_RESERVATION = 'publicservicemissionorganization';

/** Reserved under PCR 2015 reg. 77 (OCDS codelist value publicServiceMissionOrganization), on the tender or any lot. */
function isReservedForMutuals(t: JsonObject): boolean {
  const holders = [t, ...arr(t.lots).map(obj)];
  return holders.some((h) => {
    const reserved = at(h, 'otherRequirements', 'reservedParticipation');
    const values = Array.isArray(reserved) ? reserved : [reserved];
    return values.some((v) => str(v)?.toLowerCase() === MUTUALS_RESERVATION);
  });
}

function minimumTurnover(t: JsonObject): number | undefined {
  const texts: string[] = [];
  for (const holder of [t, ...arr(t.lots).map(obj)]) {
    const criteria = obj(at(holder, 'selectionCriteria'));
    const description = str(criteria?.description);
    if (description) texts.push(description);
    for (const c of arr(criteria?.criteria)) {
      // a criterion may name the subject in its description and the amount in its minimum
      const parts = [str(obj(c)?.description), str(obj(c)?.minimum)].filter((s): s is string => s !== undefined);
      if (parts.length > 0) texts.push(parts.join('\n'));
    }
  }
  let best: number | undefined;
  for (const s of texts) {
    const amount = minimumTurnoverIn(repairedStart(s, LIMITS.description));
    if (amount !== undefined && (best === undefined || amount > best)) best = amount;
  }
  return best;
}

/** OCDS publisher prefixes (https://standard.open-contracting.org/…/prefixes) → the register a notice came from. */
const PUBLISHERS: Readonly<Record<string, string>> = {
  'ocds-b5fd17': 'contracts-finder',
  'ocds-h6vhtk': 'find-a-tender',
  'ocds-r6ebe6': 'public-contracts-scotland',
  'ocds-kuma6s': 'sell2wales',
};

/** The tender's source: the portal that published the notice, the ocid and the release date. */
function noticeSource(ocid: string, date: string | undefined): Source {
  const register = PUBLISHERS[ocid.slice(0, 11).toLowerCase()] ?? 'ocds';
  const day = date !== undefined && /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : undefined;
  return { kind: 'register', register, record: ocid.slice(0, 200), ...(day !== undefined ? { date: day } : {}) };
}
