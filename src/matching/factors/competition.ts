/**
 * Competition / IP risk: a partner that delivers the same kinds of service (CPV class) in the same places is
 * also your rival in the next bid. Risk = (share of your service classes it also delivers) × (share of your
 * places it also works in); the score is 1 − risk, so 1 means no overlap.
 */
import type { Sector } from '../../reference/types.ts';
import type { MatchContext } from '../context.ts';
import { listOf } from '../format.ts';
import { places } from './geography.ts';
import { classOf, type OrgProfile } from '../profile.ts';
import type { FactorResult } from './types.ts';

export function competition(ctx: MatchContext, candidate: OrgProfile): FactorResult {
  const { seeker, ref } = ctx;
  if (seeker.serviceClasses.size === 0 || seeker.lads.size === 0) return { score: 1, applicable: true, for: [], against: [] };
  const classes = [...seeker.serviceClasses].filter((c) => candidate.serviceClasses.has(c));
  if (classes.length === 0) return { score: 1, applicable: true, for: [], against: [] };
  const lads: string[] = [];
  for (const lad of seeker.lads) if (candidate.lads.has(lad)) lads.push(lad);
  if (lads.length === 0) return { score: 1, applicable: true, for: [], against: [] };
  const risk = (classes.length / seeker.serviceClasses.size) * (lads.length / seeker.lads.size);
  // Name the sectors of the seeker's own codes in the contested classes (a class can span two sectors).
  const contested = new Set(classes);
  const codes = [...seeker.services].filter((code) => contested.has(classOf(code, ref)));
  const sectors = [...new Set<Sector>(codes.map((c) => ref.cpv.sectorOf(c)))].map((s) => ref.cpv.sectorLabel(s));
  const against = risk >= 0.1 ? [`Competes with you for ${listOf(sectors, 2)} in ${places(lads, ref)}`] : [];
  return { score: 1 - risk, applicable: true, for: [], against };
}
