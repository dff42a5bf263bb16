import { describe, expect, it } from 'vitest';
import { isValidTeam, teamScore, type Team } from '../../../src/consortia/objective.ts';
import { buildProblem, containsAll, countNew, emptyBits, setBit, unionContainsAll, type Problem } from '../../../src/consortia/problem.ts';
import { requirementsOf } from '../../../src/consortia/requirements.ts';
import { CONSORTIUM_DEFAULTS, resolveObjectiveWeights } from '../../../src/consortia/settings.ts';
import { solveExact } from '../../../src/consortia/solve-exact.ts';
import { solveHeuristic } from '../../../src/consortia/solve-heuristic.ts';
import { partnershipGraphOf } from '../../../src/organisations/partnership-graph.ts';
import { generateInstance, NOW, ref, type Instance } from './fixtures.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

function problemOf({ tender, lead, pool }: Instance, maxPartners: number = CONSORTIUM_DEFAULTS.maxPartners): Problem {
  const req = requirementsOf(tender, ref, { areaCoverage: 'lad' });
  return buildProblem(ref, tender, req, lead, pool, {
    maxPartners,
    weights: resolveObjectiveWeights(undefined),
    now: NOW,
    partnerships: partnershipGraphOf([lead, ...pool]),
    maxPool: 1000,
    poolPerGap: 1000,
    maxShareOfTurnover: CONSORTIUM_DEFAULTS.maxShareOfTurnover,
    vetoes: HONOUR_EVERY_VETO,
  });
}

/** Every subset of up to M candidates, scored naively: the yardstick for the yardstick. */
function bruteForce(problem: Problem): Team | undefined {
  const n = problem.members.length;
  let best: Team | undefined;
  const visit = (from: number, team: number[]) => {
    if (isValidTeam(problem, team)) {
      const score = teamScore(problem, team);
      if (!best || score > best.score + 1e-12) best = { members: [...team], score };
    }
    if (team.length > problem.maxPartners) return;
    for (let c = from; c < n; c++) visit(c + 1, [...team, c]);
  };
  visit(1, [0]);
  return best;
}

const heuristic = (problem: Problem) =>
  solveHeuristic(problem, {
    beamWidth: CONSORTIUM_DEFAULTS.beamWidth,
    branching: CONSORTIUM_DEFAULTS.branching,
    localSearchTeams: CONSORTIUM_DEFAULTS.localSearchTeams,
    keep: 10,
  });

describe('coverage bitsets', () => {
  it('when a set holds bit 31 and beyond, then it is recognised as complete (word values read unsigned)', () => {
    const full = emptyBits(40);
    const a = emptyBits(40);
    const b = emptyBits(40);
    for (let i = 0; i < 40; i++) setBit(full, i);
    for (let i = 0; i < 40; i++) setBit(i < 3 ? a : b, i);
    expect(containsAll(a, full)).toBe(false);
    expect(unionContainsAll(a, b, full)).toBe(true);
    setBit(a, 31);
    expect(countNew(emptyBits(40), a)).toBe(4);
    for (let i = 3; i < 40; i++) setBit(a, i);
    expect(containsAll(a, full)).toBe(true);
  });
});

describe('exact solver', () => {
  it('when checked against naive enumeration on small seeded instances, then it finds the same optimum', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const problem = problemOf(generateInstance(seed, 12), 3);
      const naive = bruteForce(problem);
      const exact = solveExact(problem, 5)[0];
      if (!naive) expect(exact, `seed ${seed}`).toBeUndefined();
      else expect(exact?.score, `seed ${seed}`).toBeCloseTo(naive.score, 9);
    }
  });

  it('when asked for the best K, then it returns K valid teams in descending score', () => {
    const problem = problemOf(generateInstance(7, 20));
    const teams = solveExact(problem, 5);
    expect(teams.length).toBeGreaterThan(1);
    for (const t of teams) expect(isValidTeam(problem, t.members)).toBe(true);
    for (let i = 1; i < teams.length; i++) expect(teams[i - 1].score).toBeGreaterThanOrEqual(teams[i].score);
  });
});

describe('heuristic solver', () => {
  it('when compared with the exact solver on 300 seeded instances of up to 30 candidates, then its best team scores at least 98% of the optimum on average', () => {
    const ratios: number[] = [];
    let exactOnly = 0;
    let optimal = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const problem = problemOf(generateInstance(1000 + seed, 12 + (seed % 19)));
      if (problem.members.length - 1 > CONSORTIUM_DEFAULTS.exactMaxCandidates) continue;
      const exact = solveExact(problem, 1)[0];
      const found = heuristic(problem);
      for (const t of found) expect(isValidTeam(problem, t.members)).toBe(true);
      if (!exact) {
        expect(found).toEqual([]);
        continue;
      }
      const best = found[0];
      if (!best) exactOnly++;
      const ratio = best ? best.score / exact.score : 0;
      expect(ratio).toBeLessThanOrEqual(1 + 1e-9);
      if (ratio > 1 - 1e-9) optimal++;
      ratios.push(ratio);
    }
    const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
    const worst = Math.min(...ratios);
    console.log(
      `consortia quality: heuristic/exact mean ${(mean * 100).toFixed(2)}% over ${ratios.length} solvable instances; optimal in ${optimal}; worst ${(worst * 100).toFixed(1)}%; no team found where one exists: ${exactOnly}`,
    );
    expect(ratios.length).toBeGreaterThan(150);
    expect(mean).toBeGreaterThanOrEqual(0.98);
  });
});
