/**
 * One consortium search, prepared once: the requirements as bit positions, every member's coverage as a
 * bitset, turnovers, do-not-partner conflicts, and a lazily filled cache of pairwise scores. Member 0 is the
 * lead; 1…n are the candidates that survived the pre-filter.
 *
 * Pre-filter (both solvers see the same pool): a candidate stays when it is eligible (open to partnering,
 * neither side on the other's do-not-partner list), works in or next to the tender area when the tender
 * names one, and brings something — a required code or area the lead does not cover, or turnover while the
 * lead alone is under the threshold. When more remain than `maxPool`, the best `poolPerGap` per gap (by the
 * cheap pairwise score with the lead) are kept, round-robin over the gaps, so every gap keeps candidates.
 */
import { buildContext, type MatchContext } from '../matching/context.ts';
import { isEligibleCandidate } from '../matching/filters.ts';
import { covers, profileOf, type OrgProfile } from '../matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../matching/settings.ts';
import type { PartnershipGraph } from '../organisations/partnership-graph.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { Tender } from '../tenders/schema.ts';
import { oneWayTerms, type PairTerms, pairTerms, pairTotal } from './pairs.ts';
import { type Requirement, type Requirements } from './requirements.ts';
import { PAIR_TERMS, type ObjectiveTerm, type PairTerm } from './settings.ts';

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
  /** requirements covered */
  covers: Bits;
  /** annual turnover in GBP; unknown counts as 0 */
  turnover: number;
}

export interface Problem {
  ref: Reference;
  tender: Tender;
  req: Requirements;
  /** services first, then areas; bit i of a coverage set is requirements[i] */
  requirements: Requirement[];
  full: Bits;
  members: Member[];
  /** the matching context with member i as the seeker (built on first use; 0 is the lead's) */
  contextOf(i: number): MatchContext;
  maxPartners: number;
  /** objective weights with trust scaled by deadline urgency */
  weights: Record<ObjectiveTerm, number>;
  /** sum of the weights of the terms averaged over pairs (values, trust, ways of working), and of all weights */
  meanWeight: number;
  totalWeight: number;
  conflict(i: number, j: number): boolean;
  pair(i: number, j: number): PairTerms;
  /** weighted mean of the pair's four terms, in [0, 1]: how well the two go together (weakest link, ranking) */
  pairScore(i: number, j: number): number;
  /** the pair's contribution to the averaged terms: Σ weight × term over values, trust and ways of working */
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
  poolPerGap: number;
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
  const contextOptions = { weights: { ...DEFAULT_WEIGHTS }, now: options.now, partnerships: options.partnerships };
  const base = buildContext(ref, leadProfile, tender, contextOptions);
  const weights = { ...options.weights, trust: options.weights.trust * (1 + base.urgency) };
  const pairWeights = weights as Record<PairTerm, number>;
  const requirements: Requirement[] = [...req.services, ...req.areas];
  const full = emptyBits(requirements.length);
  requirements.forEach((_, i) => setBit(full, i));

  const coverage = (profile: OrgProfile): Bits => {
    const bits = emptyBits(requirements.length);
    requirements.forEach((r, i) => {
      if (r.kind === 'service' ? covers(profile, r.code, ref) : r.lads.some((lad) => profile.lads.has(lad))) setBit(bits, i);
    });
    return bits;
  };
  const memberOf = (org: Organisation, index: number): Member => {
    const profile = profileOf(org, ref);
    return { index, org, profile, covers: coverage(profile), turnover: org.annualTurnoverGbp ?? 0 };
  };
  const leadMember = memberOf(lead, 0);

  // Pre-filter.
  const near = new Set([...base.tenderLads, ...base.adjacentLads]);
  const seen = new Set<string>([lead.id]);
  let eligible = 0;
  const bringing: Member[] = [];
  const short = req.thresholdGbp !== undefined && leadMember.turnover < req.thresholdGbp;
  const isNear = (lads: ReadonlySet<string>) => {
    const [small, large] = lads.size <= near.size ? [lads, near] : [near, lads];
    for (const lad of small) if (large.has(lad)) return true;
    return false;
  };
  for (const org of pool) {
    if (seen.has(org.id)) continue;
    const profile = profileOf(org, ref);
    if (!isEligibleCandidate(leadProfile, profile)) continue;
    seen.add(org.id);
    if (near.size > 0 && !isNear(profile.lads)) continue;
    eligible++;
    const m = memberOf(org, -1);
    if (countNew(leadMember.covers, m.covers) > 0 || (short && m.turnover > 0)) bringing.push(m);
  }
  const cheap = new Map<Member, number>();
  const cheapOf = (m: Member): number => {
    let s = cheap.get(m);
    if (s === undefined) cheap.set(m, (s = m.index === 0 ? 1 : pairTotal(oneWayTerms(base, m.profile), pairWeights)));
    return s;
  };
  const kept = bringing.length > options.maxPool ? capPool(bringing, leadMember, requirements.length, short, cheapOf, options) : bringing;
  kept.sort((a, b) => (a.org.id < b.org.id ? -1 : a.org.id > b.org.id ? 1 : 0));
  const members = [leadMember, ...kept];
  members.forEach((m, i) => (m.index = i));

  // Conflicts between candidates (the lead's were applied by isEligibleCandidate).
  const n = members.length;
  const conflicts = new Uint8Array(n * n);
  const indexOf = new Map(members.map((m) => [m.org.id, m.index]));
  for (const m of members) {
    for (const id of m.org.private?.doNotPartnerWith ?? []) {
      const j = indexOf.get(id);
      if (j !== undefined) conflicts[m.index * n + j] = conflicts[j * n + m.index] = 1;
    }
  }

  const contexts: MatchContext[] = [base];
  const contextOf = (i: number): MatchContext => (contexts[i] ??= buildContext(ref, members[i].profile, tender, contextOptions));
  const pairCache = new Map<number, PairTerms>();
  const scoreCache = new Float64Array(n * n).fill(Number.NaN);
  const pair = (i: number, j: number): PairTerms => {
    const key = i < j ? i * n + j : j * n + i;
    let terms = pairCache.get(key);
    if (!terms) {
      terms = pairTerms(contextOf(Math.min(i, j)), contextOf(Math.max(i, j)));
      pairCache.set(key, terms);
    }
    return terms;
  };
  const pairScore = (i: number, j: number): number => {
    const key = i < j ? i * n + j : j * n + i;
    let s = scoreCache[key];
    if (Number.isNaN(s)) {
      s = pairTotal(pair(i, j), pairWeights);
      scoreCache[key] = s;
    }
    return s;
  };
  const valueCache = new Float64Array(n * n).fill(Number.NaN);
  const pairValue = (i: number, j: number): number => {
    const key = i < j ? i * n + j : j * n + i;
    let v = valueCache[key];
    if (Number.isNaN(v)) {
      const t = pair(i, j);
      v = weights.valueAlignment * t.valueAlignment + weights.trust * t.trust + weights.waysOfWorking * t.waysOfWorking;
      valueCache[key] = v;
    }
    return v;
  };

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
    meanWeight: weights.valueAlignment + weights.trust + weights.waysOfWorking,
    totalWeight: PAIR_TERMS.reduce((sum, t) => sum + weights[t], 0) + weights.size,
    conflict: (i, j) => conflicts[i * n + j] === 1,
    pair,
    pairScore,
    pairValue,
    pairRisk: (i, j) => 1 - pair(i, j).competition,
    leadScore: (i) => cheapOf(members[i]),
    pool: { given: pool.length, eligible, bringing: bringing.length, kept: kept.length },
  };
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
