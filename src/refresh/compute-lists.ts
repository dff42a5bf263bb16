/**
 * The pure heart of a refresh: one organisation's top-K general-fit partners (no tender: complementary
 * services and places, values, ways of working, trust, scale, competition, resilience), computed with
 * src/matching exactly as the on-demand matcher would, except that candidates come from the run's
 * CandidateIndex (same query, same answer as Store.findCandidates) and at most `maxCandidates` are scored.
 * No I/O: organisations in, lists out.
 */
import { candidateQueryFor } from '../matching/candidates.ts';
import { buildContext, type MatchContext } from '../matching/context.ts';
import { rankCandidates } from '../matching/find-partners.ts';
import { profileOf } from '../matching/profile.ts';
import { DEFAULT_WEIGHTS, type FactorName } from '../matching/settings.ts';
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
  for (const org of organisations) byId.set(org.id, org);
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

export function rankList(ctx: MatchContext, candidates: readonly Organisation[], options: Pick<ListOptions, 'topK' | 'computedAt'>): PartnerList {
  const ranked = rankCandidates(ctx, candidates, options.topK);
  return {
    seekerId: ctx.seeker.org.id,
    computedAt: options.computedAt,
    partners: ranked.map((s, i) => ({ partnerId: s.organisation.id, rank: i + 1, total: s.total, factors: s.factors })),
  };
}

/** One seeker's list with candidates from a run snapshot. */
export function computeList(ref: Reference, snapshot: RunSnapshot, seeker: Organisation, options: ListOptions): PartnerList {
  const { ctx, query } = listQuery(ref, seeker, options);
  return rankList(ctx, snapshot.index.find(query), options);
}
