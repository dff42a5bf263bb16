import { candidateQueryFor } from '../matching/candidates.ts';
import { buildContext, type MatchContext } from '../matching/context.ts';
import { covers, profileOf } from '../matching/profile.ts';
import { DEFAULT_WEIGHTS } from '../matching/settings.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../shared/errors.ts';
import type { CandidateQuery, Store } from '../store/types.ts';
import type { Tender } from '../tenders/schema.ts';
import { resolveTender } from '../tenders/service.ts';
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import { proposeConsortia, type Tuning } from './builder.ts';
import { poolBringing } from './problem.ts';
import { requirementsOf, type Requirements } from './requirements.ts';
import type { ConsortiumRequest, ConsortiumResponse } from './schema.ts';
import { CONSORTIUM_DEFAULTS } from './settings.ts';
import { LIMITS } from '../shared/limits.ts';

export interface ConsortiaDeps {
  store: Store;
  ref: Reference;
  now: () => Date;
}

export interface PoolOptions {
  /** candidates asked of the store per gap */
  fetchPerGap: number;
  /** area gaps are grouped per upper-tier authority, or per region past this many groups */
  maxAreaQueries: number;
}

/**
 * "Which whole consortia could bid for this, and how should they be structured?" The story: validate the
 * tender's codes and the lots → fetch the lead and the tender → fetch a candidate pool from the store, one
 * query per gap so every gap gets candidates → build, solve and advise (pure, builder.ts).
 * Throws ValidationError for unknown codes or lots, NotFoundError for an unknown lead or tender.
 */
export async function buildConsortia(
  deps: ConsortiaDeps,
  request: ConsortiumRequest,
  options: { pool?: Partial<PoolOptions>; tuning?: Partial<Tuning>; exactSearchMs?: number } = {},
): Promise<ConsortiumResponse> {
  const [lead, tender] = await Promise.all([deps.store.getOrganisation(request.leadId), resolveTender(deps, request)]);
  if (!lead) throw new NotFoundError('organisation', request.leadId);
  const lotIssues = unknownLots(tender, request.lots);
  if (lotIssues.length > 0) throw new ValidationError(lotIssues);

  const now = request.asOf ? new Date(request.asOf) : deps.now();
  const req = requirementsOf(tender, deps.ref, { lots: request.lots, areaCoverage: request.areaCoverage });
  const ctx = buildContext(deps.ref, profileOf(lead, deps.ref), tender, {
    weights: { ...DEFAULT_WEIGHTS },
    now,
    partnerships: new PartnershipGraph(),
  });
  const queries = poolQueries(ctx, req, {
    fetchPerGap: CONSORTIUM_DEFAULTS.fetchPerGap,
    maxAreaQueries: CONSORTIUM_DEFAULTS.maxAreaQueries,
    ...options.pool,
  });
  const results = await Promise.all(queries.map((q) => deps.store.findCandidates(q)));
  const pool = new Map<string, Organisation>();
  for (const list of results) for (const org of list) if (!pool.has(org.id)) pool.set(org.id, org);
  // Trust is needed only between the lead and the candidates that could join: the graph one step around them holds
  // every record between any two of them and every partner they share.
  const bringing = poolBringing(deps.ref, tender, req, lead, [...pool.values()], now);
  const partnerships = PartnershipGraph.fromNeighbourhood(await deps.store.partnershipsAround([lead.id, ...bringing.map((o) => o.id)], 1));

  // The exact search's time budget counts from here: the store queries before it are bounded on their own.
  const deadline = performance.now() + (options.exactSearchMs ?? LIMITS.budgets.consortia.exactSearchMs);
  return proposeConsortia({
    stopExact: () => performance.now() > deadline,
    ref: deps.ref,
    tender,
    req,
    lead,
    pool: [...pool.values()],
    partnerships,
    request,
    now,
    tuning: options.tuning,
  });
}

/**
 * One store query per gap, built with candidateQueryFor on a narrowed context: per service the lead lacks
 * (that code, anywhere in or next to the tender area), per group of areas it does not work in (any required
 * service, in those places), and one for every required service over the whole area (partners for scale and
 * fit, and the turnover gap).
 */
export function poolQueries(ctx: MatchContext, req: Requirements, options: PoolOptions): CandidateQuery[] {
  const { ref } = ctx;
  const codes = req.services.map((s) => s.code);
  const narrowed = (over: Partial<MatchContext>) => candidateQueryFor({ ...ctx, ...over }, options.fetchPerGap);
  const queries: CandidateQuery[] = [narrowed({ required: codes })];
  for (const code of codes) if (!covers(ctx.seeker, code, ref)) queries.push(narrowed({ required: [code] }));

  const gapLads = req.tenderLads.filter((lad) => !ctx.seeker.presentLads.has(lad));
  if (gapLads.length > 0) {
    const group = (key: (lad: string) => string) => {
      const groups = new Map<string, string[]>();
      for (const lad of gapLads) groups.set(key(lad), [...(groups.get(key(lad)) ?? []), lad]);
      return [...groups.values()];
    };
    let groups = group((lad) => ref.geography.get(lad)?.utla ?? lad);
    if (groups.length > options.maxAreaQueries) groups = group((lad) => ref.geography.regionOf(lad) ?? lad);
    // A group spanning the whole tender area would repeat the first query (minus the neighbours): skip it.
    for (const lads of groups)
      if (lads.length < req.tenderLads.length)
        queries.push(narrowed({ required: codes, tenderLads: new Set(lads), adjacentLads: new Set() }));
  }
  return queries;
}

export function unknownLots(tender: Tender, lots: readonly string[] | undefined): FieldIssue[] {
  if (!lots) return [];
  const known = new Set(tender.lots.map((l) => l.id));
  return lots.flatMap((id, i) =>
    known.has(id)
      ? []
      : [
          {
            path: `lots.${i}`,
            message:
              tender.lots.length === 0 ? 'the tender has no lots' : `unknown lot ${id} (the tender's lots: ${[...known].join(', ')})`,
          },
        ],
  );
}
