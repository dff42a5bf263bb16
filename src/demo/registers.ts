/**
 * Organisations from the real register samples (data/registers) as demo drafts: the Greater Manchester set —
 * Trafford's charities with their Charity Commission area of operation, Oldham's CQC locations (all registered
 * providers), Trafford's care homes — and the national head of CQC's adult social care locations. They are read
 * by the same importers as `consortia import orgs` (src/organisations/import), so every fact the registers give
 * keeps its register source, and every service a rule derives keeps its rule.
 *
 * What no register gives is drawn, as for the other demo organisations, and marked synthetic (./provenance.ts):
 * size when the register has none, founding year, values, ways of working, spare capacity, openness, the
 * largest-contract share, partnerships and private fields. Services and areas are never drawn for them: a real
 * charity is not made to deliver a service or work in a place no source says it does. An organisation with no
 * place in England's authorities is left out.
 */
import { DECLARED, type ScalarFact, type Source } from '../organisations/provenance.ts';
import type { OrgFacts } from '../organisations/import/index.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import {
  drawFoundedYear,
  drawLargestContractShare,
  drawOpenToPartnering,
  drawSize,
  drawSpareCapacity,
  drawValues,
  drawWaysOfWorking,
  staffFor,
} from './attributes.ts';
import type { DraftSources, OrgDraft } from './draft.ts';
import type { PlaceIndex } from './places.ts';
import { Rng } from './prng.ts';
import { sectorBit } from './services.ts';

const TAKEN = ['kind', 'legalForm', 'staff', 'annualTurnoverGbp', 'foundedYear', 'baseArea'] as const satisfies readonly ScalarFact[];

export function draftFromRegister(org: Organisation, places: PlaceIndex, ref: Reference, seed: number): OrgDraft | undefined {
  const home = [org.baseArea, ...org.areas].find((code) => code !== undefined && places.indexOf.has(code));
  if (home === undefined) return undefined;
  const rng = Rng.derive(seed, 'register', org.id);
  const facts: Partial<Record<ScalarFact, Source>> = {};
  // the facts taken from the register record; the others below are drawn
  for (const fact of TAKEN) if (org[fact] !== undefined) facts[fact] = org.provenance?.[fact] ?? DECLARED;
  const sources: DraftSources = {
    facts,
    services: Object.fromEntries(org.services.map((code) => [code, org.provenance?.services?.[code] ?? DECLARED])),
    areas: Object.fromEntries(org.areas.map((code) => [code, org.provenance?.areas?.[code] ?? DECLARED])),
  };
  // drawn where the registers are silent: these facts get no entry in `sources`, so they read as synthetic
  let turnover = org.annualTurnoverGbp;
  let staff = org.staff;
  if (turnover === undefined) {
    const drawn = drawSize(rng, org.kind);
    turnover = drawn.turnover;
    staff ??= drawn.staff;
  }
  staff ??= staffFor(rng, org.kind, turnover);
  return {
    id: org.id,
    name: org.name,
    kind: org.kind,
    legalForm: org.legalForm,
    staff,
    annualTurnoverGbp: turnover,
    foundedYear: org.foundedYear ?? drawFoundedYear(rng, org.kind),
    services: [...org.services],
    areas: [...org.areas],
    ...(org.baseArea !== undefined ? { baseArea: org.baseArea } : {}),
    values: drawValues(rng, org.kind, org.legalForm),
    waysOfWorking: drawWaysOfWorking(rng, org.kind, staff),
    openToPartnering: drawOpenToPartnering(rng, org.kind),
    spareCapacity: drawSpareCapacity(rng),
    largestContractShare: drawLargestContractShare(rng, org.kind),
    place: places.indexOf.get(home)!,
    sectors: org.services.reduce((mask, code) => mask | sectorBit(ref.cpv.sectorOf(code)), 0),
    sources,
  };
}

/** True when every fact, service and area of `facts` came from one of `files` (records name their file first). */
export function onlyFrom(facts: OrgFacts, files: readonly string[]): boolean {
  const froms = [
    ...Object.values(facts.facts).map((f) => f.from),
    ...[...facts.services.values(), ...facts.areas.values(), ...facts.approximateAreas.values()].map((f) => f.from),
  ];
  return froms.every((from) => files.some((file) => from.startsWith(`${file} `)));
}

/**
 * A register organisation that is also in the national sample (an NHS trust CQC registers, a charity with a
 * grant): the register's services and areas are added to the draft with their sources, and the register's
 * facts replace drawn ones.
 */
export function mergeRegisterFacts(draft: OrgDraft, org: Organisation): void {
  const sources = (draft.sources ??= { facts: {}, services: {}, areas: {} });
  for (const code of org.services) {
    if (!draft.services.includes(code)) draft.services.push(code);
    sources.services[code] = org.provenance?.services?.[code] ?? DECLARED;
  }
  for (const code of org.areas) {
    if (!draft.areas.includes(code)) draft.areas.push(code);
    sources.areas[code] = org.provenance?.areas?.[code] ?? DECLARED;
  }
  if (org.baseArea !== undefined && draft.baseArea === undefined) {
    draft.baseArea = org.baseArea;
    sources.facts.baseArea = org.provenance?.baseArea ?? DECLARED;
  }
  for (const fact of ['staff', 'annualTurnoverGbp'] as const) {
    const source = org.provenance?.[fact];
    if (org[fact] !== undefined && source?.kind === 'register') {
      draft[fact] = org[fact];
      sources.facts[fact] = source;
    }
  }
}
