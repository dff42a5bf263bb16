/**
 * Places by evidence, not by claim (docs/evidence.md). An organisation's presence in a local authority is one of
 *
 *   based      its baseArea is, or contains, the authority              strength `based` × evidence
 *   authority  an authority-level area (LAD or upper tier) it works in  strength `authority` × evidence
 *   wide       only a combined authority, region, nation or the UK      strength `wideClaim` × plausibility × evidence
 *
 * where evidence weighs the fact's source (register > declared > inferred > synthetic, MATCH_DEFAULTS.evidence) and
 * plausibility is how many authorities the organisation can plausibly serve for its size (`plausibleReach`) over
 * how many its wide claims hold together (nine regions are 296 authorities, not nine times 30), at most 1: a
 * 5-staff, £300k charity listing nine regions is present nowhere in particular; a £40m provider's regional claim
 * counts for something, never as much as being there.
 *
 * An organisation's presence in an authority is the strongest of its areas containing it. Scoring needs sums of
 * that over sets of authorities (the tender's, the seeker's gaps) thousands of times per request, so each area
 * becomes a term with an *increment*: its strength minus the strongest of the organisation's areas containing it
 * (at least 0). Areas nest (LAD ⊂ county ⊂ combined authority ⊂ region ⊂ nation), so the increments along any chain
 * add up to the strongest strength on it, and Σ increment × (authorities of the set inside the area) is the exact
 * sum of presences over the set — one map look-up per area, as areas.ts counts coverage.
 */
import { areaSource, citeSource, sourceOf, type Source } from '../organisations/provenance.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { AreaCounts } from './areas.ts';
import { selfAndContainers } from './areas.ts';
import { gbp, listOf } from './format.ts';
import { MATCH_DEFAULTS } from './settings.ts';

export type PlaceBasis = 'based' | 'authority' | 'wide';

export interface PlaceTerm {
  /** a current GSS code */
  code: string;
  basis: PlaceBasis;
  source: Source;
  /** presence in each authority of the area, 0–1 */
  strength: number;
  /** strength minus the strongest of the organisation's areas containing this one, at least 0 */
  increment: number;
  /** authorities the area holds */
  size: number;
}

type Settings = Pick<typeof MATCH_DEFAULTS, 'evidence' | 'places'>;

/** How many local authorities the organisation can plausibly serve, from its staff and turnover. */
export function plausibleReach(org: Pick<Organisation, 'staff' | 'annualTurnoverGbp'>, settings: Settings = MATCH_DEFAULTS): number {
  const { staffPerAuthority, turnoverPerAuthorityGbp, minReach } = settings.places;
  return Math.max(minReach, (org.staff ?? 0) / staffPerAuthority, (org.annualTurnoverGbp ?? 0) / turnoverPerAuthorityGbp);
}

export function isAuthorityLevel(code: string, ref: Reference): boolean {
  const level = ref.geography.get(code)?.level;
  return level === 'lad' || level === 'utla';
}

/** The organisation's areas as terms, outermost first. */
export function placeTermsOf(org: Organisation, ref: Reference, settings: Settings = MATCH_DEFAULTS): PlaceTerm[] {
  const { geography } = ref;
  const reach = plausibleReach(org, settings);
  const base = org.baseArea ? (geography.canonical(org.baseArea) ?? org.baseArea) : undefined;
  const claimed = claimedAuthorities(org, ref, base);
  const byCode = new Map<string, PlaceTerm>();
  for (const declared of org.areas) {
    const code = geography.canonical(declared) ?? declared;
    const size = Math.max(1, geography.lads(code).length);
    let term: PlaceTerm;
    if (code === base) {
      const source = sourceOf(org.provenance, 'baseArea');
      term = { code, basis: 'based', source, strength: settings.places.based * settings.evidence[source.kind], increment: 0, size };
    } else {
      const source = areaSource(org.provenance, declared);
      const evidence = settings.evidence[source.kind];
      term = isAuthorityLevel(code, ref)
        ? { code, basis: 'authority', source, strength: settings.places.authority * evidence, increment: 0, size }
        : {
            code,
            basis: 'wide',
            source,
            strength: settings.places.wideClaim * Math.min(1, reach / claimed) * evidence,
            increment: 0,
            size,
          };
    }
    const seen = byCode.get(code);
    if (!seen || term.strength > seen.strength) byCode.set(code, term);
  }
  const terms = [...byCode.values()];
  for (const term of terms) {
    let above = 0;
    for (const c of selfAndContainers(term.code, ref)) {
      const container = c === term.code ? undefined : byCode.get(c);
      if (container && container.strength > above) above = container.strength;
    }
    term.increment = Math.max(0, term.strength - above);
  }
  return terms.filter((t) => t.increment > 0).sort((a, b) => b.size - a.size || (a.code < b.code ? -1 : 1));
}

/** How many authorities the organisation's wide claims hold together (outermost claims only), at least 1. */
function claimedAuthorities(org: Organisation, ref: Reference, base: string | undefined): number {
  const wide = new Set<string>();
  for (const declared of org.areas) {
    const code = ref.geography.canonical(declared) ?? declared;
    if (code !== base && !isAuthorityLevel(code, ref)) wide.add(code);
  }
  let total = 0;
  for (const code of wide)
    if (!selfAndContainers(code, ref).some((c) => c !== code && wide.has(c))) total += ref.geography.lads(code).length;
  return Math.max(1, total);
}

/** Σ over the counted authorities of the organisation's presence in each (see the header). */
export function presenceSum(codes: readonly string[], increments: Float64Array, counts: AreaCounts): number {
  let sum = 0;
  for (let i = 0; i < codes.length; i++) {
    const n = counts.get(codes[i]);
    if (n !== undefined) sum += increments[i] * n;
  }
  return sum;
}

/** The strongest presence among areas holding any counted authority (0 when none does). */
export function strongestPresence(codes: readonly string[], strengths: Float64Array, counts: AreaCounts): number {
  let best = 0;
  for (let i = 0; i < codes.length; i++) if (strengths[i] > best && counts.has(codes[i])) best = strengths[i];
  return best;
}

/** The organisation's presence in one authority and the term it comes from. */
export function presenceIn(terms: readonly PlaceTerm[], lad: string, ref: Reference): { strength: number; term?: PlaceTerm } {
  const containers = selfAndContainers(lad, ref);
  let best: { strength: number; term?: PlaceTerm } = { strength: 0 };
  for (const term of terms) if (term.strength > best.strength && containers.includes(term.code)) best = { strength: term.strength, term };
  return best;
}

/**
 * The organisation's presence in one authority where it is based or works at authority level, never through a wide
 * claim (a region, a nation, the UK): the market view's "credibly there", and consortium cells when the caller asks
 * for local presence only. A national charity's South West claim gives nothing in the Isles of Scilly here.
 */
export function localPresenceIn(terms: readonly PlaceTerm[], lad: string, ref: Reference): { strength: number; term?: PlaceTerm } {
  const containers = selfAndContainers(lad, ref);
  let best: { strength: number; term?: PlaceTerm } = { strength: 0 };
  for (const term of terms)
    if (term.basis !== 'wide' && term.strength > best.strength && containers.includes(term.code)) best = { strength: term.strength, term };
  return best;
}

/** The authorities among `lads` where the organisation's presence is at least `min`, grouped by the term giving it. */
export function presenceByTerm(
  terms: readonly PlaceTerm[],
  lads: Iterable<string>,
  ref: Reference,
  min: number,
): { term: PlaceTerm; lads: string[] }[] {
  const groups = new Map<PlaceTerm, string[]>();
  for (const lad of lads) {
    const { strength, term } = presenceIn(terms, lad, ref);
    if (term && strength >= min) groups.set(term, [...(groups.get(term) ?? []), lad]);
  }
  return [...groups].map(([term, group]) => ({ term, lads: group })).sort((a, b) => b.term.strength - a.term.strength);
}

/**
 * How a reason names a presence: "based in Bradford", "works in Trafford (Charity Commission area of operation,
 * 2021)", "says it works in Leeds (authority level)", "says it works across Yorkshire and The Humber". `names` is
 * the place as the sentence wants it; a synthetic fact is not cited here but marks the sentence (see demoNote).
 */
export function describePresence(term: PlaceTerm, names: string): string {
  const cite =
    term.source.kind === 'register' || term.source.kind === 'inferred' ? ` (${citeSource(term.source, 'area of operation')})` : '';
  switch (term.basis) {
    case 'based':
      return `based in ${names}${term.source.kind === 'register' ? ` (${citeSource(term.source)})` : ''}`;
    case 'authority':
      return term.source.kind === 'register' ? `works in ${names}${cite}` : `says it works in ${names} (authority level)${cite}`;
    case 'wide':
      return `says it works across ${names}`;
  }
}

/** " (demo data)" when a sentence leans on a synthetic fact: every such sentence ends so. */
export function demoNote(sources: readonly Source[]): string {
  return sources.some((s) => s.kind === 'synthetic') ? ' (demo data)' : '';
}

/** "1 staff and £68k turnover", for saying why a wide claim is implausible. */
export function sizeWords(org: Pick<Organisation, 'staff' | 'annualTurnoverGbp'>): string {
  const parts: string[] = [];
  if (org.staff !== undefined) parts.push(`${org.staff.toLocaleString('en-GB')} staff`);
  if (org.annualTurnoverGbp !== undefined) parts.push(`${gbp(org.annualTurnoverGbp)} turnover`);
  return parts.length > 0 ? listOf(parts) : 'no size on record';
}
