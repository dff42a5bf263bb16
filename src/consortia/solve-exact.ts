/**
 * Exact consortium solver: depth-first branch and bound over every team of the lead and up to M partners,
 * for small instances (at most CONSORTIUM_DEFAULTS.exactMaxCandidates candidates after the pre-filter; with M = 4 and
 * 30 candidates that is at most 31,930 teams). It is the yardstick the heuristic is measured against.
 *
 * Candidates are taken in index order, so every subset is visited once. A branch is cut when
 *  - feasibility fails: the candidates still to come cannot complete the coverage (their union misses a
 *    requirement) or the turnover (the lead's team plus the largest remaining turnovers stays short); since
 *    later suffixes are smaller, the rest of the loop is cut too;
 *  - the bound fails: no extension can beat the `keep`-th best team found so far. Adding members only lowers
 *    the size term and only adds rivalry, and the averaged pair terms of any extension are at most
 *    max(current mean, best pair in the instance).
 * Returns the best `keep` valid teams, best first (ties: fewer members, then ids).
 */
import { compareTeams, scoreFromSums, type Team } from './objective.ts';
import { containsAll, orBits, sumsWith, unionContainsAll, type Bits, type Problem } from './problem.ts';

/** The exact search was stopped by its caller's `stop` (a time budget) before it finished. */
export class ExactSearchStopped extends Error {
  constructor() {
    super('consortia/solve-exact: stopped before the search finished (time budget)');
    this.name = 'ExactSearchStopped';
  }
}

/** `stop` is asked every few thousand teams; when it answers true the search throws ExactSearchStopped. */
export function solveExact(problem: Problem, keep: number, stop?: () => boolean): Team[] {
  let visits = 0;
  const { members, full, maxPartners } = problem;
  const n = members.length;
  const threshold = problem.req.thresholdGbp ?? 0;
  const compare = compareTeams(problem);

  // Suffix unions and, per suffix, turnovers largest first (for the feasibility cut).
  const suffixCover = new Array<Bits>(n + 1);
  suffixCover[n] = new Uint32Array(full.length);
  for (let i = n - 1; i >= 1; i--) suffixCover[i] = orBits(suffixCover[i + 1], members[i].covers);
  // suffixTop[i][k]: the sum of the k largest turnovers among candidates i…n−1.
  const suffixTop = new Array<number[]>(n + 1);
  let sorted: number[] = [];
  suffixTop[n] = new Array<number>(maxPartners + 1).fill(0);
  for (let i = n - 1; i >= 1; i--) {
    sorted = [...sorted, members[i].turnover].sort((a, b) => b - a);
    suffixTop[i] = [0];
    for (let k = 1; k <= maxPartners; k++) suffixTop[i][k] = suffixTop[i][k - 1] + (sorted[k - 1] ?? 0);
  }

  let bestPair = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) bestPair = Math.max(bestPair, problem.pairValue(i, j));

  const best: Team[] = [];
  const record = (team: Team) => {
    if (best.length === keep && compare(team, best[best.length - 1]) >= 0) return;
    let at = best.length;
    while (at > 0 && compare(team, best[at - 1]) < 0) at--;
    best.splice(at, 0, team);
    if (best.length > keep) best.pop();
  };
  const cutoff = () => (best.length === keep ? best[keep - 1].score : -1);

  const team: number[] = [0];
  const visit = (from: number, cover: Bits, turnover: number, valueSum: number, riskSum: number, pairCount: number) => {
    if (stop && (++visits & 4095) === 0 && stop()) throw new ExactSearchStopped();
    if (containsAll(cover, full) && turnover >= threshold)
      record({ members: [...team], score: scoreFromSums(problem, valueSum, riskSum, pairCount, team.length) });
    if (team.length > maxPartners) return;
    const slots = maxPartners + 1 - team.length;
    for (let c = from; c < n; c++) {
      if (!unionContainsAll(cover, suffixCover[c], full)) break;
      if (turnover + suffixTop[c][slots] < threshold) break;
      const sums = sumsWith(problem, team, c, valueSum, riskSum);
      if (!sums) continue;
      const { value, risk } = sums;
      const count = pairCount + team.length;
      const bound = scoreFromSums(problem, Math.max(value / count, bestPair) * count, risk, count, team.length + 1);
      if (bound < cutoff()) continue;
      team.push(c);
      visit(c + 1, orBits(cover, members[c].covers), turnover + members[c].turnover, value, risk, count);
      team.pop();
    }
  };
  visit(1, members[0].covers, members[0].turnover, 0, 0, 0);
  return best;
}
