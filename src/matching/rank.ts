import type { MatchContext } from './context.ts';
import { isCrediblyThere, isEligibleCandidate } from './filters.ts';
import type { OrgProfile } from './profile.ts';
import { BELOW, type CandidateScore, Scorer } from './score.ts';

/** A candidate's place in a ranking, before any sentence is written. */
export interface Ranked {
  profile: OrgProfile;
  total: number;
}

/** What a ranking pass saw besides its result, for the notes (notes.ts): counted there once, not again. */
export interface RankStats {
  /** candidates found that are not credibly in or next to the tender area (a claim too wide for their size) */
  notCredible: number;
}

/**
 * The best `limit` eligible candidates credibly in or next to the tender area (filters.ts), highest total first,
 * ties by id (so every store ranks identically).
 * A top-k selection: `top` stays sorted, and once it is full a candidate is scored only as far as it could
 * still beat the current k-th (Scorer.totalIfAbove). `stats`, when given, is filled as the pass goes.
 * Candidates come as profiles (profileOf): a caller holding them already (the refresh's index) looks none up.
 */
export function topCandidates(scorer: Scorer, candidates: readonly OrgProfile[], limit: number, stats?: RankStats): Ranked[] {
  const { ctx } = scorer;
  const { seeker } = ctx;
  const top: Ranked[] = [];
  if (limit <= 0) return top;
  for (let c = 0; c < candidates.length; c++) {
    const profile = candidates[c];
    if (!isCrediblyThere(ctx, profile)) {
      if (stats) stats.notCredible++;
      continue;
    }
    if (!isEligibleCandidate(seeker, profile, ctx.honoursVeto)) continue;
    const total = scorer.totalIfAbove(profile, top.length === limit ? top[limit - 1].total : -Infinity);
    if (total === BELOW || (top.length === limit && !ranksAbove(total, profile.id, top[limit - 1]))) continue;
    let i = top.length;
    while (i > 0 && ranksAbove(total, profile.id, top[i - 1])) i--;
    top.splice(i, 0, { profile, total });
    if (top.length > limit) top.pop();
  }
  return top;
}

function ranksAbove(total: number, id: string, other: Ranked): boolean {
  return total > other.total || (total === other.total && id < other.profile.id);
}

/**
 * Pure: eligible candidates (as profiles: profileOf, or a store's prepared ones) scored and ranked, best `limit` kept,
 * reasons written for those only.
 */
export function rankCandidates(ctx: MatchContext, candidates: readonly OrgProfile[], limit: number, stats?: RankStats): CandidateScore[] {
  const scorer = new Scorer(ctx);
  return topCandidates(scorer, candidates, limit, stats).map((r) => scorer.explain(r.profile));
}
