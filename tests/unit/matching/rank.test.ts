import { describe, expect, it } from 'vitest';
import { generateOrganisations } from '../../../src/demo/generate.ts';
import { mulberry32 } from '../../../src/demo/prng.ts';
import { candidateQueryFor } from '../../../src/matching/candidates.ts';
import { buildContext, type MatchContext } from '../../../src/matching/context.ts';
import { isCrediblyThere, isEligibleCandidate } from '../../../src/matching/filters.ts';
import { profileOf } from '../../../src/matching/profile.ts';
import { topCandidates } from '../../../src/matching/rank.ts';
import { Scorer } from '../../../src/matching/score.ts';
import { MATCH_DEFAULTS, resolveWeights, type WeightsOverride } from '../../../src/matching/settings.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { partnershipGraphOf } from '../../../src/organisations/partnership-graph.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildTender } from '../../builders.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

const ref = defaultReference();

/** The ranking written the obvious way: score every eligible candidate in full, sort, cut. */
function naiveTop(ctx: MatchContext, candidates: readonly Organisation[], limit: number): { id: string; total: number }[] {
  const scorer = new Scorer(ctx);
  return candidates
    .filter((org) => isEligibleCandidate(ctx.seeker, profileOf(org, ref), ctx.honoursVeto) && isCrediblyThere(ctx, profileOf(org, ref)))
    .map((org) => ({ id: org.id, total: scorer.total(profileOf(org, ref)) }))
    .sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

describe('topCandidates', () => {
  it('when candidates are skipped once they cannot reach the k-th best, then the top k are exactly those of a full sort', async () => {
    const orgs = generateOrganisations(ref, { count: 3000, seed: 21 });
    const store = new EmbeddedStore();
    await store.upsertOrganisations(orgs);
    const graph = partnershipGraphOf(orgs);
    const rand = mulberry32(4);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const weightings: (WeightsOverride | undefined)[] = [
      undefined,
      { trust: 5 },
      { complementarity: 0, geography: 0 },
      { valueAlignment: 3, resilience: 2 },
    ];
    let compared = 0;
    for (let i = 0; i < 60; i++) {
      const seeker = pick(orgs);
      const other = pick(orgs);
      const tender = buildTender({
        cpvCodes: [...new Set([pick(seeker.services), ...other.services.slice(0, 2)])],
        deliveryAreas: rand() < 0.8 ? [pick(seeker.areas)] : [],
        valueGbp: 1_000_000 + Math.floor(rand() * 9_000_000),
        submissionDeadline: rand() < 0.5 ? '2026-06-20T12:00:00Z' : undefined,
      });
      const ctx = buildContext(ref, profileOf(seeker, ref), tender, {
        weights: resolveWeights(weightings[i % weightings.length]),
        now: new Date('2026-06-01T00:00:00Z'),
        partnerships: graph,
        vetoes: HONOUR_EVERY_VETO,
      });
      const found = await store.findCandidates(candidateQueryFor(ctx, MATCH_DEFAULTS.maxCandidates));
      for (const limit of [1, 5, 20]) {
        const fast = topCandidates(
          new Scorer(ctx),
          found.map((o) => profileOf(o, ref)),
          limit,
        ).map((r) => ({ id: r.profile.id, total: r.total }));
        expect(fast, `request ${i}, limit ${limit}`).toEqual(naiveTop(ctx, found, limit));
        compared += fast.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
