/**
 * Synthetic commercially sensitive fields: a few "do not partner with" entries (a nearby rival in the same
 * sector that the organisation has never partnered), red lines and bid plans. Rates per kind are data.
 */
import type { OrganisationPrivate } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { KINDS, type Edge, type NodeTable } from './partnerships.ts';
import type { PlaceIndex } from './places.ts';
import { Rng } from './prng.ts';
import { SECTOR_ORDER } from './services.ts';

export const PRIVATE_DEFAULTS = {
  doNotPartnerRate: {
    public_service_mutual: 0.08,
    charity: 0.02,
    social_enterprise: 0.03,
    cooperative: 0.02,
    nhs_body: 0.02,
    private_provider: 0.05,
    local_authority: 0,
  },
  redLineRate: {
    public_service_mutual: 0.3,
    charity: 0.08,
    social_enterprise: 0.1,
    cooperative: 0.1,
    nhs_body: 0.05,
    private_provider: 0.05,
    local_authority: 0,
  },
  bidPlanRate: {
    public_service_mutual: 0.15,
    charity: 0.03,
    social_enterprise: 0.04,
    cooperative: 0.02,
    nhs_body: 0.05,
    private_provider: 0.08,
    local_authority: 0,
  },
} as const;

export const RED_LINES: readonly string[] = [
  'No joint and several liability',
  'We will not subcontract to for-profit providers',
  'The asset lock must be kept in any new entity',
  'No TUPE transfer of our staff onto worse terms',
  'No payment by results above 20% of the contract value',
  'We lead on any bid in our home authority',
  'No zero-hours contracts for front-line staff',
  'Service users must sit on the partnership board',
  'We will not carry a parent company guarantee',
  'Surpluses stay in the local area',
];

/**
 * Private fields for the nodes that get any, keyed by node index. `idOf` maps a node to its id; partners
 * (from `adjacencyOf`) are never listed as do-not-partner.
 */
export function drawPrivateFields(
  reference: Reference,
  nodes: NodeTable,
  places: PlaceIndex,
  adjacencyOf: (i: number) => readonly Edge[],
  idOf: (i: number) => string,
  seed: number,
): Map<number, OrganisationPrivate> {
  const out = new Map<number, OrganisationPrivate>();
  const byPlace = new Map<number, number[]>();
  for (let i = 0; i < nodes.count; i++) {
    const list = byPlace.get(nodes.place[i]);
    if (list) list.push(i);
    else byPlace.set(nodes.place[i], [i]);
  }
  for (let i = 0; i < nodes.count; i++) {
    if (nodes.fixed[i]) continue;
    const kind = KINDS[nodes.kind[i]];
    const rng = Rng.derive(seed, 'private', i);
    const doNot: string[] = [];
    const redLines: string[] = [];
    const bidPlans: string[] = [];
    if (rng.chance(PRIVATE_DEFAULTS.doNotPartnerRate[kind])) {
      const partners = new Set(adjacencyOf(i).map((e) => (e.a === i ? e.b : e.a)));
      const local = byPlace.get(nodes.place[i]) ?? [];
      const rivals = rng
        .sample(local, 12)
        .filter((j) => j !== i && !partners.has(j) && (nodes.sectors[i] & nodes.sectors[j]) !== 0)
        .sort((a, b) => a - b);
      if (rivals.length > 0) doNot.push(idOf(rng.pick(rivals)));
    }
    if (rng.chance(PRIVATE_DEFAULTS.redLineRate[kind])) redLines.push(...rng.sample(RED_LINES, rng.int(1, 2)));
    if (rng.chance(PRIVATE_DEFAULTS.bidPlanRate[kind])) {
      const sectors = SECTOR_ORDER.filter((_, b) => nodes.sectors[i] & (1 << b));
      const sector = sectors.length > 0 ? rng.pick(sectors) : 'other';
      const place = places.places[nodes.place[i]].name;
      bidPlans.push(`Expecting the re-tender of our ${reference.cpv.sectorLabel(sector)} contract in ${place} in ${rng.int(2026, 2028)}`);
    }
    if (doNot.length + redLines.length + bidPlans.length > 0) out.set(i, { doNotPartnerWith: doNot, redLines, bidPlans });
  }
  return out;
}
