import type { Organisation, OrgValue, Partnership } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import type { Tender } from '../../../src/tenders/schema.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { mulberry32 } from '../../../src/demo/prng.ts';

export const ref = defaultReference();
export const NOW = new Date('2026-06-01T00:00:00Z');

export const DEVON = 'E10000008';
export const DEVON_LADS = ref.geography.lads(DEVON);
export const TORRIDGE = 'E07000046';
export const CORNWALL = 'E06000052';

export const HOME_CARE = '85312400'; // Welfare services not delivered through residential institutions
export const CHILDREN = '85311300'; // Welfare services for children and young people
export const COMMUNITY_HEALTH = '85323000'; // Community health services
export const YOUTH = '92000000'; // Recreational, cultural and sporting services (the lead's own)
export const EDUCATION = '80000000';

export const prng = mulberry32;

const VALUES: OrgValue[] = [
  'social_value',
  'staff_ownership',
  'reinvests_surplus',
  'asset_lock',
  'co_production',
  'living_wage',
  'local_employment',
];
const SERVICES = ['85312400', '85311300', '85323000', '85312310', '85311200', '80410000', '98341000', '85121270'];
const KINDS = ['charity', 'social_enterprise', 'public_service_mutual', 'private_provider', 'cooperative', 'nhs_body'] as const;
const SPEEDS = ['days', 'weeks', 'months'] as const;
const GOVERNANCE = ['staff_led', 'member_led', 'board_led', 'owner_managed', 'public_body'] as const;

export interface Instance {
  tender: Tender;
  lead: Organisation;
  pool: Organisation[];
}

/**
 * A random consortium instance over Devon's districts: a tender needing 3–5 services in 3–8 districts and,
 * half the time, a turnover threshold; a lead covering some of it; `size` candidates with random services,
 * places (about half of them the whole tender area), values, ways of working, turnovers and a random partnership
 * graph among them (for trust).
 */
export function generateInstance(seed: number, size: number): Instance {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rand() < p);
  const services = shuffle(SERVICES, rand).slice(0, 3 + Math.floor(rand() * 3));
  const lads = shuffle(DEVON_LADS, rand).slice(0, 3 + Math.floor(rand() * 6));
  const id = (i: number) => `GEN-${seed}-${String(i).padStart(2, '0')}`;

  const orgs: Organisation[] = [];
  for (let i = 0; i <= size; i++) {
    const partnerships: Partnership[] = [];
    for (let j = 0; j < i; j++)
      if (rand() < 0.12)
        partnerships.push({
          partnerId: id(j),
          model: pick(['subcontracting', 'informal_consortium', 'alliance'] as const),
          year: 2018 + Math.floor(rand() * 7),
          outcome: pick(['won', 'completed', 'lost', 'ended_early'] as const),
          success: 1 + Math.floor(rand() * 5),
        });
    const ownServices = some(services, i === 0 ? 0.3 : 0.35);
    if (ownServices.length === 0 && i > 0) ownServices.push(pick(services));
    // Coverage is per (service, area) cell, so about half the candidates work across the whole tender area.
    const ownLads = i > 0 && rand() < 0.5 ? [...lads] : some(lads, i === 0 ? 0.4 : 0.3);
    if (ownLads.length === 0) ownLads.push(pick(lads));
    orgs.push(
      buildOrganisation({
        id: id(i),
        name: `Org ${seed}-${i}`,
        kind: pick(KINDS),
        services: [...ownServices, ...(rand() < 0.3 ? [pick(SERVICES)] : [])],
        areas: ownLads,
        values: some(VALUES, 0.4),
        annualTurnoverGbp: Math.round(200_000 + rand() * rand() * 12_000_000),
        waysOfWorking: {
          decisionSpeed: pick(SPEEDS),
          governance: pick(GOVERNANCE),
          commercialMaturity: pick(['emerging', 'established', 'experienced'] as const),
        },
        partnerships,
      }),
    );
  }
  const combined = orgs.reduce((s, o) => s + (o.annualTurnoverGbp ?? 0), 0);
  const tender = buildTender({
    cpvCodes: services,
    deliveryAreas: lads,
    minimumTurnoverGbp: rand() < 0.5 ? Math.round(orgs[0].annualTurnoverGbp! + rand() * combined * 0.15) : undefined,
    submissionDeadline: rand() < 0.3 ? '2026-06-25T12:00:00Z' : undefined,
  });
  return { tender, lead: orgs[0], pool: orgs.slice(1) };
}

function shuffle<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
