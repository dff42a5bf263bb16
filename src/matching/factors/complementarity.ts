/**
 * Complementarity: does the candidate fill the seeker's service gaps? With a tender, the gaps are the
 * required CPV codes the seeker does not fully cover (coverage() in profile.ts: the code itself, or partly through
 * a broader code; a narrower code does not cover its parent). The score is what the candidate fills of what is
 * missing, Σ min(need, its cover × evidence) ÷ Σ need, where evidence weighs the source of its code (a register
 * above a declaration, MATCH_DEFAULTS.evidence), times how far it can deliver in the tender area (deliversThere):
 * a partner that lists the services but is not credibly there does not fill the gap there. Without a tender
 * (general fit), it is the candidate's services in the seeker's sectors, or in sectors commissioners now
 * integrate with them, that the seeker lacks.
 */
import { citeSource } from '../../organisations/provenance.ts';
import type { Reference, Sector } from '../../reference/types.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import { coverage, coverageShare, covers, serviceEvidence } from '../profile.ts';
import { strongestPresence } from '../places.ts';
import { MATCH_DEFAULTS } from '../settings.ts';
import type { Factor, Reasons } from './types.ts';

/** Sectors that tenders increasingly bundle together (health + social care + housing, CYP + education). */
const INTEGRATES_WITH: Record<Sector, readonly Sector[]> = {
  health: ['social_care', 'other'],
  social_care: ['health', 'other', 'children_young_people'],
  children_young_people: ['education', 'social_care', 'health'],
  education: ['children_young_people', 'culture_leisure'],
  culture_leisure: ['education', 'health'],
  other: ['social_care', 'health'],
};

/** How many new services make a general-fit partner fully complementary. */
const GENERAL_SATURATION = 3;
const SHOWN = 2;
/** A candidate offering services the seeker already covers in full: spare capacity, not complementarity. */
const SPARE_CAPACITY = 0.3;
const DECLARED = MATCH_DEFAULTS.evidence.declared;
/** A declared authority-level presence: full credit for delivering there. */
const LOCAL = MATCH_DEFAULTS.places.authority * DECLARED;
/** The service credit kept by a candidate with no credible presence in or next to the tender area. */
const UNPLACED = 0;

function score(ctx: MatchContext, candidate: OrgProfile): number {
  const { ref, serviceGaps, serviceNeeds } = ctx;
  if (!ctx.tender) return generalScore(ctx, candidate);
  if (serviceGaps.length === 0) {
    // Nothing to fill: the match notes say so once; a candidate offering the same services is spare capacity.
    for (let i = 0; i < ctx.required.length; i++) if (covers(candidate, ctx.required[i], ref)) return SPARE_CAPACITY;
    return 0;
  }
  let filled = 0;
  for (let i = 0; i < serviceGaps.length; i++) {
    const share = coverageShare(candidate, serviceGaps[i], ref);
    if (share > 0) filled += Math.min(serviceNeeds[i], share * evidenceOf(candidate, serviceGaps[i], ref));
  }
  return filled === 0 ? 0 : (filled / ctx.needTotal) * deliversThere(ctx, candidate);
}

/**
 * General fit depends on the seeker and the candidate's codes only: whether a code adds a service is decided once per
 * code in a context and then looked up (issue 18: most of a refresh list's complementarity time went on sector and
 * coverage look-ups repeated for the same few hundred codes across its candidates).
 */
const addsByContext = new WeakMap<MatchContext, Map<string, boolean>>();

function generalScore(ctx: MatchContext, candidate: OrgProfile): number {
  let addsByCode = addsByContext.get(ctx);
  if (!addsByCode) addsByContext.set(ctx, (addsByCode = new Map<string, boolean>()));
  let adds = 0;
  for (const code of candidate.services) {
    let add = addsByCode.get(code);
    if (add === undefined) addsByCode.set(code, (add = addsService(ctx, code)));
    if (add) adds++;
  }
  return Math.min(1, adds / GENERAL_SATURATION);
}

/** Is `code` a service in or next to the seeker's sectors that the seeker lacks? */
function addsService(ctx: MatchContext, code: string): boolean {
  return wantedSectors(ctx).has(ctx.ref.cpv.sectorOf(code)) && !covers(ctx.seeker, code, ctx.ref);
}

/**
 * A service gap is filled only where the partner can deliver it: with a tender area, the credit is scaled by the
 * candidate's presence there (places.ts) — 1 for a declared authority-level presence or better, less for next door
 * or a plausible wide claim, `UNPLACED` for a claim its size makes implausible.
 */
function deliversThere(ctx: MatchContext, candidate: OrgProfile): number {
  if (ctx.tenderLads.size === 0) return 1;
  let here = strongestPresence(candidate.placeCodes, candidate.placeStrengths, ctx.tenderCounts);
  if (here === 0)
    here = MATCH_DEFAULTS.places.nextDoor * strongestPresence(candidate.placeCodes, candidate.placeStrengths, ctx.adjacentCounts);
  return UNPLACED + (1 - UNPLACED) * Math.min(1, here / LOCAL);
}

/** The evidence weight of the candidate's code that covers `required`. */
function evidenceOf(candidate: OrgProfile, required: string, ref: Reference): number {
  // Without per-service sources every code is declared: skip the look-up.
  if (candidate.serviceSources === undefined) return DECLARED;
  return serviceEvidence(candidate, coverage(candidate, required, ref).via);
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const { ref, serviceGaps } = ctx;
  const describe = (codes: readonly string[]) => codes.map((c) => ref.cpv.describe(c));
  if (!ctx.tender) {
    const adds = generalAdds(ctx, candidate);
    if (adds.length === 0) return { for: [], against: ['Offers no services you lack in or next to your sectors'] };
    const pros = [`Covers ${ref.cpv.describe(adds[0])}, which you do not${cite(candidate, [adds[0]])}`];
    if (adds.length > 1)
      pros.push(`Also covers ${listOf(describe(adds.slice(1)), SHOWN)}, which you lack${cite(candidate, adds.slice(1))}`);
    return { for: pros, against: [] };
  }
  if (serviceGaps.length === 0) return { for: [], against: [] };
  const covered = serviceGaps.map((code) => ({ code, cover: coverage(candidate, code, ref) }));
  const filled = covered.filter((c) => c.cover.share === 1);
  const partly = covered.filter((c) => c.cover.share > 0 && c.cover.share < 1);
  const yours = (code: string) => (coverageShare(ctx.seeker, code, ref) === 0 ? 'which you do not' : 'which you cover only partly');
  // One sentence for the first gap filled, one for the rest: room is left for the other factors' reasons.
  const pros = filled.slice(0, 1).map((c) => `Covers ${ref.cpv.describe(c.code)}, ${yours(c.code)}${cite(candidate, [c.cover.via!])}`);
  if (filled.length > 1) {
    const rest = filled.slice(1);
    const partlyYours = rest.some((c) => coverageShare(ctx.seeker, c.code, ref) > 0);
    pros.push(
      `Also covers ${listOf(describe(rest.map((c) => c.code)), SHOWN)}, which you ${partlyYours ? 'do not fully cover' : 'lack'}${cite(
        candidate,
        rest.map((c) => c.cover.via!),
      )}`,
    );
  }
  if (partly.length > 0) {
    const first = partly[0];
    pros.push(
      `Partly covers ${ref.cpv.describe(first.code)}: it lists the broader ${ref.cpv.describe(first.cover.via!)}${cite(candidate, [first.cover.via!])}`,
    );
  }
  const missing = covered.filter((c) => c.cover.share === 0).map((c) => c.code);
  const cons: string[] = [];
  if (filled.length === 0 && partly.length === 0)
    cons.push(`Covers none of the required services you lack (${listOf(describe(serviceGaps), SHOWN)})`);
  else if (missing.length > 0) cons.push(`Still leaves ${listOf(describe(missing), SHOWN)} uncovered`);
  return { for: pros, against: cons };
}

/** " (CQC registration, 2024)" for register and inferred sources; " (demo data)" when any is synthetic. */
function cite(candidate: OrgProfile, codes: readonly string[]): string {
  const sources = candidate.org.provenance?.services;
  if (!sources) return '';
  const list = codes.map((code) => sources[code]).filter((x) => x !== undefined);
  const strong = list.find((x) => x.kind === 'register' || x.kind === 'inferred');
  const named = strong ? ` (${citeSource(strong, 'registration')})` : '';
  return `${named}${list.some((x) => x.kind === 'synthetic') ? ' (demo data)' : ''}`;
}

/** General fit: the candidate's services, in or next to the seeker's sectors, that the seeker lacks (sorted). */
function generalAdds(ctx: MatchContext, candidate: OrgProfile): string[] {
  return [...candidate.services].filter((code) => addsService(ctx, code)).sort();
}

// Keyed by context, which lives for one request or one list, not by the seeker's profile: a refresh keeps a million
// profiles for the whole run, and a WeakMap entry per profile made every garbage collection walk a million ephemerons.
const wantedCache = new WeakMap<MatchContext, ReadonlySet<Sector>>();

/** The seeker's sectors and those tenders bundle with them. */
function wantedSectors(ctx: MatchContext): ReadonlySet<Sector> {
  const seeker = ctx.seeker;
  let wanted = wantedCache.get(ctx);
  if (!wanted) {
    const set = new Set<Sector>(seeker.sectors);
    for (const s of seeker.sectors) for (const t of INTEGRATES_WITH[s]) set.add(t);
    wantedCache.set(ctx, (wanted = set));
  }
  return wanted;
}

export const complementarity: Factor<number> = { score, reasons };
