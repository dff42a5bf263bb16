/**
 * Who could bid for a notice, and with whom (issue #19): the digest entries of one new or changed tender, computed
 * from the organisations the store's candidate index found for it (Store.findCandidates with candidateQueryFor's
 * codes and places) — once per notice, never a findPartners per (organisation, notice). Pure.
 *
 * An organisation could bid
 *  - alone when it fully delivers every service the notice requires (profile.ts `covers`: the code itself, or
 *    something within a broad one; a broader code is partial), is credibly in the notice's places (based there or
 *    working at authority level, or a wide claim its size makes plausible: filters.ts `isCrediblyThere`, without the
 *    next-door allowance), and passes the turnover test (twice the yearly value unless the notice states one);
 *  - with partners when it delivers some of it credibly there (or next door): the best two or three partners are
 *    chosen greedily among the other candidates of the same notice — each fills the most of what is still missing
 *    (services it fully delivers that the organisation does not; then turnover), stronger presence first — never one
 *    that either side refuses to work with, or that is closed to partnering.
 *
 * Preferences narrow what an organisation gets; they never widen it past what it could bid for (preferences.ts).
 */
import { containingAreas } from '../matching/candidates.ts';
import { isCrediblyThere, isEligibleCandidate } from '../matching/filters.ts';
import { gbp, listOf } from '../matching/format.ts';
import { demoNote, strongestPresence } from '../matching/places.ts';
import { coverage, coverageShare, covers, type OrgProfile } from '../matching/profile.ts';
import type { Source } from '../organisations/provenance.ts';
import { MATCH_DEFAULTS } from '../matching/settings.ts';
import { HONOUR_EVERY_VETO } from '../matching/vetoes.ts';
import type { MatchContext } from '../matching/context.ts';
import type { Reference } from '../reference/types.ts';
import { ruleFor, tenderReservability } from '../tenders/reserved-contracts.ts';
import { turnoverThresholdGbp, type Tender } from '../tenders/schema.ts';
import { countByContainer } from '../matching/areas.ts';
import { requiredServicesOf } from '../matching/required-services.ts';
import type { NewDigestEntry } from './ledger.ts';
import type { AlertPreferences, SuggestedPartner } from './types.ts';

export const DIGEST_DEFAULTS = Object.freeze({
  /** partners named per entry, at most */
  maxPartners: 3,
  /** candidates looked at per gap when choosing partners (the strongest present first) */
  partnersPerGap: 20,
  /** reasons per entry, at most */
  maxReasons: 6,
});

/** Everything about one notice that does not depend on the organisation, computed once per notice. */
export interface NoticeFacts {
  tender: Tender;
  version: string;
  required: readonly string[];
  /** the notice's local authorities, and the same with their neighbours */
  lads: ReadonlySet<string>;
  /** a MatchContext with no seeker-specific parts, for isCrediblyThere (tender places only) */
  places: Pick<MatchContext, 'tenderLads' | 'tenderCounts' | 'adjacentCounts'>;
  thresholdGbp?: number;
  /** suitable for VCSE organisations, reserved for mutuals, or reservable under the law that applies */
  vcseOrReserved: boolean;
}

export function noticeFacts(tender: Tender, version: string, ref: Reference, now: Date): NoticeFacts {
  const required = requiredServicesOf(tender, ref).codes;
  const lads = new Set<string>();
  for (const area of tender.deliveryAreas) for (const lad of ref.geography.lads(area)) lads.add(lad);
  const adjacent = new Set<string>();
  for (const lad of lads) for (const n of ref.geography.neighbours(lad)) if (!lads.has(n)) adjacent.add(n);
  const reservable =
    tender.reservedForMutuals === true ||
    tender.vcseSuitable === true ||
    tenderReservability(tender, ruleFor(tender, ref, now), ref).reservable;
  return {
    tender,
    version,
    required,
    lads,
    places: { tenderLads: lads, tenderCounts: countByContainer(lads, ref), adjacentCounts: countByContainer(adjacent, ref) },
    thresholdGbp: turnoverThresholdGbp(tender),
    vcseOrReserved: reservable,
  };
}

/** The area codes the store's candidate index is asked for: the notice's authorities, their neighbours, and containers. */
export function noticeAreaCodes(facts: NoticeFacts, ref: Reference): string[] | undefined {
  if (facts.lads.size === 0) return undefined;
  const around = new Set(facts.lads);
  for (const lad of facts.lads) for (const n of ref.geography.neighbours(lad)) around.add(n);
  return containingAreas([...around], ref);
}

/** Does the notice pass the organisation's preferences? `frequency: 'never'` passes nothing. */
export function passesPreferences(facts: NoticeFacts, prefs: AlertPreferences | undefined, ref: Reference): boolean {
  if (prefs === undefined) return true;
  if (prefs.frequency === 'never') return false;
  const { tender } = facts;
  if (prefs.minimumValueGbp !== undefined && tender.valueGbp !== undefined && tender.valueGbp < prefs.minimumValueGbp) return false;
  if (prefs.vcseSuitableOnly && !facts.vcseOrReserved) return false;
  if (prefs.serviceCodes !== undefined) {
    const wanted = prefs.serviceCodes;
    if (!facts.required.some((code) => wanted.some((w) => code === w || ref.cpv.isWithin(code, w)))) return false;
  }
  if (prefs.areaCodes !== undefined) {
    const places = new Set<string>();
    for (const area of prefs.areaCodes)
      for (const lad of ref.geography.lads(area)) {
        places.add(lad);
        for (const n of ref.geography.neighbours(lad)) places.add(n);
      }
    if (![...facts.lads].some((lad) => places.has(lad))) return false;
  }
  return true;
}

/**
 * The entries for one notice: one per candidate that could bid (alone or with partners) and whose preferences let
 * the notice through. `candidates` are the store's candidates for the notice; `preferences` the saved ones by id.
 */
export function digestNotice(
  facts: NoticeFacts,
  candidates: readonly OrgProfile[],
  preferences: ReadonlyMap<string, AlertPreferences>,
  ref: Reference,
  createdAt: string,
): NewDigestEntry[] {
  const { required } = facts;
  const there = candidates.filter((c) => isCrediblyThere(facts.places, c));
  const strength = new Map(there.map((c) => [c.id, strongestPresence(c.placeCodes, c.placeStrengths, facts.places.tenderCounts)]));
  // per required code, who fully delivers it, strongest present first: partners are chosen from these lists
  const deliverers = new Map<string, OrgProfile[]>();
  for (const code of required) {
    const list = there.filter((c) => c.openToPartnering && covers(c, code, ref));
    list.sort((a, b) => (strength.get(b.id) ?? 0) - (strength.get(a.id) ?? 0) || (b.turnoverGbp ?? 0) - (a.turnoverGbp ?? 0));
    deliverers.set(code, list.slice(0, DIGEST_DEFAULTS.partnersPerGap));
  }
  // once per notice, not per organisation short of turnover (a sort per organisation made the digest quadratic)
  const byTurnover = [...there].sort((a, b) => (b.turnoverGbp ?? 0) - (a.turnoverGbp ?? 0));
  const entries: NewDigestEntry[] = [];
  for (const org of there) {
    if (!passesPreferences(facts, preferences.get(org.id), ref)) continue;
    const provided = required.filter((code) => coverageShare(org, code, ref) > 0);
    if (required.length > 0 && provided.length === 0) continue;
    const gaps = required.filter((code) => !covers(org, code, ref));
    const inArea = (strength.get(org.id) ?? 0) >= MATCH_DEFAULTS.places.credible;
    const turnoverShort = facts.thresholdGbp !== undefined && (org.turnoverGbp ?? 0) < facts.thresholdGbp;
    const alone = gaps.length === 0 && inArea && !turnoverShort;
    const partners = alone ? [] : choosePartners(org, gaps, facts, deliverers, byTurnover, ref);
    if (!alone && partners.length === 0) continue;
    entries.push({
      organisationId: org.id,
      tenderId: facts.tender.id,
      tenderVersion: facts.version,
      title: facts.tender.title,
      ...(facts.tender.buyer !== undefined ? { buyer: facts.tender.buyer.name } : {}),
      ...(facts.tender.valueGbp !== undefined ? { valueGbp: facts.tender.valueGbp } : {}),
      ...(facts.tender.submissionDeadline !== undefined ? { submissionDeadline: facts.tender.submissionDeadline } : {}),
      fit: alone ? 'alone' : 'with-partners',
      reasons: reasonsFor(org, provided, gaps, inArea, turnoverShort, facts, ref).slice(0, DIGEST_DEFAULTS.maxReasons),
      partners,
      createdAt,
    });
  }
  return entries;
}

function choosePartners(
  org: OrgProfile,
  gaps: readonly string[],
  facts: NoticeFacts,
  deliverers: ReadonlyMap<string, OrgProfile[]>,
  /** the organisations there, largest turnover first (a stable sort of them) */
  byTurnover: readonly OrgProfile[],
  ref: Reference,
): SuggestedPartner[] {
  const open = new Set(gaps);
  const chosen: SuggestedPartner[] = [];
  const taken = new Set<string>([org.id]);
  const ok = (p: OrgProfile): boolean => !taken.has(p.id) && isEligibleCandidate(org, p, HONOUR_EVERY_VETO);
  while (open.size > 0 && chosen.length < DIGEST_DEFAULTS.maxPartners) {
    let best: { p: OrgProfile; fills: string[] } | undefined;
    for (const code of open)
      for (const p of deliverers.get(code) ?? []) {
        if (!ok(p)) continue;
        const fills = [...open].filter((c) => covers(p, c, ref));
        if (best === undefined || fills.length > best.fills.length) best = { p, fills };
        break; // the strongest eligible deliverer of each gap is the one weighed for it
      }
    if (best === undefined) break;
    for (const c of best.fills) open.delete(c);
    taken.add(best.p.id);
    const labels = best.fills.map((c) => ref.cpv.describe(c));
    chosen.push({
      id: best.p.id,
      name: best.p.org.name,
      reason: `Covers ${listOf(labels)}, which you do not${demo(serviceSources(best.p, best.fills, ref))}`,
    });
  }
  // the turnover test: the largest open turnover among the organisations there, when the services are covered
  const short = facts.thresholdGbp !== undefined && (org.turnoverGbp ?? 0) < facts.thresholdGbp;
  if (open.size === 0 && short && chosen.length < DIGEST_DEFAULTS.maxPartners) {
    const joint = (org.turnoverGbp ?? 0) + chosen.reduce((s, c) => s + (byTurnover.find((p) => p.id === c.id)?.turnoverGbp ?? 0), 0);
    if (joint < facts.thresholdGbp!) {
      const big = byTurnover.find(ok);
      if (big?.turnoverGbp !== undefined && big.turnoverGbp > 0) {
        chosen.push({
          id: big.id,
          name: big.org.name,
          reason: `Brings a turnover of ${gbp(big.turnoverGbp)} towards the ${gbp(facts.thresholdGbp!)} the notice asks for${demo([
            big.org.provenance?.annualTurnoverGbp,
          ])}`,
        });
      }
    }
  }
  // gaps nobody there fills: no partners can make the bid whole
  return open.size === 0 ? chosen : [];
}

function reasonsFor(
  org: OrgProfile,
  provided: readonly string[],
  gaps: readonly string[],
  inArea: boolean,
  turnoverShort: boolean,
  facts: NoticeFacts,
  ref: Reference,
): string[] {
  const reasons: string[] = [];
  const full = provided.filter((c) => !gaps.includes(c));
  if (full.length > 0) reasons.push(`You deliver ${listOf(full.map((c) => ref.cpv.describe(c)))}${demo(serviceSources(org, full, ref))}`);
  const partial = provided.filter((c) => gaps.includes(c));
  if (partial.length > 0)
    reasons.push(
      `You deliver part of ${listOf(partial.map((c) => ref.cpv.describe(c)))} (a broader code)${demo(serviceSources(org, partial, ref))}`,
    );
  const missing = gaps.filter((c) => !partial.includes(c));
  if (missing.length > 0) reasons.push(`You do not list ${listOf(missing.map((c) => ref.cpv.describe(c)))}`);
  const areas = facts.tender.deliveryAreas.map((a) => ref.geography.name(a));
  if (areas.length > 0)
    reasons.push(
      (inArea ? `You work in ${listOf(areas)}, where it is delivered` : `You work next to ${listOf(areas)}, where it is delivered`) +
        demo(Object.values(org.org.provenance?.areas ?? {})),
    );
  if (facts.thresholdGbp !== undefined) {
    reasons.push(
      (turnoverShort
        ? `Your turnover (${org.turnoverGbp === undefined ? 'not stated' : gbp(org.turnoverGbp)}) is below the ${gbp(facts.thresholdGbp)} the notice asks for`
        : `Your turnover (${gbp(org.turnoverGbp ?? 0)}) passes the ${gbp(facts.thresholdGbp)} test`) +
        demo([org.org.provenance?.annualTurnoverGbp]),
    );
  }
  return reasons;
}

/** " (demo data)" when a sentence rests on a synthetic fact, as the match's sentences do (places.ts `demoNote`). */
function demo(sources: readonly (Source | undefined)[]): string {
  return demoNote(sources.filter((x): x is Source => x !== undefined));
}

/** Where the organisation's codes that cover these required ones came from (matching/profile.ts `coverage`). */
function serviceSources(org: OrgProfile, required: readonly string[], ref: Reference): (Source | undefined)[] {
  const sources = org.org.provenance?.services ?? {};
  return required.map((code) => {
    const via = coverage(org, code, ref).via;
    return via === undefined ? undefined : sources[via];
  });
}
