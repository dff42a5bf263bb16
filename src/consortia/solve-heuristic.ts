/**
 * Heuristic consortium solver for large pools: beam search with RarestFirst branching and greedy
 * marginal-gain ranking, then best-improvement local search (drop / add / swap one member).
 *
 * - Branching, after the RarestFirst algorithm of Lappas, Liu and Terzi, "Finding a team of experts in
 *   social networks", KDD 2009: a team that still misses requirements is extended only by the holders of
 *   its rarest missing requirement (the one fewest candidates cover). Every valid completion must contain
 *   one of them, so the rule loses no valid team; it only orders the search. Once everything is covered but
 *   the turnover is short, any candidate with turnover may be added.
 * - Ranking (greedy marginal gain): children are ranked by an estimate of the final objective — their
 *   pair terms so far and the size term of the smallest team that could still complete them (missing
 *   requirements ÷ the most any one candidate covers, turnover deficit ÷ the largest turnover) — ties to the
 *   child that covers more. States that cannot complete within M partners are dropped.
 * - Beam: the `beamWidth` best incomplete states and the `beamWidth / 4` best valid ones go on to the next
 *   depth; a valid team may still gain from a member whose pairs lift the mean.
 * - Local search: the best `localSearchTeams` valid teams take the best improving move until none helps.
 *
 * Measured against the exact solver on seeded instances of up to 30 candidates (tests/unit/consortia), its
 * best team scores ≥ 98% of the optimum on average; see docs/consortia.md for the figure.
 */
import { compareTeams, scoreFromSums, teamCoverage, type Team } from './objective.ts';
import { containsAll, countNew, hasBit, orBits, sumsWith, unionContainsAll, type Bits, type Problem } from './problem.ts';

export interface HeuristicOptions {
  beamWidth: number;
  /** children tried per state: the best-paired holders of its rarest missing requirement */
  branching: number;
  localSearchTeams: number;
  keep: number;
}

interface State {
  members: number[];
  cover: Bits;
  turnover: number;
  valueSum: number;
  riskSum: number;
  pairCount: number;
  estimate: number;
  covered: number;
}

export function solveHeuristic(problem: Problem, options: HeuristicOptions): Team[] {
  const { members, full, maxPartners, requirements } = problem;
  const n = members.length;
  const threshold = problem.req.thresholdGbp ?? 0;

  // How many candidates hold each requirement, and the most any one candidate (or turnover) adds.
  const holders: number[][] = requirements.map(() => []);
  let mostCovered = 1;
  let largestTurnover = 0;
  for (let c = 1; c < n; c++) {
    let k = 0;
    for (let r = 0; r < requirements.length; r++) {
      if (!hasBit(members[c].covers, r)) continue;
      holders[r].push(c);
      k++;
    }
    mostCovered = Math.max(mostCovered, k);
    largestTurnover = Math.max(largestTurnover, members[c].turnover);
  }
  // Candidates in order of their (cheap) pair score with the lead, so each state tries the most promising first.
  const withLead = [...Array(n).keys()].slice(1).sort((a, b) => problem.leadScore(b) - problem.leadScore(a) || a - b);
  const rank = new Int32Array(n);
  withLead.forEach((c, k) => (rank[c] = k));
  for (const list of holders) list.sort((a, b) => rank[a] - rank[b]);
  const byTurnover = withLead
    .filter((c) => members[c].turnover > 0)
    .sort((a, b) => members[b].turnover - members[a].turnover || rank[a] - rank[b]);
  const forTurnover = [
    ...new Set([...byTurnover.slice(0, options.branching), ...withLead.filter((c) => members[c].turnover > 0).slice(0, options.branching)]),
  ];

  const valid = new Map<string, Team>();
  const keyOf = (m: readonly number[]) => m.join(',');
  const isComplete = (s: State) => containsAll(s.cover, full) && s.turnover >= threshold;

  /** Extra members a state needs at least, or Infinity when it cannot complete. */
  const stillNeeded = (cover: Bits, turnover: number): number => {
    let missing = 0;
    for (let r = 0; r < requirements.length; r++) {
      if (hasBit(cover, r)) continue;
      if (holders[r].length === 0) return Infinity;
      missing++;
    }
    const forCover = Math.ceil(missing / mostCovered);
    const deficit = threshold - turnover;
    const forTurnover = deficit <= 0 ? 0 : largestTurnover > 0 ? Math.ceil(deficit / largestTurnover) : Infinity;
    return Math.max(forCover, forTurnover);
  };

  const extend = (s: State, c: number): State | undefined => {
    let value = s.valueSum;
    let risk = s.riskSum;
    for (const m of s.members) {
      if (problem.conflict(m, c)) return undefined;
      value += problem.pairValue(m, c);
      risk += problem.pairRisk(m, c);
    }
    const memberList = [...s.members, c].sort((a, b) => a - b);
    const cover = orBits(s.cover, members[c].covers);
    const turnover = s.turnover + members[c].turnover;
    const pairCount = s.pairCount + s.members.length;
    const need = stillNeeded(cover, turnover);
    if (memberList.length + need > maxPartners + 1) return undefined;
    const estimate = scoreFromSums(problem, value, risk, pairCount, memberList.length + need);
    return {
      members: memberList,
      cover,
      turnover,
      valueSum: value,
      riskSum: risk,
      pairCount,
      estimate,
      covered: s.covered + countNew(s.cover, members[c].covers),
    };
  };

  const lead: State = {
    members: [0],
    cover: members[0].covers,
    turnover: members[0].turnover,
    valueSum: 0,
    riskSum: 0,
    pairCount: 0,
    estimate: 1,
    covered: 0,
  };
  if (isComplete(lead)) valid.set('0', { members: [0], score: scoreFromSums(problem, 0, 0, 0, 1) });

  /**
   * RarestFirst: the best-paired holders of the rarest missing requirement; when only turnover is short, the
   * largest and the best-paired candidates with turnover; for a valid team, the best-paired candidates.
   */
  const branchesOf = (s: State): number[] => {
    const pickFrom = (list: readonly number[]) => {
      const out: number[] = [];
      for (const c of list) {
        if (out.length >= options.branching) break;
        if (!s.members.includes(c)) out.push(c);
      }
      return out;
    };
    if (isComplete(s)) return pickFrom(withLead);
    let rarest = -1;
    for (let r = 0; r < requirements.length; r++) {
      if (hasBit(s.cover, r)) continue;
      if (rarest < 0 || holders[r].length < holders[rarest].length) rarest = r;
    }
    return rarest >= 0 ? pickFrom(holders[rarest]) : forTurnover.filter((c) => !s.members.includes(c));
  };

  const touched = new Set<number>();
  let beam: State[] = [lead];
  const byEstimate = (a: State, b: State) =>
    b.estimate - a.estimate || b.covered - a.covered || keyOf(a.members).localeCompare(keyOf(b.members));
  for (let depth = 1; depth <= maxPartners && beam.length > 0; depth++) {
    const children = new Map<string, State>();
    for (const s of beam) {
      for (const c of branchesOf(s)) {
        if (s.members.includes(c)) continue;
        touched.add(c);
        const child = extend(s, c);
        if (!child) continue;
        const key = keyOf(child.members);
        if (!children.has(key)) children.set(key, child);
      }
    }
    const incomplete: State[] = [];
    const complete: State[] = [];
    for (const [key, child] of children) {
      if (isComplete(child)) {
        child.estimate = scoreFromSums(problem, child.valueSum, child.riskSum, child.pairCount, child.members.length);
        complete.push(child);
        if (!valid.has(key)) valid.set(key, { members: child.members, score: child.estimate });
      } else incomplete.push(child);
    }
    beam = [
      ...incomplete.sort(byEstimate).slice(0, options.beamWidth),
      ...complete.sort(byEstimate).slice(0, Math.max(1, options.beamWidth >> 2)),
    ];
  }

  const compare = compareTeams(problem);
  const seeds = [...valid.values()].sort(compare).slice(0, options.localSearchTeams);
  // Local search moves among the candidates the beam tried and the best-paired with the lead.
  const movable = [...new Set([...touched, ...withLead.slice(0, 2 * options.branching)])].sort((a, b) => a - b);
  for (const seed of seeds)
    for (const team of localSearch(problem, seed, threshold, movable))
      if (!valid.has(keyOf(team.members))) valid.set(keyOf(team.members), team);
  return [...valid.values()].sort(compare).slice(0, options.keep);
}

/**
 * Best-improvement hill climbing from a valid team over drop, add and swap moves with `movable` candidates;
 * returns every team it moved through. Moves are checked for validity (coverage, turnover, conflicts) before
 * any pair is scored, and nothing is allocated until a better team is found.
 */
function localSearch(problem: Problem, start: Team, threshold: number, movable: readonly number[]): Team[] {
  const { members, full, maxPartners } = problem;
  const path: Team[] = [];
  let current = start;
  for (let step = 0; step < 20; step++) {
    const team = current.members;
    const size = team.length;
    let bestScore = current.score + 1e-12;
    let bestMove: { drop: number; add: number } | undefined;
    // Per member: coverage, turnover and pair sums of the team without it (the lead is never dropped).
    let valueSum = 0;
    let riskSum = 0;
    for (let a = 0; a < size; a++)
      for (let b = a + 1; b < size; b++) {
        valueSum += problem.pairValue(team[a], team[b]);
        riskSum += problem.pairRisk(team[a], team[b]);
      }
    const total = team.reduce((s, i) => s + members[i].turnover, 0);
    const cover = teamCoverage(problem, team);
    const inTeam = new Set(team);
    for (let k = 0; k <= size; k++) {
      // k < size: drop team[k] (k ≥ 1); k === size: drop nobody.
      if (k === 0) continue;
      const dropping = k < size ? team[k] : -1;
      const rest = dropping < 0 ? team : team.filter((m) => m !== dropping);
      const restCover = dropping < 0 ? cover : teamCoverage(problem, rest);
      const restTurnover = dropping < 0 ? total : total - members[dropping].turnover;
      let restValue = valueSum;
      let restRisk = riskSum;
      if (dropping >= 0)
        for (const m of rest) {
          restValue -= problem.pairValue(m, dropping);
          restRisk -= problem.pairRisk(m, dropping);
        }
      const restCount = (rest.length * (rest.length - 1)) / 2;
      if (dropping >= 0 && containsAll(restCover, full) && restTurnover >= threshold) {
        const score = scoreFromSums(problem, restValue, restRisk, restCount, rest.length);
        if (score > bestScore) [bestScore, bestMove] = [score, { drop: dropping, add: -1 }];
      }
      if (rest.length > maxPartners) continue;
      for (const c of movable) {
        if (inTeam.has(c)) continue;
        if (restTurnover + members[c].turnover < threshold || !unionContainsAll(restCover, members[c].covers, full)) continue;
        const sums = sumsWith(problem, rest, c, restValue, restRisk);
        if (!sums) continue;
        const { value, risk } = sums;
        const score = scoreFromSums(problem, value, risk, restCount + rest.length, rest.length + 1);
        if (score > bestScore) [bestScore, bestMove] = [score, { drop: dropping, add: c }];
      }
    }
    if (!bestMove) break;
    const next = team.filter((m) => m !== bestMove.drop);
    if (bestMove.add >= 0) next.push(bestMove.add);
    next.sort((a, b) => a - b);
    current = { members: next, score: bestScore };
    path.push(current);
  }
  return path;
}
