/**
 * The consortium objective, in [0, 1], higher is better:
 *
 *   score(T) = ( Σ_t w_t · mean_{pairs {a,b} ⊆ T} term_t(a, b)  +  w_size · size(T) ) / ( Σ_t w_t + w_size )
 *
 * over the pair terms t ∈ {valueAlignment, trust, waysOfWorking, competition} (pairs.ts), with
 * size(T) = (M + 1 − |T|) / M for a team of the lead and up to M partners (1 alone, 0 at the largest
 * allowed team). Every pair counts, not only lead–partner pairs: all members have to work together. A team
 * of one has no pairs; its pair terms count as 1 (no partnership risk). Weights are data (settings.ts); trust's
 * is scaled by 1 + urgency (problem.ts). Because each pair's terms enter linearly, the pair part equals the
 * mean over pairs of the pair's own weighted score (Problem.pairScore), which is what the solvers add up.
 *
 * Validity is separate and hard: the team covers every requirement, its combined turnover reaches the
 * threshold, and no member has put another on its do-not-partner list.
 */
import { containsAll, orBits, type Bits, type Problem } from './problem.ts';
import { OBJECTIVE_TERMS, PAIR_TERMS, type ObjectiveTerm } from './settings.ts';

/** Member indices, ascending, always starting with the lead (0). */
export type TeamMembers = readonly number[];

export interface Team {
  members: TeamMembers;
  score: number;
}

export function sizeTerm(teamSize: number, maxPartners: number): number {
  return maxPartners > 0 ? Math.max(0, (maxPartners + 1 - teamSize) / maxPartners) : 1;
}

/** The objective from the running sum of pair scores (what the solvers keep incrementally). */
export function scoreFromPairs(problem: Problem, pairSum: number, pairCount: number, teamSize: number): number {
  const mean = pairCount > 0 ? pairSum / pairCount : 1;
  const total = problem.totalWeight;
  return total > 0 ? (problem.pairWeight * mean + problem.weights.size * sizeTerm(teamSize, problem.maxPartners)) / total : 0;
}

export function teamScore(problem: Problem, members: TeamMembers): number {
  let sum = 0;
  let count = 0;
  for (let a = 0; a < members.length; a++)
    for (let b = a + 1; b < members.length; b++) {
      sum += problem.pairScore(members[a], members[b]);
      count++;
    }
  return scoreFromPairs(problem, sum, count, members.length);
}

export function teamCoverage(problem: Problem, members: TeamMembers): Bits {
  let bits = problem.members[members[0]].covers;
  for (let i = 1; i < members.length; i++) bits = orBits(bits, problem.members[members[i]].covers);
  return bits;
}

export function teamTurnover(problem: Problem, members: TeamMembers): number {
  return members.reduce((s, i) => s + problem.members[i].turnover, 0);
}

export function meetsThreshold(problem: Problem, turnover: number): boolean {
  return problem.req.thresholdGbp === undefined || turnover >= problem.req.thresholdGbp;
}

export function hasConflict(problem: Problem, members: TeamMembers): boolean {
  for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) if (problem.conflict(members[a], members[b])) return true;
  return false;
}

export function isValidTeam(problem: Problem, members: TeamMembers): boolean {
  return (
    members.length <= problem.maxPartners + 1 &&
    containsAll(teamCoverage(problem, members), problem.full) &&
    meetsThreshold(problem, teamTurnover(problem, members)) &&
    !hasConflict(problem, members)
  );
}

/** Each term's value for the team and the weight it carried, for the response. */
export function objectiveBreakdown(problem: Problem, members: TeamMembers): Record<ObjectiveTerm, { score: number; weight: number }> {
  const sums = { valueAlignment: 0, trust: 0, waysOfWorking: 0, competition: 0 };
  let count = 0;
  for (let a = 0; a < members.length; a++)
    for (let b = a + 1; b < members.length; b++) {
      const terms = problem.pair(members[a], members[b]);
      for (const t of PAIR_TERMS) sums[t] += terms[t];
      count++;
    }
  const out = {} as Record<ObjectiveTerm, { score: number; weight: number }>;
  for (const t of OBJECTIVE_TERMS) {
    const score = t === 'size' ? sizeTerm(members.length, problem.maxPartners) : count > 0 ? sums[t] / count : 1;
    out[t] = { score: round(score), weight: round(problem.weights[t]) };
  }
  return out;
}

/** Best first; ties by fewer members, then by member ids, so both solvers and every store agree. */
export function compareTeams(problem: Problem) {
  return (a: Team, b: Team): number => {
    if (b.score !== a.score) return b.score - a.score;
    if (a.members.length !== b.members.length) return a.members.length - b.members.length;
    const ka = teamKey(problem, a.members);
    const kb = teamKey(problem, b.members);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

export function teamKey(problem: Problem, members: TeamMembers): string {
  return members.map((i) => problem.members[i].org.id).join('|');
}

/**
 * The K alternatives from a list of valid teams: best first, dropping any team that merely adds members to a
 * better-ranked team with partners (the same consortium with a passenger is not an alternative).
 */
export function pickAlternatives(problem: Problem, teams: readonly Team[], k: number): Team[] {
  const sorted = [...teams].sort(compareTeams(problem));
  const out: Team[] = [];
  const seen = new Set<string>();
  for (const team of sorted) {
    if (out.length >= k) break;
    const key = team.members.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const extendsBetter = out.some((o) => o.members.length > 1 && o.members.length < team.members.length && o.members.every((m) => team.members.includes(m)));
    if (!extendsBetter) out.push(team);
  }
  return out;
}

export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
