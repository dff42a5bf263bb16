/**
 * Synthetic organisations for the refresh tests and benchmark: deterministic for a seed, real CPV and GSS codes
 * (so src/matching scores them as it would real data), ids under a caller-chosen prefix.
 *
 * Places. `lads` is the set of local authorities the organisations live in; `placesFor(ref, n)` picks a
 * contiguous block of n English LADs (breadth-first over the adjacency), so a benchmark can keep the density
 * (organisations per authority) fixed while N grows. The default for tests is Northern Ireland's 11 LADs: the
 * demo and import data are English, so a shared Neo4j rarely holds other organisations these could match.
 *
 * Reach: local (home LAD, sometimes a neighbour), county (the upper-tier authority), regional (the region, or
 * the nation outside England) and national (the nation); shares set by `reach`.
 */
import { OrgValue, type Organisation, type OrganisationKind, type Partnership } from '../../src/organisations/schema.ts';
import type { Reference } from '../../src/reference/types.ts';
import { mulberry32 as seededUniform } from '../../src/demo/prng.ts';

/** CPV codes by sector (the report's six), all real light-touch social-services codes. */
const SECTOR_CODES: readonly (readonly string[])[] = [
  ['85323000', '85141200', '85142100', '85121270', '85144000', '85121100'],
  ['85311100', '85312100', '85312200', '85311200', '85312400', '85312300', '85312310', '85312500'],
  ['85311300', '98133110', '85312110', '85312120', '80110000'],
  ['80400000', '80590000', '80530000', '80570000', '80500000'],
  ['92600000', '92610000', '92312000', '92320000', '92500000', '92533000'],
  ['75123000', '98341000', '79611000', '75231240', '98133100', '79411100'],
];

const KINDS: readonly [OrganisationKind, Organisation['legalForm'], number][] = [
  ['charity', 'charity_cio', 0.35],
  ['social_enterprise', 'cic', 0.2],
  ['public_service_mutual', 'company_limited_by_guarantee', 0.12],
  ['cooperative', 'community_benefit_society', 0.08],
  ['private_provider', 'company_limited_by_shares', 0.15],
  ['nhs_body', 'nhs_trust', 0.05],
  ['local_authority', 'local_authority', 0.05],
];

const VALUES: readonly OrgValue[] = OrgValue.options;

export interface DatasetOptions {
  count: number;
  seed?: number;
  /** every id starts with this */
  idPrefix?: string;
  /** LAD codes the organisations live in (default: Northern Ireland) */
  lads?: readonly string[];
  /** shares of local, county, regional, national reach (normalised) */
  reach?: readonly [number, number, number, number];
  /** past partnerships per organisation, on average */
  partnerships?: number;
}

export function syntheticOrganisations(ref: Reference, options: DatasetOptions): Organisation[] {
  const rng = mulberry32(options.seed ?? 1);
  const prefix = options.idPrefix ?? 'SYN-';
  const lads =
    options.lads ??
    [...ref.geography.all()]
      .filter((a) => a.level === 'lad' && a.nation === 'N92000002')
      .map((a) => a.code)
      .sort();
  const ladSet = new Set(lads);
  const reach = options.reach ?? [0.55, 0.25, 0.15, 0.05];
  const reachTotal = reach.reduce((a, b) => a + b, 0);
  const width = String(options.count).length;
  const byLad = new Map<string, number[]>();
  const orgs: Organisation[] = [];
  for (let i = 0; i < options.count; i++) {
    const id = `${prefix}${String(i).padStart(width, '0')}`;
    const home = lads[Math.floor(rng() * lads.length)];
    const area = ref.geography.get(home);
    const r = rng() * reachTotal;
    let areas: string[];
    if (r < reach[0]) {
      const near = ref.geography.neighbours(home).filter((n) => ladSet.has(n));
      areas = near.length > 0 && rng() < 0.3 ? [home, near[Math.floor(rng() * near.length)]] : [home];
    } else if (r < reach[0] + reach[1]) areas = [area?.utla ?? home];
    else if (r < reach[0] + reach[1] + reach[2]) areas = [area?.region ?? area?.nation ?? home];
    else areas = [area?.nation ?? home];

    const sector = Math.floor(rng() * SECTOR_CODES.length);
    const codes = SECTOR_CODES[sector];
    const services = pickSome(rng, codes, 1 + Math.floor(rng() * 3));
    if (rng() < 0.25) services.push(...pickSome(rng, SECTOR_CODES[(sector + 1 + Math.floor(rng() * 5)) % 6], 1));

    const [kind, legalForm] = pickKind(rng);
    const turnover = Math.round(Math.exp(11 + rng() * 7)); // ~£60k to ~£65m
    const org: Organisation = {
      id,
      name: `Synthetic ${kind.replace(/_/g, ' ')} ${i}`,
      kind,
      legalForm,
      staff: Math.max(1, Math.round(turnover / 40_000)),
      annualTurnoverGbp: turnover,
      foundedYear: 1950 + Math.floor(rng() * 74),
      services: [...new Set(services)].sort(),
      areas: [...new Set(areas)].sort(),
      values: pickSome(rng, VALUES, Math.floor(rng() * 5)).sort(),
      waysOfWorking: {
        decisionSpeed: (['days', 'weeks', 'months'] as const)[Math.floor(rng() * 3)],
        governance: (['staff_led', 'member_led', 'board_led', 'public_body', 'owner_managed'] as const)[Math.floor(rng() * 5)],
        commercialMaturity: (['emerging', 'established', 'experienced'] as const)[Math.floor(rng() * 3)],
      },
      openToPartnering: rng() < 0.92,
      spareCapacity: (['none', 'limited', 'some', 'significant'] as const)[Math.floor(rng() * 4)],
      largestContractShare: Math.round(rng() * 100) / 100,
      partnerships: [],
    };
    // Past partnerships with earlier organisations of the same home authority.
    const local = byLad.get(home) ?? [];
    const wanted = Math.floor(rng() * 2 * (options.partnerships ?? 1) + 0.5);
    const partnerships: Partnership[] = [];
    for (let k = 0; k < wanted && local.length > 0; k++) {
      const j = local[Math.floor(rng() * local.length)];
      partnerships.push({
        partnerId: orgs[j].id,
        model: (['informal_consortium', 'subcontracting', 'contractual_joint_venture', 'alliance', 'new_legal_entity'] as const)[
          Math.floor(rng() * 5)
        ],
        year: 2010 + Math.floor(rng() * 14),
        outcome: (['won', 'lost', 'ongoing', 'completed', 'ended_early', 'withdrawn'] as const)[Math.floor(rng() * 6)],
        success: 1 + Math.floor(rng() * 5),
      });
    }
    org.partnerships = [...new Map(partnerships.map((p) => [`${p.partnerId}|${p.year}|${p.model}`, p])).values()].sort(
      (a, b) => a.year - b.year || (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0) || (a.model < b.model ? -1 : 1),
    );
    if (local.length > 0 && rng() < 0.05) {
      org.private = { doNotPartnerWith: [orgs[local[Math.floor(rng() * local.length)]].id], redLines: [], bidPlans: [] };
    }
    local.push(i);
    byLad.set(home, local);
    orgs.push(org);
  }
  return orgs;
}

/**
 * A contiguous block of `n` English LADs, grown breadth-first from `start` over shared boundaries (then from
 * the next unvisited LAD by code if the component runs out): benchmarks scale places with N to keep density fixed.
 */
export function placesFor(ref: Reference, n: number, start = 'E08000025'): string[] {
  const all = [...ref.geography.all()]
    .filter((a) => a.level === 'lad' && a.nation === 'E92000001')
    .map((a) => a.code)
    .sort();
  const out: string[] = [];
  const seen = new Set<string>();
  const queue: string[] = [];
  let next = 0;
  const push = (code: string) => {
    if (!seen.has(code)) {
      seen.add(code);
      queue.push(code);
    }
  };
  push(all.includes(start) ? start : all[0]);
  while (out.length < Math.min(n, all.length)) {
    const code = queue.shift();
    if (code === undefined) {
      while (seen.has(all[next])) next++;
      push(all[next]);
      continue;
    }
    if (code.startsWith('E')) out.push(code);
    for (const nb of ref.geography.neighbours(code)) if (nb.startsWith('E')) push(nb);
  }
  return out.sort();
}

function pickKind(rng: () => number): [OrganisationKind, Organisation['legalForm']] {
  let r = rng();
  for (const [kind, form, share] of KINDS) {
    if (r < share) return [kind, form];
    r -= share;
  }
  return [KINDS[0][0], KINDS[0][1]];
}

function pickSome<T>(rng: () => number, from: readonly T[], n: number): T[] {
  const pool = [...from];
  const out: T[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]);
  return out;
}

export const mulberry32 = seededUniform;

/**
 * Random edits of `share` of the organisations (copies; the input is untouched), for the incremental refresh's test
 * and benchmark: services, areas, values, openness, partnerships, deletions, additions. */
export function editSome(orgs: Organisation[], seed: number, share: number): Organisation[] {
  const rng = seededUniform(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const out = orgs.map((o) => structuredClone(o));
  const edits = Math.max(1, Math.round(out.length * share));
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rng() * out.length);
    const org = out[i];
    const other = pick(out);
    switch (Math.floor(rng() * 7)) {
      case 0:
        org.services = [...other.services];
        break;
      case 1:
        org.areas = [...other.areas];
        break;
      case 2:
        org.values = [...other.values];
        break;
      case 3:
        org.openToPartnering = !org.openToPartnering;
        break;
      case 4:
        if (other.id !== org.id)
          org.partnerships = [
            ...org.partnerships,
            { partnerId: other.id, model: 'alliance', year: 2020, outcome: 'won', success: pick([1, 5]) },
          ];
        break;
      case 5:
        out.splice(i, 1);
        break;
      default:
        out.push({ ...structuredClone(other), id: `${org.id}-new${e}`, partnerships: [] });
    }
  }
  return out;
}
