import type { MatchRequest } from '../src/matching/schema.ts';
import type { Organisation } from '../src/organisations/schema.ts';
import type { Reference } from '../src/reference/types.ts';
import { seeded } from './stats.ts';

/** Seeded match requests: a seeker, and a tender around its place needing some of its services and others nearby. */
export function matchRequests(orgs: readonly Organisation[], ref: Reference, count: number, seed: number): MatchRequest[] {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const requests: MatchRequest[] = [];
  while (requests.length < count) {
    const seeker = pick(orgs);
    if (seeker.services.length === 0 || seeker.areas.length === 0) continue;
    const other = pick(orgs);
    const codes = new Set([pick(seeker.services), ...other.services.slice(0, 1 + Math.floor(rand() * 2))]);
    const place = ref.geography.displayArea(ref.geography.lads(pick(seeker.areas))[0])?.code ?? seeker.areas[0];
    requests.push({
      seekerId: seeker.id,
      tender: {
        title: `Bench tender ${requests.length}`,
        cpvCodes: [...codes],
        deliveryAreas: [place],
        valueGbp: 2_000_000 + Math.floor(rand() * 20_000_000),
      },
      limit: 20,
      asOf: '2026-06-01T00:00:00Z',
    } as MatchRequest);
  }
  return requests;
}
