/**
 * The report's two partnership case studies as named, synthetic organisations (all figures synthetic;
 * names and ids are not those of the real bodies):
 *
 * - A Devon youth-services spin-out mutual, modelled on DYS Space Ltd: spun out of Devon County Council in
 *   2017 as a company limited by guarantee and charity; subcontractor in a three-way bid that lost to the
 *   incumbent (2018), then co-commissioned with one of those partners to pilot personalised budgets for young
 *   people in care (2019).
 * - The Health and Wellbeing Partnership LLP (established 2015): eight staff-led social enterprises with
 *   complementary health, social care, education and housing expertise and about £33m combined turnover,
 *   whose chief executives first met as a support network; a place on a Greater Manchester health and
 *   wellbeing framework, no joint contract yet.
 */
import type { LegalForm, OrgValue } from '../organisations/schema.ts';
import type { Sector } from '../reference/types.ts';
import { METROPOLITAN_COUNTIES } from '../reference/registers.ts';
import type { OrgDraft } from './draft.ts';
import type { Edge } from './partnerships.ts';
import type { PlaceIndex } from './places.ts';
import { Rng } from './prng.ts';
import { PROFILE_BY_KEY, codesForProfiles, sectorBit } from './services.ts';

export const DEVON_YOUTH_MUTUAL_ID = 'CNS-CASE-DEVON-YOUTH';
export const HWP_LLP_ID = 'CNS-CASE-HWP-LLP';
export const HWP_MEMBER_IDS: readonly string[] = Array.from({ length: 8 }, (_, i) => `CNS-CASE-HWP-${String(i + 1).padStart(2, '0')}`);

/** Devon County Council's area: the eight districts (Plymouth and Torbay are separate unitaries). */
export const DEVON_COUNTY = 'E10000008';
export const DEVON_DISTRICTS: readonly string[] = [
  'E07000040',
  'E07000041',
  'E07000042',
  'E07000043',
  'E07000044',
  'E07000045',
  'E07000046',
  'E07000047',
];
/** Greater Manchester's ten metropolitan districts (the HWP framework area). */
export const GREATER_MANCHESTER: readonly string[] = METROPOLITAN_COUNTIES['greater manchester'];

/** An edge between ids, resolved to node indices by the dataset builder. */
export interface CaseEdge extends Omit<Edge, 'a' | 'b'> {
  a: string;
  b: string;
}

export interface CaseStudies {
  drafts: OrgDraft[];
  edges: CaseEdge[];
}

interface MemberSpec {
  name: string;
  lad: string;
  turnover: number;
  legalForm: LegalForm;
  founded: number;
  profiles: readonly string[];
}

/** The eight HWP members: turnovers sum to £33.0m. */
const HWP_MEMBERS: readonly MemberSpec[] = [
  {
    name: 'Irwell Community Health CIC',
    lad: 'E08000006',
    turnover: 8_400_000,
    legalForm: 'cic',
    founded: 2011,
    profiles: ['community_health', 'mental_health'],
  },
  {
    name: 'Calder Care Mutual',
    lad: 'E08000033',
    turnover: 6_200_000,
    legalForm: 'community_benefit_society',
    founded: 2012,
    profiles: ['home_care', 'older_people'],
  },
  {
    name: 'Aire Wellbeing CIC',
    lad: 'E08000035',
    turnover: 5_100_000,
    legalForm: 'cic',
    founded: 2011,
    profiles: ['mental_health', 'health_improvement'],
  },
  {
    name: 'Mersey Learning Partnership',
    lad: 'E08000012',
    turnover: 4_300_000,
    legalForm: 'company_limited_by_guarantee',
    founded: 2012,
    profiles: ['adult_learning', 'skills_training'],
  },
  {
    name: 'Trent Housing Support CIC',
    lad: 'E06000018',
    turnover: 3_400_000,
    legalForm: 'cic',
    founded: 2013,
    profiles: ['housing', 'community_support'],
  },
  {
    name: 'Tame Valley Social Care Co-operative',
    lad: 'E08000008',
    turnover: 2_600_000,
    legalForm: 'community_benefit_society',
    founded: 2012,
    profiles: ['disability', 'carers'],
  },
  {
    name: 'Wear Children and Families CIC',
    lad: 'E08000024',
    turnover: 1_800_000,
    legalForm: 'cic',
    founded: 2013,
    profiles: ['children_families', 'early_years'],
  },
  {
    name: 'Medlock Health and Care CIC',
    lad: 'E08000003',
    turnover: 1_200_000,
    legalForm: 'cic',
    founded: 2013,
    profiles: ['community_health', 'home_care'],
  },
];

/** member pairs (0-based) from the chief executives' support network: a ring plus three chords */
const HWP_NETWORK: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [4, 5],
  [5, 6],
  [6, 7],
  [7, 0],
  [0, 4],
  [1, 5],
  [2, 6],
];

function placeOf(places: PlaceIndex, code: string): number {
  const i = places.indexOf.get(code);
  if (i === undefined) throw new Error(`demo/cases: ${code} is not an English authority in the reference`);
  return i;
}

function sectorsOf(profileKeys: readonly string[]): { codes: string[]; mask: number; sectors: Sector[] } {
  const profiles = profileKeys.map((k) => PROFILE_BY_KEY.get(k)!);
  return {
    codes: codesForProfiles(profiles, 3),
    mask: profiles.reduce((m, p) => m | sectorBit(p.sector), 0),
    sectors: [...new Set(profiles.map((p) => p.sector))],
  };
}

/**
 * The case-study drafts and their partnership edges. `existing` are the other drafts: the Devon mutual's two
 * bid partners are real Devon organisations with children's or youth services taken from them (synthetic
 * stand-ins when none is found).
 */
export function caseStudies(places: PlaceIndex, existing: readonly OrgDraft[], seed: number): CaseStudies {
  const rng = Rng.derive(seed, 'cases');
  const drafts: OrgDraft[] = [];
  const edges: CaseEdge[] = [];
  const mutualValues: OrgValue[] = ['social_value', 'staff_ownership', 'reinvests_surplus', 'asset_lock', 'co_production', 'living_wage'];

  // --- Devon youth mutual -------------------------------------------------------------------------------
  const devon = sectorsOf(['youth', 'children_families']);
  drafts.push({
    id: DEVON_YOUTH_MUTUAL_ID,
    name: 'Devon Youth Space',
    kind: 'public_service_mutual',
    legalForm: 'company_limited_by_guarantee',
    staff: 110,
    annualTurnoverGbp: 4_200_000,
    foundedYear: 2017,
    services: devon.codes,
    areas: [...DEVON_DISTRICTS, DEVON_COUNTY],
    values: mutualValues,
    waysOfWorking: { decisionSpeed: 'days', governance: 'staff_led', commercialMaturity: 'established' },
    openToPartnering: true,
    spareCapacity: 'some',
    largestContractShare: 0.78,
    private: {
      doNotPartnerWith: [],
      redLines: ['Young people must keep a voice in how the service is designed', 'No joint and several liability'],
      bidPlans: ['Devon youth services re-procurement expected in 2026: looking for a lead partner with cost-modelling strength'],
    },
    place: placeOf(places, 'E07000041'),
    sectors: devon.mask,
    fixed: true,
  });
  const devonPlaces = new Set([...DEVON_DISTRICTS, 'E06000026', 'E06000027'].map((c) => places.indexOf.get(c)));
  const cyp = sectorBit('children_young_people');
  const local = existing
    .filter((d) => devonPlaces.has(d.place) && (d.kind === 'charity' || d.kind === 'social_enterprise'))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const preferred = local.filter((d) => d.sectors & cyp);
  const pool = preferred.length >= 2 ? preferred : local;
  const bidPartners = pool.length >= 2 ? rng.sample(pool, 2).map((d) => d.id) : [];
  if (bidPartners.length < 2) {
    for (const [n, name] of [
      [1, 'Exe Valley Family Support'],
      [2, 'Dartmoor Young People’s Trust'],
    ] as const) {
      const id = `CNS-CASE-DEVON-PARTNER-${n}`;
      const s = sectorsOf(['children_families']);
      drafts.push({
        id,
        name,
        kind: 'charity',
        legalForm: 'company_limited_by_guarantee',
        staff: 40 * n,
        annualTurnoverGbp: 1_500_000 * n,
        foundedYear: 1995 + n,
        services: s.codes,
        areas: [...DEVON_DISTRICTS],
        values: ['social_value', 'reinvests_surplus', 'asset_lock'],
        waysOfWorking: { decisionSpeed: 'weeks', governance: 'board_led', commercialMaturity: 'established' },
        openToPartnering: true,
        spareCapacity: 'some',
        place: placeOf(places, 'E07000041'),
        sectors: s.mask,
      });
      bidPartners.push(id);
    }
  }
  const [lead, other] = bidPartners;
  edges.push({ a: DEVON_YOUTH_MUTUAL_ID, b: lead, model: 'subcontracting', year: 2018, outcome: 'lost', success: 4 });
  edges.push({ a: DEVON_YOUTH_MUTUAL_ID, b: other, model: 'subcontracting', year: 2018, outcome: 'lost', success: 4 });
  edges.push({ a: lead, b: other, model: 'subcontracting', year: 2018, outcome: 'lost', success: 4 });
  edges.push({ a: DEVON_YOUTH_MUTUAL_ID, b: other, model: 'contractual_joint_venture', year: 2019, outcome: 'ongoing', success: 5 });

  // --- Health and Wellbeing Partnership LLP and its eight members ------------------------------------------
  const allCodes = new Set<string>();
  const allAreas = new Set<string>(GREATER_MANCHESTER);
  let llpMask = 0;
  HWP_MEMBERS.forEach((m, i) => {
    const s = sectorsOf(m.profiles);
    const place = placeOf(places, m.lad);
    const utlaLads = (places.byUtla.get(places.places[place].utla) ?? [place]).map((j) => places.places[j].code);
    s.codes.forEach((c) => allCodes.add(c));
    utlaLads.forEach((c) => allAreas.add(c));
    llpMask |= s.mask;
    drafts.push({
      id: HWP_MEMBER_IDS[i],
      name: m.name,
      kind: 'public_service_mutual',
      legalForm: m.legalForm,
      staff: Math.round(m.turnover / 40_000),
      annualTurnoverGbp: m.turnover,
      foundedYear: m.founded,
      services: s.codes,
      areas: utlaLads,
      values: m.legalForm === 'company_limited_by_guarantee' ? mutualValues.filter((v) => v !== 'asset_lock') : mutualValues,
      waysOfWorking: {
        decisionSpeed: i % 3 === 0 ? 'days' : 'weeks',
        governance: 'staff_led',
        commercialMaturity: i < 4 ? 'experienced' : 'established',
      },
      openToPartnering: true,
      spareCapacity: i < 3 ? 'limited' : 'some',
      largestContractShare: Math.round((0.45 + 0.05 * i) * 100) / 100,
      place,
      sectors: s.mask,
      fixed: true,
    });
    edges.push({
      a: HWP_MEMBER_IDS[i],
      b: HWP_LLP_ID,
      model: 'new_legal_entity',
      year: 2015,
      outcome: 'ongoing',
      success: i % 4 === 3 ? 3 : 4,
    });
  });
  for (const [x, y] of HWP_NETWORK) {
    edges.push({
      a: HWP_MEMBER_IDS[x],
      b: HWP_MEMBER_IDS[y],
      model: 'informal_consortium',
      year: 2013 + ((x + y) % 2),
      outcome: 'completed',
      success: (x + y) % 3 === 0 ? 5 : 4,
    });
  }
  drafts.push({
    id: HWP_LLP_ID,
    name: 'Health and Wellbeing Partnership LLP',
    kind: 'social_enterprise',
    legalForm: 'llp',
    staff: 0,
    annualTurnoverGbp: 0,
    foundedYear: 2015,
    services: [...allCodes],
    areas: [...allAreas],
    values: ['social_value', 'staff_ownership', 'reinvests_surplus', 'co_production'],
    waysOfWorking: { decisionSpeed: 'months', governance: 'member_led', commercialMaturity: 'emerging' },
    openToPartnering: true,
    spareCapacity: 'significant',
    private: {
      doNotPartnerWith: [],
      redLines: ['Each member keeps its autonomy: no merger'],
      bidPlans: ['Bid jointly for a large health and wellbeing pathway contract under the Greater Manchester framework'],
    },
    place: placeOf(places, 'E08000003'),
    sectors: llpMask,
    fixed: true,
  });
  return { drafts, edges };
}
