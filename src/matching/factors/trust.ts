/**
 * Trust, the #1 success factor (DOMAIN.md): past partnerships between the two (recorded by either side)
 * with their outcomes, else partners in common. Its weight grows as the deadline nears (see
 * effectiveWeights in score.ts): with a month to bid there is no time to build trust.
 */
import type { Partnership } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { plural } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import type { Factor, Reasons } from './types.ts';

const MODEL_LABEL: Record<Partnership['model'], string> = {
  informal_consortium: 'informal consortium',
  subcontracting: 'subcontracting arrangement',
  contractual_joint_venture: 'joint venture',
  alliance: 'alliance',
  new_legal_entity: 'jointly owned entity',
};

const OUTCOME_ADJUST: Record<Partnership['outcome'], number> = {
  won: 0.1,
  completed: 0.05,
  ongoing: 0.05,
  lost: 0,
  withdrawn: -0.1,
  ended_early: -0.2,
};

/** Shared partners: 1 → 0.35, 2 → 0.45, … capped at 0.6 (below any good direct history). */
function sharedScore(n: number): number {
  return Math.min(0.6, 0.25 + 0.1 * n);
}

/** Past partnerships between the two, most recent first; one per model and year when both sides recorded it. */
function history(ctx: MatchContext, candidate: OrgProfile): Partnership[] {
  const mine = ctx.seeker.partners.get(candidate.org.id);
  const theirs = candidate.partners.get(ctx.seeker.org.id);
  if (!mine && !theirs) return [];
  const all = [...(mine ?? []), ...(theirs ?? [])];
  return [...new Map(all.map((p) => [`${p.model}:${p.year}`, p])).values()].sort((a, b) => b.year - a.year);
}

function historyScore(unique: readonly Partnership[]): number {
  return unique.reduce((s, p) => s + Math.min(1, Math.max(0, (p.success - 1) / 4 + OUTCOME_ADJUST[p.outcome])), 0) / unique.length;
}

function sharedPartners(ctx: MatchContext, candidate: OrgProfile): number {
  const seeker = ctx.seeker;
  if (seeker.partners.size === 0) return 0;
  let shared = 0;
  for (const id of candidate.partners.keys()) if (id !== seeker.id && seeker.partners.has(id)) shared++;
  return shared;
}

function score(ctx: MatchContext, candidate: OrgProfile): number {
  const { seeker } = ctx;
  // Most candidates share nothing with the seeker: the Bloom bits say so without touching their partner map.
  if ((candidate.partnerMask & (seeker.partnerMask | seeker.selfBit)) === 0 && !seeker.partners.has(candidate.id)) return 0;
  if (seeker.partners.has(candidate.id) || candidate.partners.has(seeker.id)) return historyScore(history(ctx, candidate));
  const shared = sharedPartners(ctx, candidate);
  return shared > 0 ? sharedScore(shared) : 0;
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const unique = history(ctx, candidate);
  if (unique.length > 0) {
    const latest = unique[0];
    const line = `your ${latest.year} ${MODEL_LABEL[latest.model]} (${latest.outcome.replace('_', ' ')}, rated ${latest.success}/5)`;
    if (historyScore(unique) >= 0.5) {
      const more = unique.length > 1 ? ` and ${plural(unique.length - 1, 'earlier partnership')}` : '';
      return { for: [`Has worked with you before: ${line}${more}`], against: [] };
    }
    return { for: [], against: [`Past work together went badly: ${line}`] };
  }
  const shared = sharedPartners(ctx, candidate);
  if (shared > 0) return { for: [`Shares ${plural(shared, 'partner')} with you: someone you trust can vouch for them`], against: [] };
  const against =
    ctx.daysToDeadline !== undefined && ctx.urgency >= 0.5
      ? [`No shared history, and only ${plural(Math.max(0, ctx.daysToDeadline), 'day')} until the deadline to build trust`]
      : [];
  return { for: [], against };
}

export const trust: Factor<number> = { score, reasons };
