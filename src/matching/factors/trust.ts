/**
 * Trust, the #1 success factor of partnerships (docs/domain.md): past partnerships between the two (recorded by
 * either side) and how they went, else partners you both worked well with, else strangers — computed on the
 * partnership graph once per request (src/matching/trust-paths.ts). A partnership that went badly scores below a
 * stranger. Its weight grows as the deadline nears (effectiveWeights in score.ts): with a month to bid there is
 * no time to build trust.
 */
import type { PartnershipRecord } from '../../organisations/partnership-graph.ts';
import type { Partnership } from '../../organisations/schema.ts';
import type { MatchContext } from '../context.ts';
import { plural } from '../format.ts';
import type { OrgProfile } from '../profile.ts';
import { MATCH_DEFAULTS } from '../settings.ts';
import { historyQuality, type TrustPath } from '../trust-paths.ts';
import type { Factor, Reasons } from './types.ts';

const MODEL_LABEL: Record<Partnership['model'], string> = {
  informal_consortium: 'informal consortium',
  subcontracting: 'subcontracting arrangement',
  contractual_joint_venture: 'joint venture',
  alliance: 'alliance',
  new_legal_entity: 'jointly owned entity',
};

function score(ctx: MatchContext, candidate: OrgProfile): number {
  return ctx.trust.get(candidate.id)?.score ?? MATCH_DEFAULTS.trust.stranger;
}

/** "2022 subcontracting arrangement (won, rated 5/5)" */
export function describeRecord(p: PartnershipRecord): string {
  return `${p.year} ${MODEL_LABEL[p.model]} (${p.outcome.replace('_', ' ')}, rated ${p.success}/5)`;
}

/** " (demo data)" when any of the records is synthetic. */
export function demoMark(records: readonly PartnershipRecord[]): string {
  return records.some((r) => r.source?.kind === 'synthetic') ? ' (demo data)' : '';
}

function reasons(ctx: MatchContext, candidate: OrgProfile): Reasons {
  const finding = ctx.trust.get(candidate.id);
  const stranger = MATCH_DEFAULTS.trust.stranger;
  if (finding && finding.history.length > 0) {
    const [latest, ...earlier] = finding.history;
    const line = `your ${describeRecord(latest)}`;
    const mark = demoMark(finding.history);
    const quality = historyQuality(finding.history);
    if (quality >= MATCH_DEFAULTS.trust.goodPartnership) {
      const more = earlier.length > 0 ? ` and ${plural(earlier.length, 'earlier partnership')}` : '';
      return { for: [`Has worked with you before: ${line}${more}${mark}`], against: [] };
    }
    if (quality < stranger) return { for: [], against: [`Past work together went badly: ${line}${mark}`] };
    return { for: [], against: [`Has worked with you before, with mixed results: ${line}${mark}`] };
  }
  const pros: string[] = [];
  const cons: string[] = [];
  if (finding && finding.shared.length > 0) {
    const [first, ...rest] = finding.shared;
    const more = rest.length > 0 ? ` and ${plural(rest.length, 'other partner')} you share` : '';
    pros.push(`You have both worked well with ${first.partnerName}${pathDetail(first)}${more}${demoMark(records(finding.shared))}`);
  }
  if (finding && finding.warnings.length > 0) {
    const w = finding.warnings[0];
    cons.push(
      `${w.partnerName}, which you worked well with, had a partnership with them that went badly: a ${describeRecord(w.theirs)}${demoMark([w.mine, w.theirs])}`,
    );
  }
  if (pros.length === 0 && cons.length === 0 && ctx.daysToDeadline !== undefined && ctx.urgency >= 0.5)
    cons.push(`No shared history, and only ${plural(Math.max(0, ctx.daysToDeadline), 'day')} until the deadline to build trust`);
  return { for: pros, against: cons };
}

/** " (your 2021 informal consortium rated 4/5; theirs, a 2022 alliance rated 5/5)" */
function pathDetail(path: TrustPath): string {
  const rated = (p: PartnershipRecord) => `${p.year} ${MODEL_LABEL[p.model]} rated ${p.success}/5`;
  return ` (your ${rated(path.mine)}; theirs, a ${rated(path.theirs)})`;
}

function records(paths: readonly TrustPath[]): PartnershipRecord[] {
  return paths.flatMap((p) => [p.mine, p.theirs]);
}

export const trust: Factor<number> = { score, reasons };
