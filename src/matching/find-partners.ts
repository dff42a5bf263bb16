import type { Reference } from '../reference/types.ts';
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';
import { resolveTender } from '../tenders/service.ts';
import { candidateQueryFor } from './candidates.ts';
import { buildContext, type MatchContext } from './context.ts';
import { rankCandidates } from './rank.ts';
import { gbp, listOf, plural } from './format.ts';
import { profileOf } from './profile.ts';
import type { MatchRequest, MatchResponse } from './schema.ts';
import { MATCH_DEFAULTS, resolveWeights } from './settings.ts';

export interface MatchDeps {
  store: Store;
  ref: Reference;
  now: () => Date;
}

/**
 * "Who should we bid with?" The story: fetch the seeker, the tender (inline ones validated) and the partnership
 * graph around the seeker →
 * fetch candidates from the store (blocking) → drop the ineligible → score each → rank.
 * Throws ValidationError for unknown codes, NotFoundError for an unknown seeker or tender.
 */
export async function findPartners(deps: MatchDeps, request: MatchRequest): Promise<MatchResponse> {
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
  });
  const found = await deps.store.findCandidates(candidateQueryFor(ctx, MATCH_DEFAULTS.maxCandidates));
  const ranked = rankCandidates(ctx, found, request.limit);
  return {
    seeker: { id: seeker.id, name: seeker.name },
    tender: {
      id: tender.id,
      title: tender.title,
      requiredServices: ctx.required.map((code) => ({
        code,
        label: deps.ref.cpv.get(code)?.label ?? code,
        youCover: !ctx.serviceGaps.includes(code),
      })),
      turnoverThresholdGbp: ctx.thresholdGbp,
      daysToDeadline: ctx.daysToDeadline,
    },
    notes: notesFor(ctx),
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

function notesFor(ctx: MatchContext): string[] {
  const notes: string[] = [];
  const { ref } = ctx;
  if (ctx.serviceGaps.length > 0)
    notes.push(
      `You lack ${plural(ctx.serviceGaps.length, 'required service')}: ${listOf(
        ctx.serviceGaps.map((c) => ref.cpv.describe(c)),
        3,
      )}`,
    );
  else notes.push('You already cover every required service; partners are ranked on reach, scale, fit and trust');
  if (ctx.areaGaps.size > 0)
    notes.push(`You do not yet work in ${plural(ctx.areaGaps.size, 'local authority', 'local authorities')} of the tender area`);
  if (ctx.thresholdGbp !== undefined) {
    const mine = ctx.seeker.org.annualTurnoverGbp;
    const basis =
      ctx.tender?.minimumTurnoverGbp !== undefined
        ? 'stated minimum'
        : 'twice the yearly contract value, the most commissioners normally ask';
    notes.push(`Turnover threshold ${gbp(ctx.thresholdGbp)} (${basis}); yours is ${mine !== undefined ? gbp(mine) : 'unknown'}`);
  }
  if (ctx.daysToDeadline !== undefined && ctx.daysToDeadline < 0)
    notes.push(`The submission deadline passed ${plural(-ctx.daysToDeadline, 'day')} ago: treat this as preparation for the next round`);
  if (ctx.urgency > 0 && ctx.daysToDeadline !== undefined)
    notes.push(
      `${plural(Math.max(0, ctx.daysToDeadline), 'day')} to the deadline: existing relationships weigh ${(1 + ctx.urgency).toFixed(1)}× as much`,
    );
  return notes;
}
