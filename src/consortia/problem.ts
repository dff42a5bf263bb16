/**
 * One consortium search, prepared once: the requirements as bit positions, every member's coverage as a
 * bitset, turnovers, do-not-partner conflicts, and a lazily filled cache of pairwise scores. Member 0 is the
 * lead; 1…n are the candidates that survived the pre-filter.
 *
 * The requirements are cells: each required service in each tender area. A member covers a cell when it delivers
 * the service (fully, or partly through a broader code) and is present in the area (CONSORTIUM_DEFAULTS.minPresence).
 *
 * Pre-filter (both solvers see the same pool): a candidate stays when it is eligible (open to partnering,
 * neither side on the other's do-not-partner list), works in or next to the tender area when the tender
 * names one, and brings something — a cell the lead does not cover, or turnover while the lead alone is under
 * the threshold. When more remain than `maxPool`, the best `poolPerGap` per gap (by the
 * cheap pairwise score with the lead) are kept, round-robin over the gaps, so every gap keeps candidates.
 */
import { buildContext, type MatchContext } from '../matching/context.ts';
import { isEligibleCandidate } from '../matching/filters.ts';
import type { VetoRule } from '../matching/vetoes.ts';
import { localPresenceIn, presenceIn } from '../matching/places.ts';
import { coverage, coverageShare, profileOf, serviceEvidence, type OrgProfile } from '../matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../matching/settings.ts';
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { Tender } from '../tenders/schema.ts';
import { oneWayTerms, type PairTerms, pairTerms, pairTotal } from './pairs.ts';
import type { Cell, Requirements } from './requirements.ts';
import { CONSORTIUM_DEFAULTS, OBJECTIVE_TERMS, type ObjectiveTerm, type PairTerm } from './settings.ts';

export type Bits = Uint32Array;

export function emptyBits(size: number): Bits {
  return new Uint32Array(Math.max(1, Math.ceil(size / 32)));
}
export function setBit(bits: Bits, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}
export function hasBit(bits: Bits, i: number): boolean {
  return (bits[i >>> 5] & (1 << (i & 31))) !== 0;
}
export function orBits(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] | b[w];
  return out;
}
// Bitwise operators yield signed 32-bit integers while Uint32Array reads unsigned, so tests compare
// "bits of full missing from the set" with zero rather than comparing words.

/** Whether a ∪ b contains every bit of `full`, without allocating. */
export function unionContainsAll(a: Bits, b: Bits, full: Bits): boolean {
  for (let w = 0; w < full.length; w++) if ((full[w] & ~(a[w] | b[w])) !== 0) return false;
  return true;
}
export function containsAll(bits: Bits, full: Bits): boolean {
  for (let w = 0; w < full.length; w++) if ((full[w] & ~bits[w]) !== 0) return false;
  return true;
}
/** Number of bits of `b` not in `a`. */
export function countNew(a: Bits, b: Bits): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount(b[w] & ~a[w]);
  return n;
}
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export interface Member {
  index: number;
  org: Organisation;
  profile: OrgProfile;
  /** cells covered (bit i: problem.requirements[i]) */
  covers: Bits;
  /** per required service, how far it delivers it (coverage share, 0 when it does not) */
  serviceShare: Float64Array;
  /** per tender area, its presence there (the strongest over the area's authorities) */
  areaPresence: Float64Array;
  /** annual turnover in GBP; unknown counts as 0 */
  turnover: number;
  /** member terms of the objective, each in [0, 1] (see memberTerms) */
  evidence: number;
  capacity: number;
}

export interface Problem {
  ref: Reference;
  tender: Tender;
  req: Requirements;
  /** the cells, services × areas; bit i of a coverage set is requirements[i] */
  requirements: Cell[];
  full: Bits;
  members: Member[];
  /** the matching context with member i as the seeker (built on first use; 0 is the lead's) */
  contextOf(i: number): MatchContext;
  maxPartners: number;
  /** objective weights with trust scaled by deadline urgency */
  weights: Record<ObjectiveTerm, number>;
  /**
   * The sum of the weights of the averaged terms (values, trust, ways of working, and the member terms, which are
   * folded into every pair: see pairValue), and of all weights.
   */
  meanWeight: number;
  totalWeight: number;
  conflict(i: number, j: number): boolean;
  pair(i: number, j: number): PairTerms;
  /** weighted mean of the pair's four terms, in [0, 1]: how well the two go together (weakest link, ranking) */
  pairScore(i: number, j: number): number;
  /**
   * The pair's contribution to the averaged terms: Σ weight × term over values, trust and ways of working, plus
   * each member term's weight × the mean of the two members' values. Averaged over a team's pairs, the member terms
   * become their mean over its members, so the solvers keep one running sum.
   */
  pairValue(i: number, j: number): number;
  /** how much the two are rivals: 1 − the pair's competition term, in [0, 1] */
  pairRisk(i: number, j: number): number;
  /**
   * Cheap stand-in for pairScore(0, i): the pair's terms from the lead's side only (no context needed for
   * the candidate). Used to rank candidates, never in the objective.
   */
  leadScore(i: number): number;
  /** what the pre-filter did, for the response notes */
  pool: PoolStats;
  /** the most of its turnover a member can carry as its yearly part of the contract */
  maxShareOfTurnover: number;
}

/**
 * The pairwise sums after adding candidate `c` to `team` (whose sums are `value` and `risk`), or undefined
 * when `c` clashes with a member. Shared by both solvers so they extend teams identically.
 */
export function sumsWith(
  problem: Problem,
  team: readonly number[],
  c: number,
  value: number,
  risk: number,
): { value: number; risk: number } | undefined {
  for (const m of team) {
    if (problem.conflict(m, c)) return undefined;
    value += problem.pairValue(m, c);
    risk += problem.pairRisk(m, c);
  }
  return { value, risk };
}

export interface PoolStats {
  given: number;
  eligible: number;
  bringing: number;
  kept: number;
}

export interface ProblemOptions {
  maxPartners: number;
  weights: Record<ObjectiveTerm, number>;
  now: Date;
  partnerships: PartnershipGraph;
  maxPool: number;
  /** CONSORTIUM_DEFAULTS.maxShareOfTurnover unless the request says otherwise */
  maxShareOfTurnover: number;
  poolPerGap: number;
  /**
   * Keep every organisation of the pool as a member, in the given order, without the pre-filter: the team is already
   * chosen (heads of terms for it), so a partner bringing nothing new is still a partner.
   */
  keepPool?: boolean;
  /** whose do-not-partner lists to honour (src/matching/vetoes.ts) */
  vetoes: VetoRule;
  /**
   * Count only presence where a member is based or works at authority level, never a wide claim (the market view:
   * a region claim never covers a cell there). Default false: a plausible wide claim counts (minPresence).
   */
  localPresenceOnly?: boolean;
}

export function buildProblem(
  ref: Reference,
  tender: Tender,
  req: Requirements,
  lead: Organisation,
  pool: readonly Organisation[],
  options: ProblemOptions,
): Problem {
  const leadProfile = profileOf(lead, ref);
  const contextOptions = { weights: { ...DEFAULT_WEIGHTS }, now: options.now, partnerships: options.partnerships, vetoes: options.vetoes };
  const base = buildContext(ref, leadProfile, tender, contextOptions);
  const weights = { ...options.weights, trust: options.weights.trust * (1 + base.urgency) };
  const pairWeights = weights as Record<PairTerm, number>;
  const requirements = req.cells;
  const full = emptyBits(requirements.length);
  requirements.forEach((_, i) => setBit(full, i));

  const memberOf = memberBuilder(ref, req, options.localPresenceOnly === true);
  const leadMember = memberOf(lead, 0);
  const { bringing, eligible } = options.keepPool
    ? { bringing: pool.filter((o) => o.id !== lead.id).map((o) => memberOf(o, -1)), eligible: pool.length }
    : prefilter(ref, req, base, leadMember, pool, memberOf);
  const cheap = new Map<Member, number>();
  const cheapOf = (m: Member): number => {
    let s = cheap.get(m);
    if (s === undefined) cheap.set(m, (s = m.index === 0 ? 1 : pairTotal(oneWayTerms(base, m.profile), pairWeights)));
    return s;
  };
  const short = req.thresholdGbp !== undefined && leadMember.turnover < req.thresholdGbp;
  const kept =
    !options.keepPool && bringing.length > options.maxPool
      ? capPool(bringing, leadMember, requirements.length, short, cheapOf, options)
      : bringing;
  if (!options.keepPool) kept.sort((a, b) => (a.org.id < b.org.id ? -1 : a.org.id > b.org.id ? 1 : 0));
  const members = [leadMember, ...kept];
  members.forEach((m, i) => (m.index = i));
  for (const m of members) Object.assign(m, memberTerms(ref, m, leadMember, req, options.maxShareOfTurnover));

  const contexts: MatchContext[] = [base];
  const contextOf = (i: number): MatchContext => (contexts[i] ??= buildContext(ref, members[i].profile, tender, contextOptions));
  const caches = pairCaches(members, contextOf, weights);
  const conflicts = conflictMatrix(members, base.honoursVeto);
  const n = members.length;
  return {
    ref,
    tender,
    req,
    requirements,
    full,
    members,
    contextOf,
    maxPartners: options.maxPartners,
    weights,
    meanWeight: weights.valueAlignment + weights.trust + weights.waysOfWorking + weights.evidence + weights.capacity,
    totalWeight: OBJECTIVE_TERMS.reduce((sum, t) => sum + weights[t], 0),
    conflict: (i, j) => conflicts[i * n + j] === 1,
    ...caches,
    pairRisk: (i, j) => 1 - caches.pair(i, j).competition,
    leadScore: (i) => cheapOf(members[i]),
    pool: { given: pool.length, eligible, bringing: bringing.length, kept: kept.length },
    maxShareOfTurnover: options.maxShareOfTurnover,
  };
}

/**
 * The organisations of `pool` the pre-filter keeps before any pair is scored (eligible, in or next to the tender
 * area, bringing a cell or turnover): the use case fetches the partnership graph around these only.
 */
export function poolBringing(
  ref: Reference,
  tender: Tender,
  req: Requirements,
  lead: Organisation,
  pool: readonly Organisation[],
  now: Date,
  vetoes: VetoRule,
): Organisation[] {
  const base = buildContext(ref, profileOf(lead, ref), tender, {
    weights: { ...DEFAULT_WEIGHTS },
    now,
    partnerships: new PartnershipGraph(),
    vetoes,
  });
  const memberOf = memberBuilder(ref, req);
  return prefilter(ref, req, base, memberOf(lead, 0), pool, memberOf).bringing.map((m) => m.org);
}

/** Step 1: what one organisation covers — per service, per area, and the cells where both hold. */
function memberBuilder(ref: Reference, req: Requirements, localOnly = false): (org: Organisation, index: number) => Member {
  const { minPresence } = CONSORTIUM_DEFAULTS;
  const presence = localOnly ? localPresenceIn : presenceIn;
  return (org, index) => {
    const profile = profileOf(org, ref);
    const serviceShare = Float64Array.from(req.services, (s) => coverageShare(profile, s.code, ref));
    const areaPresence = Float64Array.from(req.areas, (a) =>
      Math.max(0, ...a.lads.map((lad) => presence(profile.places, lad, ref).strength)),
    );
    const bits = emptyBits(req.cells.length);
    req.cells.forEach((cell, i) => {
      if (serviceShare[cell.service] > 0 && (cell.area < 0 || areaPresence[cell.area] >= minPresence)) setBit(bits, i);
    });
    return {
      index,
      org,
      profile,
      covers: bits,
      serviceShare,
      areaPresence,
      turnover: org.annualTurnoverGbp ?? 0,
      evidence: 0,
      capacity: 1,
    };
  };
}

/**
 * Step 2, the pre-filter: eligible (open to partnering, neither side on the other's do-not-partner list), working
 * in or next to the tender area when it names one, and bringing a cell the lead does not cover or turnover while
 * the lead alone is short.
 */
function prefilter(
  ref: Reference,
  req: Requirements,
  base: MatchContext,
  lead: Member,
  pool: readonly Organisation[],
  memberOf: (org: Organisation, index: number) => Member,
): { bringing: Member[]; eligible: number } {
  const near = new Set([...base.tenderLads, ...base.adjacentLads]);
  const seen = new Set<string>([lead.org.id]);
  const short = req.thresholdGbp !== undefined && lead.turnover < req.thresholdGbp;
  const isNear = (lads: ReadonlySet<string>) => {
    const [small, large] = lads.size <= near.size ? [lads, near] : [near, lads];
    for (const lad of small) if (large.has(lad)) return true;
    return false;
  };
  let eligible = 0;
  const bringing: Member[] = [];
  for (const org of pool) {
    if (seen.has(org.id)) continue;
    const profile = profileOf(org, ref);
    if (!isEligibleCandidate(lead.profile, profile, base.honoursVeto)) continue;
    seen.add(org.id);
    if (near.size > 0 && !isNear(profile.footprint)) continue;
    eligible++;
    const m = memberOf(org, -1);
    if (countNew(lead.covers, m.covers) > 0 || (short && m.turnover > 0)) bringing.push(m);
  }
  return { bringing, eligible };
}

/**
 * Step 3, the member terms. evidence: the mean, over the cells it covers, of its service share × evidence weight ×
 * its presence in the cell's area (1 when the tender names no area) — local roots and registered services above
 * claims. capacity: its part of the yearly value — the cells it covers that the lead does not (the lead's own cells
 * for the lead), each cell an equal part of its service's value — against `maxShare` × its turnover, at most 1; 1
 * when the value is unknown or it adds no cell. A partner sharing a cell with others carries less than that in
 * the team (explain.ts splits each cell by turnover); this is the part it could be left with.
 */
export function memberTerms(
  ref: Reference,
  m: Member,
  lead: Member,
  req: Requirements,
  maxShare: number,
): { evidence: number; capacity: number } {
  let sum = 0;
  let cells = 0;
  let work = 0;
  req.cells.forEach((cell, i) => {
    if (!hasBit(m.covers, i)) return;
    const place = cell.area < 0 ? 1 : m.areaPresence[cell.area];
    sum += m.serviceShare[cell.service] * serviceEvidence(m.profile, coverage(m.profile, req.services[cell.service].code, ref).via) * place;
    cells++;
    if (m.index === 0 || !hasBit(lead.covers, i)) work += cellValue(req, cell);
  });
  const evidence = cells > 0 ? sum / cells : 0;
  const capacity = work > 0 && m.org.annualTurnoverGbp !== undefined ? Math.min(1, (maxShare * m.turnover) / work) : 1;
  return { evidence, capacity };
}

/** The yearly value of one cell (GBP): its service's share of the yearly value, split evenly over the areas. */
export function cellValue(req: Requirements, cell: Cell): number {
  if (req.yearlyValueGbp === undefined) return 0;
  return (req.yearlyValueGbp * req.serviceWeights[cell.service]) / Math.max(1, req.areas.length);
}

/**
 * Step 4: do-not-partner conflicts between candidates (the lead's were applied by isEligibleCandidate), from the
 * lists this search honours only (src/matching/vetoes.ts).
 */
function conflictMatrix(members: readonly Member[], honours: VetoRule): Uint8Array {
  const n = members.length;
  const conflicts = new Uint8Array(n * n);
  const indexOf = new Map(members.map((m) => [m.org.id, m.index]));
  for (const m of members) {
    if (!honours(m.org.id)) continue;
    for (const id of m.org.private?.doNotPartnerWith ?? []) {
      const j = indexOf.get(id);
      if (j !== undefined) conflicts[m.index * n + j] = conflicts[j * n + m.index] = 1;
    }
  }
  return conflicts;
}

/** Step 5: pair terms, scores and values, each computed on first use and cached. */
function pairCaches(
  members: readonly Member[],
  contextOf: (i: number) => MatchContext,
  weights: Record<ObjectiveTerm, number>,
): Pick<Problem, 'pair' | 'pairScore' | 'pairValue'> {
  const n = members.length;
  const key = (i: number, j: number) => (i < j ? i * n + j : j * n + i);
  const pairCache = new Map<number, PairTerms>();
  const pair = (i: number, j: number): PairTerms => {
    let terms = pairCache.get(key(i, j));
    if (!terms) {
      terms = pairTerms(contextOf(Math.min(i, j)), contextOf(Math.max(i, j)));
      pairCache.set(key(i, j), terms);
    }
    return terms;
  };
  const scoreCache = new Float64Array(n * n).fill(Number.NaN);
  const pairScore = (i: number, j: number): number => {
    let s = scoreCache[key(i, j)];
    if (Number.isNaN(s)) scoreCache[key(i, j)] = s = pairTotal(pair(i, j), weights);
    return s;
  };
  const valueCache = new Float64Array(n * n).fill(Number.NaN);
  const pairValue = (i: number, j: number): number => {
    let v = valueCache[key(i, j)];
    if (Number.isNaN(v)) {
      const t = pair(i, j);
      const [a, b] = [members[i], members[j]];
      v =
        weights.valueAlignment * t.valueAlignment +
        weights.trust * t.trust +
        weights.waysOfWorking * t.waysOfWorking +
        (weights.evidence * (a.evidence + b.evidence)) / 2 +
        (weights.capacity * (a.capacity + b.capacity)) / 2;
      valueCache[key(i, j)] = v;
    }
    return v;
  };
  return { pair, pairScore, pairValue };
}

/** Round-robin over the gaps (each uncovered requirement, and turnover when short), best cheap score first. */
function capPool(
  candidates: readonly Member[],
  lead: Member,
  size: number,
  short: boolean,
  cheap: (m: Member) => number,
  options: ProblemOptions,
): Member[] {
  const byCheap = (a: Member, b: Member) => cheap(b) - cheap(a) || (a.org.id < b.org.id ? -1 : 1);
  const lists: Member[][] = [];
  for (let i = 0; i < size; i++) {
    if (hasBit(lead.covers, i)) continue;
    lists.push(
      candidates
        .filter((m) => hasBit(m.covers, i))
        .sort(byCheap)
        .slice(0, options.poolPerGap),
    );
  }
  if (short) lists.push([...candidates].sort((a, b) => b.turnover - a.turnover || byCheap(a, b)).slice(0, options.poolPerGap));
  const kept = new Set<Member>();
  for (let rank = 0; kept.size < options.maxPool && lists.some((l) => rank < l.length); rank++) {
    for (const list of lists) {
      if (rank < list.length) kept.add(list[rank]);
      if (kept.size >= options.maxPool) break;
    }
  }
  return [...kept];
}
