import { describe, expect, it } from 'vitest';
import { generateOrganisations } from '../../../src/demo/generate.ts';
import { mulberry32 } from '../../../src/demo/prng.ts';
import { buildContext } from '../../../src/matching/context.ts';
import { profileOf } from '../../../src/matching/profile.ts';
import { evaluationOrder, FACTOR_IMPLEMENTATIONS, Scorer } from '../../../src/matching/score.ts';
import { FACTORS, resolveWeights, type FactorName, type WeightsOverride } from '../../../src/matching/settings.ts';
import { partnershipGraphOf } from '../../../src/organisations/partnership-graph.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildTender } from '../../builders.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

const ref = defaultReference();
const NOW = new Date('2026-06-01T00:00:00Z');

describe('the total adds up', () => {
  const orgs = generateOrganisations(ref, { count: 400, seed: 33 });
  const graph = partnershipGraphOf(orgs);
  const rand = mulberry32(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const weightings: (WeightsOverride | undefined)[] = [undefined, { trust: 4 }, { geography: 0 }, { valueAlignment: 2, competition: 3 }];

  it('when any seeker, tender and candidate are scored, then the total is the weighted mean of every applicable factor, each evaluated', () => {
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      const seeker = pick(orgs);
      const other = pick(orgs);
      const tender =
        rand() < 0.2
          ? undefined
          : buildTender({
              cpvCodes: [...new Set([pick(seeker.services), ...other.services.slice(0, 2)])],
              deliveryAreas: rand() < 0.8 ? [pick(other.areas)] : [],
              valueGbp: rand() < 0.7 ? 1_000_000 + Math.floor(rand() * 20_000_000) : undefined,
              submissionDeadline: rand() < 0.5 ? '2026-06-25T12:00:00Z' : undefined,
              vcseSuitable: rand() < 0.5,
              reservedForMutuals: rand() < 0.2,
            });
      const ctx = buildContext(ref, profileOf(seeker, ref), tender, {
        weights: resolveWeights(weightings[i % weightings.length]),
        now: NOW,
        partnerships: graph,
        vetoes: HONOUR_EVERY_VETO,
      });
      const scorer = new Scorer(ctx);
      for (let c = 0; c < 30; c++) {
        const candidate = profileOf(pick(orgs), ref);
        // Computed here from each factor directly, in FACTORS order, with no shortcut.
        let sum = 0;
        let weightSum = 0;
        const expected: Partial<Record<FactorName, number>> = {};
        for (const name of FACTORS) {
          const s = FACTOR_IMPLEMENTATIONS[name].score(ctx, candidate);
          if (s === undefined) continue;
          expected[name] = s;
          sum += scorer.weights[name] * s;
          weightSum += scorer.weights[name];
        }
        const total = weightSum > 0 ? Math.round((sum / weightSum) * 10_000) / 10_000 : 0;
        expect(scorer.total(candidate), `${seeker.id} → ${candidate.id}`).toBe(total);
        // The pruned path gives the same total whenever it does not prune.
        expect(scorer.totalIfAbove(candidate, total - 0.0001)).toBe(total);
        const shown = scorer.factorScores(candidate);
        for (const name of FACTORS) {
          const s = expected[name];
          expect(shown[name].weight, name).toBe(s === undefined ? 0 : Math.round(scorer.weights[name] * 10_000) / 10_000);
          if (s !== undefined) expect(shown[name].score, name).toBe(Math.round(s * 10_000) / 10_000);
        }
        checked++;
      }
    }
    expect(checked).toBe(40 * 30);
  });

  it('when an evaluation order misses a factor or repeats a step, then it is refused', () => {
    const steps = Object.fromEntries(FACTORS.map((f, i) => [f, i])) as Record<FactorName, number>;
    expect(evaluationOrder(steps)).toEqual([...FACTORS]);
    expect(() => evaluationOrder({ ...steps, geography: steps.complementarity })).toThrow(/evaluation steps/);
    expect(() => evaluationOrder({ ...steps, geography: 99 })).toThrow(/evaluation steps/);
  });
});
