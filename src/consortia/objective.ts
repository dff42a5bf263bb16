/**
 * The consortium objective, in [0, 1], higher is better. For a team T of the lead and up to M partners:
 *
 *   score(T) = ( w_values · mean_pairs values(a, b)
 *              + w_trust  · mean_pairs trust(a, b)
 *              + w_ways   · mean_pairs waysOfWorking(a, b)
 *              + w_comp   · (1 − min(1, Σ_pairs rivalry(a, b) / M))
 *              + w_size   · (M + 1 − |T|) / M
 *              + w_evid   · mean_members evidence(m)
 *              + w_cap    · mean_members capacity(m) ) / Σ w
 *
 * over every pair {a, b} ⊆ T (pairs.ts; rivalry = 1 − the pair's competition term). Every pair counts, not
 * only lead–partner pairs: all members have to work together. Values, trust and ways of working are means:
 * a team is as aligned as its pairs on average. Rivalry is a sum — each fully rival pair costs 1/M of the
 * term — so adding members never hides a pair of competitors ("few direct competitors inside the team").
 * The size term prefers fewer members (1 alone, 0 at the largest allowed team). A team of one has no pairs:
 * its pair terms count as 1 (no partnership risk). Weights are data (settings.ts); trust's is scaled by
 * 1 + urgency (problem.ts). The member terms (problem.ts: evidence — local roots and registered services over
 * claims; capacity — each member can carry its part) are folded into the pair values, half each way, so a mean over
 * pairs is their mean over members. The solvers carry two running sums per team — Σ pairValue and Σ pairRisk.
 *
 * Validity is separate and hard: the team covers every requirement, its combined turnover reaches the
 * threshold, and no member has put another on its do-not-partner list.
 */
import { containsAll, orBits, type Bits, type Problem } from './problem.ts';
import { OBJECTIVE_TERMS, PAIR_TERMS, type MemberTerm, type ObjectiveTerm } from './settings.ts';

/** Member indices, ascending, always starting with the lead (0). */
export type TeamMembers = readonly number[];

export interface Team {
  members: TeamMembers;
  score: number;
}

export function sizeTerm(teamSize: number, maxPartners: number): number {
  return maxPartners > 0 ? Math.max(0, (maxPartners + 1 - teamSize) / maxPartners) : 1;
}

/**
 * The objective from a team's running sums (what the solvers keep incrementally): `valueSum` = Σ pairValue,
 * `riskSum` = Σ pairRisk over its `pairCount` pairs.
 */
export function scoreFromSums(problem: Problem, valueSum: number, riskSum: number, pairCount: number, teamSize: number): number {
  const w = problem.weights;
  const averaged = pairCount > 0 ? valueSum / pairCount : problem.meanWeight;
  const rivalry = 1 - Math.min(1, riskSum / Math.max(1, problem.maxPartners));
  const total = problem.totalWeight;
  return total > 0 ? (averaged + w.competition * rivalry + w.size * sizeTerm(teamSize, problem.maxPartners)) / total : 0;
}

export function teamScore(problem: Problem, members: TeamMembers): number {
  let value = 0;
  let risk = 0;
  let count = 0;
  for (let a = 0; a < members.length; a++)
    for (let b = a + 1; b < members.length; b++) {
      value += problem.pairValue(members[a], members[b]);
      risk += problem.pairRisk(members[a], members[b]);
      count++;
    }
  return scoreFromSums(problem, value, risk, count, members.length);
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
  for (let a = 0; a < members.length; a++)
    for (let b = a + 1; b < members.length; b++) if (problem.conflict(members[a], members[b])) return true;
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
      for (const t of PAIR_TERMS) sums[t] += t === 'competition' ? 1 - terms[t] : terms[t];
      count++;
    }
  const out = {} as Record<ObjectiveTerm, { score: number; weight: number }>;
  const memberMean = (t: MemberTerm) => (members.length > 1 ? members.reduce((s, i) => s + problem.members[i][t], 0) / members.length : 1);
  for (const t of OBJECTIVE_TERMS) {
    const score =
      t === 'size'
        ? sizeTerm(members.length, problem.maxPartners)
        : t === 'competition'
          ? 1 - Math.min(1, sums.competition / Math.max(1, problem.maxPartners))
          : t === 'evidence' || t === 'capacity'
            ? memberMean(t)
            : count > 0
              ? sums[t] / count
              : 1;
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
    const extendsBetter = out.some(
      (o) => o.members.length > 1 && o.members.length < team.members.length && o.members.every((m) => team.members.includes(m)),
    );
    if (!extendsBetter) out.push(team);
  }
  return out;
}

export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
