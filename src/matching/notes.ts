/**
 * What shaped a ranking, in plain words, and why a ranking is empty or thin: the seeker's gaps, how broad codes
 * were read, the turnover threshold, the deadline — and, when no candidate could fill a service, whether the data
 * holds anyone delivering it at all, and whether it holds anyone in or next to the tender area.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from '../store/types.ts';
import { codesCovering } from './candidates.ts';
import type { MatchContext } from './context.ts';
import { places } from './factors/geography.ts';
import { gbp, listOf, plural } from './format.ts';
import { coverage, coverageShare, type OrgProfile } from './profile.ts';

export function notesFor(ctx: MatchContext): string[] {
  const notes: string[] = [];
  const { ref } = ctx;
  for (const r of ctx.refinements) {
    const what = ref.cpv.describe(r.broad);
    notes.push(
      r.found.length > 0
        ? `The tender lists ${what}, a whole ${divisionOrGroup(r.broad, ctx)}; from its title and description it asks for ${listOf(
            r.found.map((c) => ref.cpv.describe(c)),
            4,
          )}, so those are matched`
        : `The tender lists only ${what}, a whole ${divisionOrGroup(r.broad, ctx)}, and its title and description name no service within it: any service in it counts`,
    );
  }
  const partly = ctx.serviceGaps.filter((code) => coverageShare(ctx.seeker, code, ref) > 0);
  const lacking = ctx.serviceGaps.filter((code) => coverageShare(ctx.seeker, code, ref) === 0);
  if (lacking.length > 0)
    notes.push(
      `You lack ${plural(lacking.length, 'required service')}: ${listOf(
        lacking.map((c) => ref.cpv.describe(c)),
        3,
      )}`,
    );
  for (const code of partly.slice(0, 2)) {
    const via = coverage(ctx.seeker, code, ref).via!;
    notes.push(`You cover ${ref.cpv.describe(code)} only partly, through the broader ${ref.cpv.describe(via)} you list`);
  }
  if (ctx.tender && ctx.serviceGaps.length === 0)
    notes.push('You already cover every required service; partners are ranked on reach, scale, fit and trust');
  if (ctx.areaGaps.size > 0)
    notes.push(
      `You are not present in ${ctx.areaGaps.size === ctx.tenderLads.size ? `any of the ${plural(ctx.tenderLads.size, 'local authority', 'local authorities')}` : `${ctx.areaGaps.size} of the ${plural(ctx.tenderLads.size, 'local authority', 'local authorities')}`} of the tender area (${places([...ctx.areaGaps], ref, 4)}): based there, or working there at authority level`,
    );
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

function divisionOrGroup(code: string, ctx: MatchContext): string {
  return ctx.ref.cpv.get(code)?.level === 1 ? 'division' : 'group';
}

/**
 * Why candidates are missing, asked of the store only when they are: for each service gap no candidate found
 * fills, whether anyone in the data delivers it anywhere; when no candidate was found at all in a tender area,
 * whether the data holds anyone in or next to it in the tender's fields of service.
 */
export async function explainGaps(
  find: (query: CandidateQuery) => Promise<Organisation[]>,
  ctx: MatchContext,
  query: CandidateQuery,
  found: readonly OrgProfile[],
  /** how many of `found` the ranking left out as not credibly there (RankStats.notCredible) */
  claimers: number,
): Promise<string[]> {
  const { ref } = ctx;
  const notes: string[] = [];
  const where = ctx.tenderLads.size > 0 ? ` in or next to ${places([...ctx.tenderLads], ref, 3)}` : '';
  if (found.length === 0 && query.areaCodes !== undefined) {
    const divisions = [...new Set(ctx.required.map((c) => ref.cpv.lineage(c).at(-1)!))];
    const anyone = await find({ ...query, serviceCodes: divisions.flatMap((d) => ref.cpv.descendants(d)), limit: 1 });
    if (anyone.length === 0) {
      notes.push(
        `The data holds no organisation open to partnering that works${where} in ${listOf(
          divisions.map((d) => ref.cpv.get(d)?.label.toLowerCase() ?? d),
          3,
        )}: nobody to rank there yet`,
      );
      return notes;
    }
  }
  if (claimers > 0)
    notes.push(
      `${plural(claimers, 'organisation')} that list${claimers === 1 ? 's' : ''} the tender area only inside a region or the whole country, too small for that to be evidence of working there, ${claimers === 1 ? 'is' : 'are'} not ranked`,
    );
  const unfilled = ctx.serviceGaps.filter((code) => !found.some((profile) => coverageShare(profile, code, ref) > 0));
  for (const code of unfilled.slice(0, 3)) {
    const elsewhere = await find({ serviceCodes: codesCovering(code, ref), excludeIds: query.excludeIds, limit: 1 });
    notes.push(
      elsewhere.length === 0
        ? `No organisation in the data delivers ${ref.cpv.describe(code)}, anywhere: no partner can fill that gap from this data`
        : `No organisation delivering ${ref.cpv.describe(code)} works${where}; some do elsewhere`,
    );
  }
  return notes;
}
