/**
 * The pure heart of a refresh: one organisation's top-K general-fit partners (no tender: complementary
 * services and places, values, ways of working, trust, scale, competition, resilience), computed with
 * src/matching exactly as the on-demand matcher ranks (tests/integration/refresh.test.ts checks it against
 * rankCandidates in src/matching/rank.ts), except that candidates come from the run's CellIndex (same query, same answer as
 * Store.findCandidates), at most `maxCandidates` are scored, and no reasons are written.
 * No I/O: organisations in, lists out.
 */
import { candidateQueryFor } from '../matching/candidates.ts';
import { buildContext, type MatchContext } from '../matching/context.ts';
import { prepareForMatching, profileOf, type OrgProfile } from '../matching/profile.ts';
import { topCandidates } from '../matching/rank.ts';
import { Scorer } from '../matching/score.ts';
import { DEFAULT_WEIGHTS, type FactorName } from '../matching/settings.ts';
import { partnershipGraphOf, type PartnershipGraph } from '../organisations/partnership-graph.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { CellIndex } from '../store/cell-index.ts';
import type { CandidateQuery } from '../store/types.ts';
import type { PartnerList } from './types.ts';
import { MemoCellIndex } from './memo-index.ts';
import { REFRESH_DEFAULTS } from './settings.ts';
import { HONOUR_NO_VETO } from '../matching/vetoes.ts';

/** The organisations a run scores and draws candidates from, indexed once per run. */
export interface RunSnapshot {
  byId: ReadonlyMap<string, Organisation>;
  /**
   * their matching profiles, indexed by the organisations' services and areas: a pool comes out as profiles, ready
   * to rank (an organisation → profile look-up per candidate was a tenth of a list's time, issue 18)
   */
  index: CellIndex<OrgProfile>;
  /**
   * each organisation's profile (the index's), by id. Built without profileOf's cache: a run holds its profiles for
   * its whole length, and a million-entry WeakMap made every major garbage collection walk a million ephemerons
   * (at 1,000,000 most of an incremental run's time went there).
   */
  profiles: ReadonlyMap<string, OrgProfile>;
  /** everyone's partnerships, for trust */
  partnerships: PartnershipGraph;
}

export function buildSnapshot(ref: Reference, organisations: Iterable<Organisation>): RunSnapshot {
  const byId = new Map<string, Organisation>();
  // Frozen records (the embedded store freezes what it keeps) score about a quarter slower in V8; a run
  // works on its own unfrozen copies.
  for (const org of organisations) byId.set(org.id, Object.isFrozen(org) ? structuredClone(org) : org);
  const prepare = prepareForMatching(ref);
  const profiles = Array.from(byId.values(), prepare);
  return {
    byId,
    index: new MemoCellIndex(profiles, (p) => p.org, REFRESH_DEFAULTS.findMemo),
    profiles: new Map(profiles.map((p) => [p.id, p])),
    partnerships: partnershipGraphOf(byId.values()),
  };
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
export function listQuery(
  ref: Reference,
  seeker: Organisation,
  options: Pick<ListOptions, 'asOf' | 'maxCandidates' | 'weights'> & { partnerships: PartnershipGraph; profile?: OrgProfile },
): { ctx: MatchContext; query: CandidateQuery } {
  const ctx = listContext(ref, seeker, options);
  return { ctx, query: candidateQueryFor(ctx, options.maxCandidates) };
}

/** The matching context of one seeker's list (its blocking query aside): what scoring a candidate for it needs. */
export function listContext(
  ref: Reference,
  seeker: Organisation,
  options: Pick<ListOptions, 'asOf' | 'weights'> & {
    partnerships: PartnershipGraph;
    trustToward?: ReadonlySet<string>;
    /** the seeker's profile when the caller holds it (a run snapshot's); profileOf otherwise */
    profile?: OrgProfile;
  },
): MatchContext {
  return buildContext(ref, options.profile ?? profileOf(seeker, ref), undefined, {
    weights: { ...(options.weights ?? DEFAULT_WEIGHTS) },
    now: options.asOf,
    // Nightly lists are served to anyone: no one's do-not-partner list shapes them. Readers who may read a list
    // have it applied when theirs is served (read-partners.ts).
    vetoes: HONOUR_NO_VETO,
    partnerships: options.partnerships,
    trustToward: options.trustToward,
  });
}

/**
 * The best `topK` candidates, ranked as rankCandidates ranks them (same eligibility filter, same scores, same
 * order), without writing the reasons: a list stores numbers only, and the sentences are written when it is
 * read (read-partners.ts). Candidates as profiles (profileOf).
 */
export function rankList(
  ctx: MatchContext,
  candidates: readonly OrgProfile[],
  options: Pick<ListOptions, 'topK' | 'computedAt'>,
): PartnerList {
  const scorer = new Scorer(ctx);
  return {
    seekerId: ctx.seeker.org.id,
    computedAt: options.computedAt,
    partners: topCandidates(scorer, candidates, options.topK).map((r, i) => ({
      partnerId: r.profile.org.id,
      rank: i + 1,
      total: r.total,
      factors: scorer.factorScores(r.profile),
    })),
  };
}

/** One seeker's list with candidates from a run snapshot. */
export function computeList(ref: Reference, snapshot: RunSnapshot, seeker: Organisation, options: ListOptions): PartnerList {
  const { ctx, query } = listQuery(ref, seeker, { ...options, ...fromSnapshot(snapshot, seeker) });
  return rankList(ctx, snapshot.index.find(query), options);
}

/** What a seeker's context takes from the run's snapshot: everyone's partnerships and its profile. */
export function fromSnapshot(snapshot: RunSnapshot, seeker: Organisation): { partnerships: PartnershipGraph; profile?: OrgProfile } {
  return { partnerships: snapshot.partnerships, profile: snapshot.profiles.get(seeker.id) };
}
