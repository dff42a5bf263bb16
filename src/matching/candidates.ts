import type { Reference } from '../reference/types.ts';
import type { CandidateQuery } from '../store/types.ts';
import type { MatchContext } from './context.ts';
import { selfAndContainers } from './areas.ts';
import { isBroad } from './required-services.ts';

/**
 * The store query that finds candidates for a match: organisations delivering a required service (the code, a
 * broader code at class level or below that partly covers it, or — for a division- or group-level requirement —
 * anything within it; a narrower code does not cover a specific requirement: profile.ts) that work in, or next to,
 * the tender's areas. Area codes are expanded to every code an organisation may have declared for those
 * places: the authorities themselves, their counties, combined authorities, regions, nation and UK-wide
 * groupings. Without a tender, the seeker's own services' groups and places are used (general fit).
 */
export function candidateQueryFor(ctx: MatchContext, limit: number): CandidateQuery {
  const { ref } = ctx;
  const wanted = ctx.tender ? ctx.required : generalServices(ctx);
  const serviceCodes = new Set<string>();
  for (const code of wanted) for (const c of codesCovering(code, ref)) serviceCodes.add(c);
  const lads = ctx.tender ? ctx.tenderLads : ctx.seeker.footprint;
  const areaCodes = lads.size > 0 ? containingAreas([...lads, ...ctx.adjacentLads], ref) : undefined;
  // the seeker's own vetoes keep those organisations out of the query only when this ranking honours them (vetoes.ts)
  const vetoes = ctx.honoursVeto(ctx.seeker.org.id) ? (ctx.seeker.org.private?.doNotPartnerWith ?? []) : [];
  const excludeIds = [ctx.seeker.org.id, ...vetoes];
  return { serviceCodes: [...serviceCodes].sort(), areaCodes, excludeIds, limit };
}

/** For general fit: the CPV groups (level 2) of the seeker's services. */
function generalServices(ctx: MatchContext): string[] {
  const groups = new Set<string>();
  for (const code of ctx.seeker.services) {
    const lineage = ctx.ref.cpv.lineage(code);
    const group = lineage.find((c) => ctx.ref.cpv.get(c)?.level === 2) ?? lineage[lineage.length - 1];
    groups.add(group);
  }
  return [...groups];
}

export function containingAreas(lads: readonly string[], ref: Reference): string[] {
  const out = new Set<string>();
  for (const lad of lads) for (const code of selfAndContainers(lad, ref)) out.add(code);
  return [...out].sort();
}

/** The codes an organisation may list to cover `required`, fully or partly (coverage() in profile.ts). */
export function codesCovering(required: string, ref: Reference): string[] {
  const out = isBroad(required, ref) ? [...ref.cpv.descendants(required)] : [required];
  for (const a of ref.cpv.lineage(required)) if (a !== required && (ref.cpv.get(a)?.level ?? 0) >= 3) out.push(a);
  return out;
}
