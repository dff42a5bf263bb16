import type { Reference } from '../reference/types.ts';
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';
import { resolveTender } from '../tenders/service.ts';
import { candidateQueryFor } from './candidates.ts';
import { buildContext } from './context.ts';
import { rankCandidates } from './rank.ts';
import { explainGaps, notesFor } from './notes.ts';
import { coverageShare, prepareForMatching, profileOf } from './profile.ts';
import type { MatchRequest, MatchResponse } from './schema.ts';
import { MATCH_DEFAULTS, resolveWeights } from './settings.ts';
import { HONOUR_NO_VETO, type VetoRule } from './vetoes.ts';

export interface MatchDeps {
  store: Store;
  ref: Reference;
  now: () => Date;
}

/**
 * "Who should we bid with?" The story: fetch the seeker, the tender (inline ones validated) and the partnership
 * graph around the seeker →
 * fetch candidates from the store (blocking) → drop the ineligible → score each → rank → say what shaped the
 * ranking, and why it is empty or thin when it is (notes.ts).
 * Throws ValidationError for unknown codes, NotFoundError for an unknown seeker or tender.
 */
export async function findPartners(deps: MatchDeps, request: MatchRequest, vetoes: VetoRule = HONOUR_NO_VETO): Promise<MatchResponse> {
  const [seeker, tender, neighbourhood] = await Promise.all([
    deps.store.getOrganisation(request.seekerId),
    resolveTender(deps, request),
    deps.store.partnershipsAround([request.seekerId], 2),
  ]);
  if (!seeker) throw new NotFoundError('organisation', request.seekerId);

  const now = request.asOf ? new Date(request.asOf) : deps.now();
  const ctx = buildContext(deps.ref, profileOf(seeker, deps.ref), tender, {
    weights: resolveWeights(request.weights),
    now,
    partnerships: PartnershipGraph.fromNeighbourhood(neighbourhood),
    // whose do-not-partner lists count: those the caller may read (vetoes.ts); by default none, so a forgotten
    // caller never reveals one
    vetoes,
  });
  const query = candidateQueryFor(ctx, MATCH_DEFAULTS.maxCandidates);
  const found = await deps.store.findPreparedCandidates(query, prepareForMatching(deps.ref));
  const stats = { notCredible: 0 };
  const ranked = rankCandidates(ctx, found, request.limit, stats);
  const gaps = await explainGaps((q) => deps.store.findCandidates(q), ctx, query, found, stats.notCredible);
  return {
    seeker: { id: seeker.id, name: seeker.name },
    tender: {
      id: tender.id,
      title: tender.title,
      requiredServices: ctx.required.map((code) => ({
        code,
        label: deps.ref.cpv.get(code)?.label ?? code,
        youCover: !ctx.serviceGaps.includes(code),
        cover: coverWord(coverageShare(ctx.seeker, code, deps.ref)),
      })),
      turnoverThresholdGbp: ctx.thresholdGbp,
      daysToDeadline: ctx.daysToDeadline,
    },
    notes: [...notesFor(ctx), ...gaps],
    candidatesConsidered: found.length,
    candidates: ranked.map((s, i) => ({
      rank: i + 1,
      organisation: {
        id: s.organisation.id,
        name: s.organisation.name,
        kind: s.organisation.kind,
        staff: s.organisation.staff,
        annualTurnoverGbp: s.organisation.annualTurnoverGbp,
      },
      total: s.total,
      factors: s.factors,
      reasonsFor: s.reasonsFor,
      reasonsAgainst: s.reasonsAgainst,
    })),
  };
}

function coverWord(share: number): 'full' | 'partial' | 'none' {
  return share === 1 ? 'full' : share > 0 ? 'partial' : 'none';
}
