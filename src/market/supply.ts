/**
 * Who could deliver each (service × local authority) cell of a tender, and on what evidence. Pure.
 *
 * A provider credibly covers a cell when it delivers the service — the code itself, something within a division-
 * or group-level requirement, or partly through a broader code at class level or below (coverage() in
 * src/matching/profile.ts, the CPV rules matching and consortia use) — and is present in the authority where it is
 * based or works at authority level (localPresenceIn in src/matching/places.ts, weighed by evidence as matching
 * weighs it). A wide claim (a region, a nation, the UK) never makes a cell covered: it is counted and listed apart
 * as a "wider claim", with its plausibility for the organisation's size. So a national charity's South West claim
 * leaves the Isles of Scilly uncovered, as it should. The presence per authority is exactly localPresenceIn (and, for
 * wider claims, presenceIn) of places.ts, computed for all the grid's authorities at once.
 */
import { selfAndContainers } from '../matching/areas.ts';
import { MATCH_DEFAULTS } from '../matching/settings.ts';
import { demoNote, describePresence, type PlaceTerm } from '../matching/places.ts';
import { coverage, coverageShare, profileOf, type OrgProfile, type ServiceCover } from '../matching/profile.ts';
import { citeSource, serviceSource } from '../organisations/provenance.ts';
import type { Organisation, OrganisationKind } from '../organisations/schema.ts';
import { sizeBand, type SizeBand } from '../organisations/size-band.ts';
import { isVcse } from '../organisations/vcse.ts';
import type { Reference } from '../reference/types.ts';
import { listOf } from '../matching/format.ts';

const NO_COVER: ServiceCover = Object.freeze({ share: 0 });

/** The cells of a market: services × local authorities (one area-less cell per service when the tender names none). */
export interface MarketGrid {
  services: readonly string[];
  /** local authorities (LAD codes), sorted; empty when the tender names no area */
  lads: readonly string[];
}

export interface Provider {
  index: number;
  org: Organisation;
  profile: OrgProfile;
  kind: OrganisationKind;
  sizeBand: SizeBand;
  vcse: boolean;
  mutual: boolean;
  /** per service of the grid: how far it delivers it */
  services: ServiceCover[];
  /** per authority of the grid: local presence (based or authority level), 0–1 */
  localStrength: Float64Array;
  /** per authority: the term giving that presence */
  localTerm: (PlaceTerm | undefined)[];
  /** per authority: the wide claim reaching it when it is not present locally (undefined otherwise) */
  wideTerm: (PlaceTerm | undefined)[];
  /** cells credibly covered, by cell index (service × lads.length + area) */
  cells: number[];
  /** the same, as a set */
  cellSet: ReadonlySet<number>;
  /** cells reached by a wider claim only */
  wideCells: number[];
}

export interface Supply {
  grid: MarketGrid;
  providers: Provider[];
  /** per cell: providers credibly there (indexes), and those there only by a wide claim */
  local: number[][];
  wide: number[][];
}

export function cellCount(grid: MarketGrid): number {
  return grid.services.length * Math.max(1, grid.lads.length);
}

export function cellOf(grid: MarketGrid, service: number, area: number): number {
  return service * Math.max(1, grid.lads.length) + Math.max(0, area);
}

export function cellParts(grid: MarketGrid, cell: number): { service: number; area: number } {
  const width = Math.max(1, grid.lads.length);
  return { service: Math.floor(cell / width), area: grid.lads.length === 0 ? -1 : cell % width };
}

/** "85312400 Welfare services not delivered through residential institutions in Isles of Scilly" */
export function cellName(grid: MarketGrid, cell: number, ref: Reference): string {
  const { service, area } = cellParts(grid, cell);
  const what = ref.cpv.describe(grid.services[service]);
  return area < 0 ? what : `${what} in ${ref.geography.name(grid.lads[area])}`;
}

/**
 * Each organisation's cover of the grid. Organisations that deliver none of the services, or are nowhere near the
 * grid's authorities (neither locally nor by a wide claim), are left out.
 */
export function supplyOf(ref: Reference, grid: MarketGrid, orgs: readonly Organisation[]): Supply {
  const n = cellCount(grid);
  const local: number[][] = Array.from({ length: n }, () => []);
  const wide: number[][] = Array.from({ length: n }, () => []);
  const providers: Provider[] = [];
  const { present } = MATCH_DEFAULTS.places;
  const under = authoritiesUnder(grid, ref);
  const width = grid.lads.length;
  // scratch, reused for every organisation: per authority, the strongest local term and the strongest term of all
  const localS = new Float64Array(width);
  const anyS = new Float64Array(width);
  const localT: (PlaceTerm | undefined)[] = new Array<PlaceTerm | undefined>(width);
  const anyT: (PlaceTerm | undefined)[] = new Array<PlaceTerm | undefined>(width);
  const serviceCount = grid.services.length;
  for (const org of orgs) {
    const profile = profileOf(org, ref);
    const services = new Array<ServiceCover>(serviceCount);
    let delivers = false;
    for (let si = 0; si < serviceCount; si++) {
      // the share alone first (allocates nothing); the code it comes through only when there is one
      const share = coverageShare(profile, grid.services[si], ref);
      services[si] = share > 0 ? coverage(profile, grid.services[si], ref) : NO_COVER;
      if (share > 0) delivers = true;
    }
    if (!delivers) continue;
    // Each of the organisation's place terms (places.ts) updates the authorities of the grid it contains: the strongest
    // local term (based, authority level) and the strongest of all per authority — localPresenceIn and presenceIn
    // without a containment walk per authority.
    localS.fill(0);
    anyS.fill(0);
    localT.fill(undefined);
    anyT.fill(undefined);
    for (const term of profile.places) {
      const lads = under.get(term.code);
      if (lads === undefined) continue;
      for (const a of lads) {
        if (term.strength > anyS[a]) [anyS[a], anyT[a]] = [term.strength, term];
        if (term.basis !== 'wide' && term.strength > localS[a]) [localS[a], localT[a]] = [term.strength, term];
      }
    }
    const cells: number[] = [];
    const wideCells: number[] = [];
    for (let si = 0; si < serviceCount; si++) {
      if (services[si].share === 0) continue;
      if (width === 0) cells.push(si);
      for (let a = 0; a < width; a++) {
        if (localS[a] >= present) cells.push(si * width + a);
        else if (anyT[a]?.basis === 'wide') wideCells.push(si * width + a);
      }
    }
    if (cells.length === 0 && wideCells.length === 0) continue;
    const index = providers.length;
    for (const c of cells) local[c].push(index);
    for (const c of wideCells) wide[c].push(index);
    providers.push({
      index,
      org,
      profile,
      kind: org.kind,
      sizeBand: sizeBand(org),
      vcse: isVcse(org),
      mutual: org.kind === 'public_service_mutual',
      services,
      localStrength: Float64Array.from(localS),
      localTerm: [...localT],
      wideTerm: anyT.map((t, a) => (localS[a] < present && t?.basis === 'wide' ? t : undefined)),
      cells,
      cellSet: new Set(cells),
      wideCells,
    });
  }
  return { grid, providers, local, wide };
}

/** For every code containing an authority of the grid (the authority, its county, region, nation, …): which ones, by index. */
function authoritiesUnder(grid: MarketGrid, ref: Reference): Map<string, number[]> {
  const under = new Map<string, number[]>();
  grid.lads.forEach((lad, a) => {
    for (const code of selfAndContainers(lad, ref)) under.set(code, [...(under.get(code) ?? []), a]);
  });
  return under;
}

/**
 * The evidence behind a provider's place in the market, in sentences: each service it delivers and why it counts
 * ("lists 85312400 …, CQC, 2024"; "partly, through the broader 85312000 it lists (declared by the organisation)"),
 * and where it is ("based in Trafford", "works in Oldham (CQC, 2024)", "says it works across South West — a wider
 * claim, not counted as presence").
 */
export function evidenceOf(p: Provider, grid: MarketGrid, ref: Reference): string[] {
  const out: string[] = [];
  p.services.forEach((s, i) => {
    if (s.share === 0 || s.via === undefined) return;
    const code = grid.services[i];
    const source = serviceSource(p.org.provenance, s.via);
    const cite = citeSource(source);
    if (s.via === code) out.push(`Delivers ${ref.cpv.describe(code)} (${cite})`);
    else if (ref.cpv.isWithin(s.via, code)) out.push(`Delivers ${ref.cpv.describe(s.via)}, within ${ref.cpv.describe(code)} (${cite})`);
    else out.push(`Partly delivers ${ref.cpv.describe(code)}, through the broader ${ref.cpv.describe(s.via)} it lists (${cite})`);
  });
  const byTerm = new Map<PlaceTerm, string[]>();
  const wideByTerm = new Map<PlaceTerm, string[]>();
  grid.lads.forEach((lad, a) => {
    const term = p.localTerm[a];
    if (term && p.localStrength[a] >= MATCH_DEFAULTS.places.present) byTerm.set(term, [...(byTerm.get(term) ?? []), lad]);
    else {
      const wide = p.wideTerm[a];
      if (wide) wideByTerm.set(wide, [...(wideByTerm.get(wide) ?? []), lad]);
    }
  });
  for (const [term, lads] of byTerm) {
    const names = listOf(
      lads.map((lad) => ref.geography.name(lad)),
      4,
    );
    const place = term.basis === 'based' && !lads.includes(term.code) ? `${names} (in ${ref.geography.name(term.code)})` : names;
    out.push(`${capitalise(describePresence(term, place))}${demoNote([term.source])}`);
  }
  for (const [term, lads] of wideByTerm)
    out.push(
      `Says it works across ${ref.geography.name(term.code)}, which holds ${listOf(
        lads.map((lad) => ref.geography.name(lad)),
        3,
      )}: a wider claim (${citeSource(term.source)}), not counted as working there${demoNote([term.source])}`,
    );
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every area code an organisation may list to be found by a store query for the grid: the authorities and their containers. */
export function areaCodesFor(grid: MarketGrid, ref: Reference): string[] | undefined {
  if (grid.lads.length === 0) return undefined;
  const out = new Set<string>();
  for (const lad of grid.lads) for (const code of selfAndContainers(lad, ref)) out.add(code);
  return [...out].sort();
}
