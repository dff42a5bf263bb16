/**
 * Pure mapping between domain records and the plain parameter rows / result columns of cypher/ queries.
 * No driver import: Neo4j values reach this module already as JSON strings, strings, numbers and booleans
 * (the driver runs with disableLosslessIntegers), and leave it as validated domain objects.
 *
 * Each node keeps `json`, the canonical JSON of its normalised record (public part on :Organisation, private
 * part on :OrganisationPrivate), so reads return exactly what was written and "unchanged" is a string equality.
 * The scalar properties next to it exist for Cypher to filter and rank on; they are never read back.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { normaliseOrganisation } from '../../organisations/normalise.ts';
import type { PartnershipNeighbourhood, PartnershipRecord } from '../../organisations/partnership-graph.ts';
import { compareRecords } from '../../organisations/partnership-graph.ts';
import type { Organisation } from '../../organisations/schema.ts';
import { Source } from '../../organisations/provenance.ts';
import { normaliseTender } from '../../tenders/normalise.ts';
import { Tender, requiredCpvCodes } from '../../tenders/schema.ts';

export type UpsertStatus = 'created' | 'updated' | 'unchanged';

export interface OrganisationRows {
  id: string;
  /** canonical JSON of the public record; compared by classify-organisations */
  json: string;
  /** canonical JSON of the private fields, or null when the record has none */
  privateJson: string | null;
  /** content version of the whole record (public and private part), see contentVersion */
  version: number;
  node: Record<string, unknown>;
  services: string[];
  areas: string[];
  /** the record's terms in the candidate index, see candidateTokens */
  tokens: string[];
  /** as written to PARTNERED_WITH: the record with its source as canonical JSON (null when declared) */
  partnerships: (Omit<Organisation['partnerships'][number], 'source'> & { source: string | null })[];
  private: Record<string, unknown> | null;
}

/** Normalises a batch the way the embedded store does (last record per id wins) and builds its query rows. */
export function organisationRows(orgs: readonly Organisation[]): OrganisationRows[] {
  const batch = [...new Map(orgs.map((o) => [o.id, normaliseOrganisation(o)])).values()];
  return batch.map((org) => {
    const { private: priv, ...pub } = org;
    const json = canonicalJson(pub);
    const privateJson = priv ? canonicalJson(priv) : null;
    const version = contentVersion(json, privateJson);
    return {
      id: org.id,
      json,
      privateJson,
      version,
      node: {
        id: org.id,
        json,
        version,
        name: org.name,
        kind: org.kind,
        legalForm: org.legalForm,
        staff: org.staff ?? null,
        annualTurnoverGbp: org.annualTurnoverGbp ?? null,
        foundedYear: org.foundedYear ?? null,
        openToPartnering: org.openToPartnering,
        spareCapacity: org.spareCapacity,
        largestContractShare: org.largestContractShare ?? null,
        decisionSpeed: org.waysOfWorking.decisionSpeed,
        governance: org.waysOfWorking.governance,
        commercialMaturity: org.waysOfWorking.commercialMaturity,
        values: org.values,
        services: org.services,
        areas: org.areas,
      },
      services: org.services,
      areas: org.areas,
      tokens: candidateTokens(org.services, org.areas),
      partnerships: org.partnerships.map((p) => ({ ...p, source: p.source ? canonicalJson(p.source) : null })),
      private:
        priv && privateJson
          ? { id: org.id, json: privateJson, doNotPartnerWith: priv.doNotPartnerWith, redLines: priv.redLines, bidPlans: priv.bidPlans }
          : null,
    };
  });
}

/**
 * The terms of an organisation in the full-text candidate index (its CandidateEntry's `tokens`): one per service
 * and one per area. The candidate query asks for entries holding any requested service token and any requested
 * area token, so both sides build tokens here.
 */
export function candidateTokens(services: readonly string[], areas: readonly string[]): string[] {
  return [...services.map(serviceToken), ...areas.map(areaToken)];
}

/**
 * What the candidate query returns for each hit, one string property of the organisation's CandidateEntry:
 * `<id> <version> <service> <service> …`. One property read per hit instead of three (id, version, services) makes
 * the query measurably faster (docs/neo4j-store.md). Unambiguous: org
 * ids, CPV codes and decimal versions never contain a space (OrgId, CpvCode).
 */
export function candidateHit(id: string, version: number, services: readonly string[]): string {
  return [id, String(version), ...services].join(' ');
}

/**
 * The candidates among `hits` (candidateHit strings, as the candidate query returns them, repeats possible): one per
 * id, excluded ids dropped, ranked by the number of distinct requested `serviceCodes` provided (most first), then
 * id, cut at `limit`; with their versions. Hits are sorted as whole strings, which orders them by id because an id
 * is followed by a space, lower than any character of an id (OrgId); comparing the flat strings the driver decoded
 * is several times cheaper than comparing ids cut out of them, so ids are cut only from the hits kept.
 */
export function rankCandidateHits(
  hits: readonly string[],
  serviceCodes: ReadonlySet<string>,
  excludeIds: ReadonlySet<string>,
  limit: number,
): { ids: string[]; versions: number[] } {
  // CPV codes are 8 digits: compared as numbers, they need no substring per service (≈5,000 per request).
  const numeric = new Set<number>();
  for (const code of serviceCodes) if (/^\d{8}$/.test(code)) numeric.add(Number(code));
  const matched = new Uint16Array(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i];
    let count = 0;
    let from = hit.indexOf(' ', hit.indexOf(' ') + 1) + 1; // past "<id> <version> "
    while (from > 0 && from < hit.length) {
      let to = hit.indexOf(' ', from);
      if (to < 0) to = hit.length;
      const code = to - from === 8 ? eightDigits(hit, from) : -1;
      if (code >= 0 ? numeric.has(code) : serviceCodes.has(hit.slice(from, to))) count++;
      from = to + 1;
    }
    matched[i] = count;
  }
  const order = Array.from(hits.keys());
  order.sort((a, b) => matched[b] - matched[a] || (hits[a] < hits[b] ? -1 : hits[a] > hits[b] ? 1 : 0));
  const ids: string[] = [];
  const versions: number[] = [];
  let previous: string | undefined;
  for (let k = 0; k < order.length && ids.length < limit; k++) {
    const hit = hits[order[k]];
    if (hit === previous) continue; // the same entry found by two Lucene queries
    previous = hit;
    const idEnd = hit.indexOf(' ');
    const id = hit.slice(0, idEnd);
    if (excludeIds.has(id)) continue;
    const versionEnd = hit.indexOf(' ', idEnd + 1);
    ids.push(id);
    versions.push(Number(versionEnd < 0 ? hit.slice(idEnd + 1) : hit.slice(idEnd + 1, versionEnd)));
  }
  return { ids, versions };
}

/** The number written by the 8 characters of `s` from `at` when all are digits, else -1. */
function eightDigits(s: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export const serviceToken = (cpv: string): string => `service:${cpv}`;
export const areaToken = (gss: string): string => `area:${gss}`;

/**
 * A digest of a record's public and private JSON, stored as `version` on its :Organisation node and its candidate
 * entry. The candidate query returns it instead of the JSON, and the adapter's cache of decoded organisations
 * reuses an entry only when its version equals the one Neo4j just returned, so the cache can never serve a stale
 * record. 53 bits of SHA-256, so that it is a Neo4j INTEGER (stored inline and read much faster than a 16-character
 * string, which lives in the dynamic string store) and still an exact JavaScript number; a collision between two
 * versions of one organisation (2^-53 per rewrite) is not a practical concern.
 */
export function contentVersion(json: string, privateJson: string | null): number {
  const digest = createHash('sha256')
    .update(json)
    .update('\u0000')
    .update(privateJson ?? '')
    .digest();
  return digest.readUIntBE(0, 6) * 32 + (digest[6] >> 3);
}

export interface TenderRows {
  id: string;
  json: string;
  node: Record<string, unknown>;
  services: string[];
  areas: string[];
}

export function tenderRows(tenders: readonly Tender[]): TenderRows[] {
  const batch = [...new Map(tenders.map((t) => [t.id, normaliseTender(t)])).values()];
  return batch.map((tender) => {
    const json = canonicalJson(tender);
    return {
      id: tender.id,
      json,
      node: {
        id: tender.id,
        json,
        title: tender.title,
        valueGbp: tender.valueGbp ?? null,
        minimumTurnoverGbp: tender.minimumTurnoverGbp ?? null,
        submissionDeadline: tender.submissionDeadline ?? null,
        openToConsortia: tender.openToConsortia,
        reservedForMutuals: tender.reservedForMutuals,
        socialValueWeight: tender.socialValueWeight,
      },
      services: requiredCpvCodes(tender),
      areas: tender.deliveryAreas,
    };
  });
}

/**
 * A count, rank or size column. The client runs the driver with disableLosslessIntegers, so Cypher integers arrive
 * as JS numbers; a missing column (no row) counts 0.
 */
export function countOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Thrown when a stored node does not hold a valid record (written by something other than this adapter). */
export class CorruptRecordError extends Error {
  constructor(what: string, detail: string) {
    super(`neo4j-store: stored ${what} is not a valid record: ${detail}`);
    this.name = 'CorruptRecordError';
  }
}

/**
 * The organisation held by an (:Organisation) node's `json` and its (:OrganisationPrivate) node's `json`
 * (null when it has none). The stored text is the canonical JSON of a normalised record written by this adapter,
 * so it parses back equal to what the embedded store returns for the same input. It is checked for shape, not
 * re-validated field by field: a full zod parse of every candidate would cost most of a match request's latency
 * budget (docs/neo4j-store.md). Throws CorruptRecordError when the shape is wrong.
 */
export function organisationFromColumns(json: unknown, privateJson: unknown): Organisation {
  if (typeof json !== 'string') throw new CorruptRecordError('organisation', 'no json property');
  const record = JSON.parse(json) as Record<string, unknown>;
  const problem = organisationShapeProblem(record);
  if (problem) throw new CorruptRecordError(`organisation ${String(record?.id)}`, problem);
  if (typeof privateJson === 'string') {
    const priv = JSON.parse(privateJson) as Record<string, unknown>;
    if (!isObject(priv) || !Array.isArray(priv.doNotPartnerWith) || !Array.isArray(priv.redLines) || !Array.isArray(priv.bidPlans)) {
      throw new CorruptRecordError(`organisation ${String(record.id)}`, 'private fields malformed');
    }
    record.private = priv;
  }
  return record as unknown as Organisation;
}

function organisationShapeProblem(r: unknown): string | undefined {
  if (!isObject(r)) return 'not an object';
  for (const key of ['id', 'name', 'kind', 'legalForm', 'spareCapacity'] as const)
    if (typeof r[key] !== 'string') return `${key} is not a string`;
  for (const key of ['services', 'areas', 'values', 'partnerships'] as const) if (!Array.isArray(r[key])) return `${key} is not an array`;
  if (typeof r.openToPartnering !== 'boolean') return 'openToPartnering is not a boolean';
  if (!isObject(r.waysOfWorking)) return 'waysOfWorking is not an object';
  if ('private' in r) return 'private fields stored on the public node';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tender read back (single reads only, so it is worth a full schema validation). Throws CorruptRecordError. */
export function tenderFromColumn(json: unknown): Tender {
  if (typeof json !== 'string') throw new CorruptRecordError('tender', 'no json property');
  const parsed = Tender.safeParse(JSON.parse(json));
  if (!parsed.success) throw new CorruptRecordError('tender', parsed.error.message);
  return parsed.data;
}

/** One row of get-partnerships-around.cypher, its numbers already plain. */
export interface PartnershipRow {
  holderId: string;
  holderName: string | null;
  partnerId: string;
  partnerName: string | null;
  model: string;
  year: number;
  outcome: string;
  success: number;
  source: string | null;
}

/** Rows of get-partnerships-around.cypher → the neighbourhood, in the canonical order every store returns. */
export function neighbourhoodFromRows(rows: readonly PartnershipRow[]): PartnershipNeighbourhood {
  const names = new Map<string, string | undefined>();
  const records: PartnershipRecord[] = rows.map((row) => {
    for (const [id, name] of [
      [row.holderId, row.holderName],
      [row.partnerId, row.partnerName],
    ] as const)
      if (!names.has(id) || name !== null) names.set(id, name ?? undefined);
    const record: PartnershipRecord = {
      holderId: row.holderId,
      partnerId: row.partnerId,
      model: row.model as PartnershipRecord['model'],
      year: row.year,
      outcome: row.outcome as PartnershipRecord['outcome'],
      success: row.success,
    };
    if (row.source !== null) record.source = Source.parse(JSON.parse(row.source));
    return record;
  });
  return {
    nodes: [...names]
      .map(([id, name]) => (name === undefined ? { id } : { id, name }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    records: records.sort(compareRecords),
  };
}
