/**
 * Trust, the #1 success factor (DOMAIN.md): past partnerships between the two (recorded by either side)
 * with their outcomes, else partners in common. Its weight grows as the deadline nears (see total.ts):
 * with a month to bid there is no time to build trust.
 */
import type { Partnership } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { plural } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import type { FactorResult } from './types.ts';

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

export function trust(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const seeker = ctx.seeker;
  const history = [
    ...(seeker.partners.get(candidate.org.id) ?? []),
    ...(candidate.partners.get(seeker.org.id) ?? []),
  ];
  if (history.length > 0) {
    // The same partnership may be recorded by both sides: keep one per model and year.
    const unique = [...new Map(history.map((p) => [`${p.model}:${p.year}`, p])).values()].sort((a, b) => b.year - a.year);
    const score =
      unique.reduce((s, p) => s + Math.min(1, Math.max(0, (p.success - 1) / 4 + OUTCOME_ADJUST[p.outcome])), 0) / unique.length;
    const latest = unique[0];
    const line = `your ${latest.year} ${MODEL_LABEL[latest.model]} (${latest.outcome.replace('_', ' ')}, rated ${latest.success}/5)`;
    if (score >= 0.5) {
      const more = unique.length > 1 ? ` and ${plural(unique.length - 1, 'earlier partnership')}` : '';
      return { score, applicable: true, for: [`Has worked with you before: ${line}${more}`], against: [] };
    }
    return { score, applicable: true, for: [], against: [`Past work together went badly: ${line}`] };
  }
  let shared = 0;
  for (const id of candidate.partners.keys()) if (id !== seeker.org.id && seeker.partners.has(id)) shared++;
  if (shared > 0) {
    return { score: sharedScore(shared), applicable: true, for: [`Shares ${plural(shared, 'partner')} with you: someone you trust can vouch for them`], against: [] };
  }
  const against =
    ctx.daysToDeadline !== undefined && ctx.urgency >= 0.5
      ? [`No shared history, and only ${plural(Math.max(0, ctx.daysToDeadline), 'day')} until the deadline to build trust`]
      : [];
  return { score: 0, applicable: true, for: [], against };
}
