/**
 * "Who are my best partners?" from the precomputed lists: fetch the organisation → read its list in the
 * current run → load the partners → explain. Totals and factor scores are the stored ones; the sentences are
 * written now from the current records (storing them would triple the rows), as of the run's date.
 * The lists are computed with no one's do-not-partner list (they are served to anyone); a reader who may read a list
 * has it applied here: a partner the organisation vetoed, or that vetoed it, is left out and the ranks close up
 * (src/matching/vetoes.ts). Throws NotFoundError for an unknown organisation.
 */
import { buildContext } from '../matching/context.ts';
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import { profileOf } from '../matching/profile.ts';
import { scoreCandidate } from '../matching/score.ts';
import { DEFAULT_WEIGHTS } from '../matching/settings.ts';
import { HONOUR_NO_VETO, vetoed, type VetoRule } from '../matching/vetoes.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { PartnerScoreStore } from './partner-scores.ts';
import type { PartnerListResponse } from './schema.ts';

export async function readPartners(
  deps: Pick<CoreDeps, 'store' | 'ref' | 'now'>,
  scores: PartnerScoreStore,
  orgId: string,
  vetoes: VetoRule = HONOUR_NO_VETO,
): Promise<PartnerListResponse> {
  const org = await deps.store.getOrganisation(orgId);
  if (!org) throw new NotFoundError('organisation', orgId);
  const organisation = { id: org.id, name: org.name };
  const current = await scores.getPartners(orgId);
  if (!current) {
    return {
      organisation,
      run: null,
      partners: [],
      notes: ['No partner-score refresh has completed yet. Lists are computed nightly, or start a run now with POST /v1/refresh-runs.'],
    };
  }
  const now = deps.now();
  const stamp = current.computedAt ?? current.committedAt;
  const run = {
    runId: current.runId,
    asOf: current.asOf,
    committedAt: current.committedAt,
    ...(current.computedAt ? { computedAt: current.computedAt } : {}),
    ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(stamp)) / 1000)),
  };
  const notes: string[] = [];
  if (current.partners.length === 0) {
    notes.push(
      `Run ${current.runId} has no partners for this organisation: it was added after the run, or no open organisation shares its services and places. Changes to it are picked up by an incremental refresh.`,
    );
    return { organisation, run, partners: [], notes };
  }
  const [found, neighbourhood] = await Promise.all([
    deps.store.getOrganisations(current.partners.map((p) => p.partnerId)),
    deps.store.partnershipsAround([org.id], 2),
  ]);
  const partners = new Map(found.map((o) => [o.id, o]));
  const ctx = buildContext(deps.ref, profileOf(org, deps.ref), undefined, {
    weights: { ...DEFAULT_WEIGHTS },
    now: new Date(current.asOf),
    partnerships: PartnershipGraph.fromNeighbourhood(neighbourhood),
    vetoes,
  });
  const out: PartnerListResponse['partners'] = [];
  let missing = 0;
  for (const p of current.partners) {
    const partner = partners.get(p.partnerId);
    if (!partner) {
      missing++; // deleted since the run
      continue;
    }
    const profile = profileOf(partner, deps.ref);
    if (vetoed(ctx.seeker, profile, vetoes)) continue;
    const explained = scoreCandidate(ctx, profile);
    out.push({
      rank: out.length + 1,
      organisation: {
        id: partner.id,
        name: partner.name,
        kind: partner.kind,
        staff: partner.staff,
        annualTurnoverGbp: partner.annualTurnoverGbp,
      },
      total: p.total,
      factors: p.factors,
      reasonsFor: explained.reasonsFor,
      reasonsAgainst: explained.reasonsAgainst,
    });
  }
  if (missing > 0) notes.push(`${missing} listed partner(s) no longer exist and are left out`);
  return { organisation, run, partners: out, notes };
}
