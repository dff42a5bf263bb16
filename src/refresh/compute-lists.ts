/**
 * The pure heart of a refresh: one organisation's top-K general-fit partners (no tender: complementary
 * services and places, values, ways of working, trust, scale, competition, resilience), computed with
 * src/matching exactly as the on-demand matcher ranks (tests/integration/refresh.test.ts checks it against
 * rankCandidates), except that candidates come from the run's CandidateIndex (same query, same answer as
 * Store.findCandidates), at most `maxCandidates` are scored, and no reasons are written.
 * No I/O: organisations in, lists out.
 */
import { candidateQueryFor } from '../matching/candidates.ts';
import { buildContext, type MatchContext } from '../matching/context.ts';
import { isEligibleCandidate } from '../matching/filters.ts';
import { profileOf } from '../matching/profile.ts';
import { compareScored, effectiveWeights, scoreOnly, type FactorScore, type ScoredCandidate } from '../matching/score.ts';
import { DEFAULT_WEIGHTS, FACTORS, type FactorName } from '../matching/settings.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { CandidateQuery } from '../store/types.ts';
import { CandidateIndex } from './candidate-index.ts';
import type { PartnerList } from './types.ts';

/** The organisations a run scores and draws candidates from, indexed once per run. */
export interface RunSnapshot {
  byId: ReadonlyMap<string, Organisation>;
  index: CandidateIndex;
}

export function buildSnapshot(organisations: Iterable<Organisation>): RunSnapshot {
  const byId = new Map<string, Organisation>();
  // Frozen records (the embedded store freezes what it keeps) score about a quarter slower in V8; a run
  // works on its own unfrozen copies.
  for (const org of organisations) byId.set(org.id, Object.isFrozen(org) ? structuredClone(org) : org);
  return { byId, index: new CandidateIndex(byId.values()) };
}

export interface ListOptions {
  topK: number;
  maxCandidates: number;
  /** the date scores are computed as of (trust recency, years trading) */
  asOf: Date;
  /** stamped on the list */
  computedAt: string;
  weights?: Readonly<Record<FactorName, number>>;
}

/**
 * The matching context and blocking query of one seeker, then its ranked list from the candidates the query
 * found. Split in two so the candidates may come from memory (a run's index) or from a store query
 * (incremental refresh).
 */
export function listQuery(ref: Reference, seeker: Organisation, options: Pick<ListOptions, 'asOf' | 'maxCandidates' | 'weights'>): { ctx: MatchContext; query: CandidateQuery } {
  const ctx = buildContext(ref, profileOf(seeker, ref), undefined, { weights: { ...(options.weights ?? DEFAULT_WEIGHTS) }, now: options.asOf });
  return { ctx, query: candidateQueryFor(ctx, options.maxCandidates) };
}

/**
 * The best `topK` candidates, ranked as rankCandidates ranks them (same eligibility filter, same scores, same
 * order), without writing the reasons: a list stores numbers only, and the sentences are written when it is
 * read (read-partners.ts).
 */
export function rankList(ctx: MatchContext, candidates: readonly Organisation[], options: Pick<ListOptions, 'topK' | 'computedAt'>): PartnerList {
  const weights = effectiveWeights(ctx);
  const scored: ScoredCandidate[] = [];
  for (const org of candidates) if (isEligibleCandidate(ctx.seeker.org, org)) scored.push(scoreOnly(ctx, profileOf(org, ctx.ref), weights));
  scored.sort(compareScored);
  const top = scored.length > options.topK ? scored.slice(0, options.topK) : scored;
  return {
    seekerId: ctx.seeker.org.id,
    computedAt: options.computedAt,
    partners: top.map((s, i) => ({ partnerId: s.profile.org.id, rank: i + 1, total: s.total, factors: rounded(s.factors) })),
  };
}

/** Factor scores and weights to 4 decimals, as explainScore presents them. */
function rounded(factors: Record<FactorName, FactorScore>): Record<FactorName, FactorScore> {
  const out = {} as Record<FactorName, FactorScore>;
  for (const name of FACTORS) out[name] = { score: round4(factors[name].score), weight: round4(factors[name].weight) };
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** One seeker's list with candidates from a run snapshot. */
export function computeList(ref: Reference, snapshot: RunSnapshot, seeker: Organisation, options: ListOptions): PartnerList {
  const { ctx, query } = listQuery(ref, seeker, options);
  return rankList(ctx, snapshot.index.find(query), options);
}
