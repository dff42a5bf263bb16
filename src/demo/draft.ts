/**
 * An organisation while the demo data is being built: every public field, plus its home place and sector
 * mask for the partnership engine. `finalise` turns drafts and edges into schema-shaped Organisations.
 */
import type {
  LegalForm,
  OrgValue,
  Organisation,
  OrganisationKind,
  OrganisationPrivate,
  Partnership,
  SpareCapacity,
  WaysOfWorking,
} from '../organisations/schema.ts';
import type { ScalarFact, Source } from '../organisations/provenance.ts';
import { KIND_INDEX, createNodeTable, type Edge, type NodeTable } from './partnerships.ts';

/**
 * Where a draft's facts come from when they are not made up: a register, or a rule over real data. A fact the
 * draft holds without an entry here is synthetic (./provenance.ts).
 */
export interface DraftSources {
  facts: Partial<Record<ScalarFact, Source>>;
  services: Record<string, Source>;
  areas: Record<string, Source>;
}

export interface OrgDraft {
  id: string;
  name: string;
  kind: OrganisationKind;
  legalForm: LegalForm;
  staff?: number;
  annualTurnoverGbp?: number;
  foundedYear?: number;
  services: string[];
  areas: string[];
  values: OrgValue[];
  waysOfWorking: WaysOfWorking;
  openToPartnering: boolean;
  spareCapacity: SpareCapacity;
  largestContractShare?: number;
  /** where it is based, when a source says so (or the draft is wholly synthetic) */
  baseArea?: string;
  private?: OrganisationPrivate;
  /** the real and inferred facts' sources; everything else is synthetic */
  sources?: DraftSources;
  /** PlaceIndex position of the home authority */
  place: number;
  /** services.sectorBit mask */
  sectors: number;
  /** partnerships set by hand (case studies): the engine adds none */
  fixed?: boolean;
}

export function nodeTableOf(drafts: readonly OrgDraft[]): NodeTable {
  const table = createNodeTable(drafts.length);
  drafts.forEach((d, i) => {
    table.kind[i] = KIND_INDEX[d.kind];
    table.place[i] = d.place;
    table.sectors[i] = d.sectors;
    table.turnover[i] = d.annualTurnoverGbp ?? 0;
    table.foundedYear[i] = d.foundedYear ?? 2000;
    table.fixed[i] = d.fixed ? 1 : 0;
  });
  return table;
}

/** The partnerships node `i` records, sorted by year then partner id. */
export function partnershipsOf(i: number, incident: readonly Edge[], idOf: (j: number) => string): Partnership[] {
  return incident
    .map((e) => ({
      partnerId: idOf(e.a === i ? e.b : e.a),
      model: e.model,
      year: e.year,
      outcome: e.outcome,
      success: e.success,
    }))
    .sort((x, y) => x.year - y.year || (x.partnerId < y.partnerId ? -1 : x.partnerId > y.partnerId ? 1 : 0));
}

/** The schema-shaped organisation (all defaults present, optional fields only when known). */
export function toOrganisation(d: OrgDraft, partnerships: Partnership[], privateFields?: OrganisationPrivate): Organisation {
  const org: Organisation = {
    id: d.id,
    name: d.name,
    kind: d.kind,
    legalForm: d.legalForm,
    services: d.services,
    areas: d.areas,
    values: d.values,
    waysOfWorking: d.waysOfWorking,
    openToPartnering: d.openToPartnering,
    spareCapacity: d.spareCapacity,
    partnerships,
  };
  if (d.staff !== undefined) org.staff = d.staff;
  if (d.annualTurnoverGbp !== undefined) org.annualTurnoverGbp = d.annualTurnoverGbp;
  if (d.foundedYear !== undefined) org.foundedYear = d.foundedYear;
  if (d.largestContractShare !== undefined) org.largestContractShare = d.largestContractShare;
  if (d.baseArea !== undefined) org.baseArea = d.baseArea;
  const priv = mergePrivate(d.private, privateFields);
  if (priv) org.private = priv;
  return org;
}

function mergePrivate(a?: OrganisationPrivate, b?: OrganisationPrivate): OrganisationPrivate | undefined {
  if (!a && !b) return undefined;
  const uniq = (xs: string[]) => [...new Set(xs)];
  return {
    doNotPartnerWith: uniq([...(a?.doNotPartnerWith ?? []), ...(b?.doNotPartnerWith ?? [])]),
    redLines: uniq([...(a?.redLines ?? []), ...(b?.redLines ?? [])]),
    bidPlans: uniq([...(a?.bidPlans ?? []), ...(b?.bidPlans ?? [])]),
  };
}
