/**
 * Pure mapping between domain records and the plain parameter rows / result columns of cypher/ queries.
 * No driver import: Neo4j values reach this module already as JSON strings, strings, numbers and booleans
 * (the driver runs with disableLosslessIntegers), and leave it as validated domain objects.
 *
 * Each node keeps `json`, the canonical JSON of its normalised record (public part on :Organisation, private
 * part on :OrganisationPrivate), so reads return exactly what was written and "unchanged" is a string equality.
 * The scalar properties next to it exist for Cypher to filter and rank on; they are never read back.
 */
import { canonicalJson } from '../../shared/canonical-json.ts';
import { normaliseOrganisation } from '../../organisations/normalise.ts';
import { Organisation } from '../../organisations/schema.ts';
import { normaliseTender } from '../../tenders/normalise.ts';
import { Tender, requiredCpvCodes } from '../../tenders/schema.ts';

export type UpsertStatus = 'created' | 'updated' | 'unchanged';

export interface OrganisationRows {
  id: string;
  /** canonical JSON of the public record; compared by classify-organisations */
  json: string;
  /** canonical JSON of the private fields, or null when the record has none */
  privateJson: string | null;
  node: Record<string, unknown>;
  services: string[];
  areas: string[];
  partnerships: Organisation['partnerships'];
  private: Record<string, unknown> | null;
}

/** Normalises a batch the way the embedded store does (last record per id wins) and builds its query rows. */
export function organisationRows(orgs: readonly Organisation[]): OrganisationRows[] {
  const batch = [...new Map(orgs.map((o) => [o.id, normaliseOrganisation(o)])).values()];
  return batch.map((org) => {
    const { private: priv, ...pub } = org;
    const json = canonicalJson(pub);
    const privateJson = priv ? canonicalJson(priv) : null;
    return {
      id: org.id,
      json,
      privateJson,
      node: {
        id: org.id,
        json,
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
      },
      services: org.services,
      areas: org.areas,
      partnerships: org.partnerships,
      private: priv && privateJson
        ? { id: org.id, json: privateJson, doNotPartnerWith: priv.doNotPartnerWith, redLines: priv.redLines, bidPlans: priv.bidPlans }
        : null,
    };
  });
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

/** Thrown when a stored node does not hold a valid record (written by something other than this adapter). */
export class CorruptRecordError extends Error {
  constructor(what: string, detail: string) {
    super(`neo4j-store: stored ${what} is not a valid record: ${detail}`);
    this.name = 'CorruptRecordError';
  }
}

/**
 * The organisation held by an (:Organisation) node's `json` and its (:OrganisationPrivate) node's `json`
 * (null when it has none). Validated with the domain schema; the stored form is canonical already, so the
 * result equals what the embedded store returns for the same input.
 */
export function organisationFromColumns(json: unknown, privateJson: unknown): Organisation {
  if (typeof json !== 'string') throw new CorruptRecordError('organisation', 'no json property');
  const record = JSON.parse(json) as Record<string, unknown>;
  if (typeof privateJson === 'string') record.private = JSON.parse(privateJson);
  const parsed = Organisation.safeParse(record);
  if (!parsed.success) throw new CorruptRecordError(`organisation ${String(record.id)}`, parsed.error.message);
  return parsed.data;
}

export function tenderFromColumn(json: unknown): Tender {
  if (typeof json !== 'string') throw new CorruptRecordError('tender', 'no json property');
  const parsed = Tender.safeParse(JSON.parse(json));
  if (!parsed.success) throw new CorruptRecordError('tender', parsed.error.message);
  return parsed.data;
}
