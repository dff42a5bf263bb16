/**
 * Small worlds for the quality suite: a tender, a seeker (or lead) and a handful of organisations with one
 * designed right answer among decoys, run through the real use cases (findPartners, buildConsortia) on an
 * embedded store. Each world tests one principle a UK bid manager would find obviously right; the decoys differ
 * from the right answer in that one respect only, so the principle — not a tuned number — decides.
 */
import { buildConsortia } from '../../src/consortia/build-consortia.ts';
import type { ConsortiumRequestInput, ConsortiumResponse } from '../../src/consortia/schema.ts';
import { ConsortiumRequest } from '../../src/consortia/schema.ts';
import { parseOrThrow } from '../../src/http/validate.ts';
import { findPartners } from '../../src/matching/find-partners.ts';
import { MatchRequest, type MatchResponse } from '../../src/matching/schema.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import type { TenderInput } from '../../src/tenders/schema.ts';
import { buildOrganisation } from '../builders.ts';

export const ref = defaultReference();
export const AS_OF = '2026-12-01T00:00:00Z';

/** Places used by the worlds (ONS GSS codes). */
export const PLACE = {
  bradford: 'E08000032',
  calderdale: 'E08000033',
  kirklees: 'E08000034',
  leeds: 'E08000035',
  wakefield: 'E08000036',
  yorkshire: 'E12000003',
  england: 'E92000001',
  devon: 'E10000008',
  exeter: 'E07000041',
  plymouth: 'E06000026',
  cornwall: 'E06000052',
  manchester: 'E08000003',
  camden: 'E09000007',
  belfast: 'N09000003',
  allEnglishRegions: ['E12000001', 'E12000002', 'E12000003', 'E12000004', 'E12000005', 'E12000006', 'E12000007', 'E12000008', 'E12000009'],
} as const;

/** Services used by the worlds (CPV 2008). */
export const CPV = {
  socialWorkWithAccommodation: '85311000',
  elderly: '85311100',
  disability: '85311200',
  children: '85311300',
  withoutAccommodation: '85312000',
  daycare: '85312100',
  counselling: '85312320',
  homeCare: '85312400',
  guidance: '85312310',
  housing: '98341000',
  communityHealth: '85323000',
  gp: '85121100',
  healthAndSocialWork: '85000000',
} as const;

/** An organisation of the worlds: a middling charity unless the world says otherwise. */
export function org(id: string, overrides: Partial<Organisation> = {}): Organisation {
  return buildOrganisation({
    id,
    name: overrides.name ?? id,
    kind: 'charity',
    legalForm: 'charity_cio',
    staff: 60,
    annualTurnoverGbp: 2_500_000,
    foundedYear: 2008,
    values: ['social_value', 'co_production'],
    spareCapacity: 'some',
    ...overrides,
  });
}

export const LEEDS_TENDER: TenderInput = {
  title: 'Day opportunities and short breaks for adults with learning disabilities',
  cpvCodes: [CPV.disability, CPV.daycare, CPV.homeCare, CPV.socialWorkWithAccommodation],
  deliveryAreas: [PLACE.leeds, PLACE.bradford, PLACE.kirklees, PLACE.wakefield],
  valueGbp: 12_000_000,
  contractStart: '2027-04-01T00:00:00Z',
  contractEnd: '2031-03-31T23:59:59Z',
  submissionDeadline: '2027-06-01T12:00:00Z',
};

async function storeWith(orgs: readonly Organisation[]): Promise<EmbeddedStore> {
  const store = new EmbeddedStore();
  await store.upsertOrganisations(orgs);
  return store;
}

/** The ranking the API gives for `seeker` and `tender` among `orgs` (the seeker included in the store). */
export async function match(
  seeker: Organisation,
  orgs: readonly Organisation[],
  tender: TenderInput,
  extra: Record<string, unknown> = {},
): Promise<MatchResponse> {
  const store = await storeWith([seeker, ...orgs]);
  const request = parseOrThrow(MatchRequest, { seekerId: seeker.id, tender, limit: 20, asOf: AS_OF, ...extra });
  return findPartners({ store, ref, now: () => new Date(AS_OF) }, request);
}

export async function consortia(
  lead: Organisation,
  orgs: readonly Organisation[],
  tender: TenderInput,
  extra: Partial<ConsortiumRequestInput> = {},
): Promise<ConsortiumResponse> {
  const store = await storeWith([lead, ...orgs]);
  const request = parseOrThrow(ConsortiumRequest, { leadId: lead.id, tender, asOf: AS_OF, ...extra });
  return buildConsortia({ store, ref, now: () => new Date(AS_OF) }, request);
}

export function ranking(res: MatchResponse): string[] {
  return res.candidates.map((c) => c.organisation.id);
}

/** True when `a` ranks above `b` (both must be listed). */
export function ranksAbove(res: MatchResponse, a: string, b: string): boolean {
  const ids = ranking(res);
  if (!ids.includes(a) || !ids.includes(b)) throw new Error(`quality: ${!ids.includes(a) ? a : b} is not in the ranking ${ids.join(', ')}`);
  return ids.indexOf(a) < ids.indexOf(b);
}

export function reasonsOf(res: MatchResponse, id: string): { for: string[]; against: string[] } {
  const c = res.candidates.find((x) => x.organisation.id === id);
  if (!c) throw new Error(`quality: ${id} is not in the ranking`);
  return { for: c.reasonsFor.map((r) => r.text), against: c.reasonsAgainst.map((r) => r.text) };
}

export function teams(res: ConsortiumResponse): string[][] {
  return res.consortia.map((c) => c.members.map((m) => m.id));
}
