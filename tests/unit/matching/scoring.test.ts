import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/matching/context.ts';
import { rankCandidates } from '../../../src/matching/rank.ts';
import { profileOf } from '../../../src/matching/profile.ts';
import { partnershipGraphOf } from '../../../src/organisations/partnership-graph.ts';
import { scoreCandidate } from '../../../src/matching/score.ts';
import { DEFAULT_WEIGHTS, MATCH_DEFAULTS, resolveWeights } from '../../../src/matching/settings.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import type { Tender } from '../../../src/tenders/schema.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

const ref = defaultReference();
const NOW = new Date('2026-06-01T00:00:00Z');
const DEVON = 'E10000008';
const EXETER = 'E07000041';
const PLYMOUTH = 'E06000026';
const CHILDREN_WELFARE = '85311300';
const ADULT_SOCIAL_WORK = '85311000'; // Social work services with accommodation → check label in test
const HEALTH = '85100000';

function contextOf(seeker: Organisation, tender: Tender | undefined, others: readonly Organisation[] = [], weights = DEFAULT_WEIGHTS) {
  return buildContext(ref, profileOf(seeker, ref), tender, {
    weights: { ...weights },
    now: NOW,
    partnerships: partnershipGraphOf([seeker, ...others]),
    vetoes: HONOUR_EVERY_VETO,
  });
}

function score(
  seeker: Organisation,
  candidate: Organisation,
  tender?: Tender,
  weights = DEFAULT_WEIGHTS,
  others: readonly Organisation[] = [],
) {
  const ctx = contextOf(seeker, tender, [candidate, ...others], weights);
  return scoreCandidate(ctx, profileOf(candidate, ref));
}

describe('complementarity', () => {
  it('when the candidate covers a required service the seeker lacks, then it says so with the CPV label', () => {
    const seeker = buildOrganisation({ services: [HEALTH], areas: [DEVON] });
    const candidate = buildOrganisation({ services: [CHILDREN_WELFARE], areas: [DEVON] });
    const tender = buildTender({ cpvCodes: [HEALTH, CHILDREN_WELFARE], deliveryAreas: [DEVON] });
    const result = score(seeker, candidate, tender);
    // a declared service counts MATCH_DEFAULTS.evidence.declared of a registered one
    expect(result.factors.complementarity.score).toBe(MATCH_DEFAULTS.evidence.declared);
    expect(result.reasonsFor.map((r) => r.text)).toContain(
      'Covers 85311300 Welfare services for children and young people, which you do not',
    );
  });

  it('when the candidate declares only a narrower code than the one required, then it does not cover the broader requirement', () => {
    const seeker = buildOrganisation({ services: [HEALTH] });
    const candidate = buildOrganisation({ services: ['85311200'] }); // welfare services for the handicapped
    const tender = buildTender({ cpvCodes: [ADULT_SOCIAL_WORK] }); // social work services with accommodation, its parent
    const result = score(seeker, candidate, tender);
    expect(result.factors.complementarity.score).toBe(0);
    expect(result.reasonsAgainst.map((r) => r.text).join(' ')).toContain('Covers none of the required services you lack');
  });

  it('when the candidate lists a broader code at class level or below, then it partly covers the narrower requirement and says how', () => {
    const seeker = buildOrganisation({ services: [HEALTH] });
    const candidate = buildOrganisation({ services: ['85312000'] }); // social work services without accommodation
    const tender = buildTender({ cpvCodes: ['85312320'] }); // counselling
    const result = score(seeker, candidate, tender);
    expect(result.factors.complementarity.score).toBeCloseTo(MATCH_DEFAULTS.services.broaderShare * MATCH_DEFAULTS.evidence.declared, 6);
    expect(result.reasonsFor.map((r) => r.text)).toContain(
      'Partly covers 85312320 Counselling services: it lists the broader 85312000 Social work services without accommodation',
    );
  });

  it('when the seeker lists only a narrower code than a required one, then it is not told it covers every required service', () => {
    const seeker = buildOrganisation({ services: ['85311200'] });
    const ctx = contextOf(seeker, buildTender({ cpvCodes: [ADULT_SOCIAL_WORK] }));
    expect(ctx.serviceGaps).toEqual([ADULT_SOCIAL_WORK]);
  });

  it('when the candidate only declares a whole division, then it does not cover a specific requirement', () => {
    const seeker = buildOrganisation({ services: ['80000000'] });
    const candidate = buildOrganisation({ services: ['85000000'] });
    const tender = buildTender({ cpvCodes: [CHILDREN_WELFARE] });
    expect(score(seeker, candidate, tender).factors.complementarity.score).toBe(0);
  });

  it('when the candidate covers one of two gaps, then complementarity is one half and the other gap is named', () => {
    const seeker = buildOrganisation({ services: ['80000000'] });
    const candidate = buildOrganisation({ services: [CHILDREN_WELFARE] });
    const tender = buildTender({ cpvCodes: [CHILDREN_WELFARE, HEALTH] });
    const result = score(seeker, candidate, tender);
    expect(result.factors.complementarity.score).toBeCloseTo(0.5 * MATCH_DEFAULTS.evidence.declared, 6);
    expect(result.reasonsAgainst.map((r) => r.text).join(' ')).toContain('85100000');
  });
});

describe('geography', () => {
  it('when the candidate works in part of the tender area the seeker does not, then it extends the seeker’s reach there', () => {
    const seeker = buildOrganisation({ services: [HEALTH], areas: [EXETER] });
    const candidate = buildOrganisation({ services: [HEALTH], areas: [PLYMOUTH] });
    const tender = buildTender({ cpvCodes: [HEALTH], deliveryAreas: [EXETER, PLYMOUTH] });
    const result = score(seeker, candidate, tender);
    // declared at authority level: places.authority × evidence.declared, for reach and for presence alike
    expect(result.factors.geography.score).toBeCloseTo(MATCH_DEFAULTS.places.authority * MATCH_DEFAULTS.evidence.declared, 6);
    expect(result.reasonsFor.map((r) => r.text).join(' ')).toContain(
      'Extends your reach into Plymouth, part of the tender area where you are not present: says it works in Plymouth (authority level)',
    );
  });

  it('when the candidate works only outside and not next to the tender area, then geography is zero with a reason', () => {
    const seeker = buildOrganisation({ services: [HEALTH], areas: [EXETER] });
    const candidate = buildOrganisation({ services: [HEALTH], areas: ['E09000001'] }); // City of London
    const tender = buildTender({ cpvCodes: [HEALTH], deliveryAreas: [DEVON] });
    const result = score(seeker, candidate, tender);
    expect(result.factors.geography.score).toBe(0);
    expect(result.reasonsAgainst.map((r) => r.text)).toContain('Has no presence in or next to the tender area');
  });

  it('when the tender names no areas, then geography is left out of the total', () => {
    const result = score(
      buildOrganisation({ services: [HEALTH] }),
      buildOrganisation({ services: [HEALTH] }),
      buildTender({ cpvCodes: [HEALTH] }),
    );
    expect(result.factors.geography.weight).toBe(0);
  });
});

describe('capacity', () => {
  it('when only the pair together meets the turnover threshold, then capacity says how far together they reach', () => {
    const seeker = buildOrganisation({ annualTurnoverGbp: 12_000_000 });
    const candidate = buildOrganisation({ annualTurnoverGbp: 9_000_000, spareCapacity: 'some' });
    const tender = buildTender({ minimumTurnoverGbp: 20_000_000 });
    const result = score(seeker, candidate, tender);
    expect(result.factors.capacity.score).toBe(1);
    expect(result.reasonsFor.map((r) => r.text)).toContain(
      'Together you reach £21.0m turnover, above the £20.0m threshold you miss alone (£12.0m)',
    );
  });

  it('when the tender states no minimum, then the threshold is twice the contract value', () => {
    const seeker = buildOrganisation({ annualTurnoverGbp: 1_000_000 });
    const candidate = buildOrganisation({ annualTurnoverGbp: 1_000_000, spareCapacity: 'some' });
    const result = score(seeker, candidate, buildTender({ valueGbp: 2_000_000 }));
    // together £2m of a £4m threshold: 0.7 × 0.5 + 0.3 × 1
    expect(result.factors.capacity.score).toBeCloseTo(0.65, 4);
  });
});

describe('turnover threshold', () => {
  it('when a multi-year contract states no minimum, then the threshold is twice the yearly value', () => {
    const tender = buildTender({ valueGbp: 48_000_000, contractStart: '2026-10-01T00:00:00Z', contractEnd: '2031-10-01T00:00:00Z' });
    const ctx = contextOf(buildOrganisation(), tender);
    expect(ctx.thresholdGbp).toBeCloseTo(19_200_000, -4);
  });
});

describe('competition', () => {
  it('when the candidate delivers the same services in the same places, then it is named as a competitor there', () => {
    const seeker = buildOrganisation({ services: [CHILDREN_WELFARE], areas: [DEVON] });
    const candidate = buildOrganisation({ services: [CHILDREN_WELFARE], areas: [DEVON] });
    const result = score(seeker, candidate, buildTender({ cpvCodes: [CHILDREN_WELFARE], deliveryAreas: [DEVON] }));
    expect(result.factors.competition.score).toBe(0);
    expect(result.reasonsAgainst.map((r) => r.text)).toContain("Competes with you for children and young people's services in Devon");
  });

  it('when services differ, then there is no competition', () => {
    const seeker = buildOrganisation({ services: [HEALTH], areas: [DEVON] });
    const candidate = buildOrganisation({ services: ['80000000'], areas: [DEVON] });
    expect(score(seeker, candidate, buildTender()).factors.competition.score).toBe(1);
  });
});

describe('trust', () => {
  it('when the two have worked together well, then trust is high and the partnership is cited', () => {
    const candidate = buildOrganisation({ id: 'TEST-TRUST-B' });
    const seeker = buildOrganisation({
      id: 'TEST-TRUST-A',
      partnerships: [{ partnerId: 'TEST-TRUST-B', model: 'subcontracting', year: 2022, outcome: 'won', success: 5 }],
    });
    const result = score(seeker, candidate, buildTender());
    expect(result.factors.trust.score).toBe(1);
    expect(result.reasonsFor.map((r) => r.text)).toContain(
      'Has worked with you before: your 2022 subcontracting arrangement (won, rated 5/5)',
    );
  });

  it('when the history is recorded only by the candidate, then it still counts', () => {
    const seeker = buildOrganisation({ id: 'TEST-TRUST-C' });
    const candidate = buildOrganisation({
      partnerships: [{ partnerId: 'TEST-TRUST-C', model: 'alliance', year: 2020, outcome: 'ended_early', success: 1 }],
    });
    const result = score(seeker, candidate, buildTender());
    expect(result.factors.trust.score).toBe(0);
    expect(result.factors.trust.score).toBeLessThan(score(seeker, buildOrganisation(), buildTender()).factors.trust.score);
    expect(result.reasonsAgainst.map((r) => r.text).join(' ')).toContain('Past work together went badly');
  });

  it('when the deadline is close, then trust weighs double', () => {
    const seeker = buildOrganisation();
    const candidate = buildOrganisation();
    const tender = buildTender({ submissionDeadline: '2026-06-15T12:00:00Z' });
    const result = score(seeker, candidate, tender);
    expect(result.factors.trust.weight).toBeCloseTo(2 * DEFAULT_WEIGHTS.trust, 6);
    const relaxed = score(seeker, candidate, buildTender({ submissionDeadline: '2026-12-01T12:00:00Z' }));
    expect(relaxed.factors.trust.weight).toBeCloseTo(DEFAULT_WEIGHTS.trust, 6);
  });

  it('when the deadline has passed, then trust weighs normally', () => {
    const result = score(buildOrganisation(), buildOrganisation(), buildTender({ submissionDeadline: '2026-05-01T12:00:00Z' }));
    expect(result.factors.trust.weight).toBeCloseTo(DEFAULT_WEIGHTS.trust, 6);
  });

  it('when they both worked well with the same partner, then trust is above a stranger’s and the partner is named', () => {
    const pA = { partnerId: 'TEST-SHARED-X', model: 'informal_consortium', year: 2021, outcome: 'completed', success: 4 } as const;
    const shared = buildOrganisation({ id: 'TEST-SHARED-X', name: 'Shared Partner CIC' });
    const result = score(
      buildOrganisation({ partnerships: [pA] }),
      buildOrganisation({ partnerships: [pA] }),
      buildTender(),
      DEFAULT_WEIGHTS,
      [shared],
    );
    // quality 0.8 each way: 0.3 + 0.3 × 0.64
    expect(result.factors.trust.score).toBeCloseTo(0.492, 6);
    expect(result.reasonsFor.map((r) => r.text).join(' ')).toContain('You have both worked well with Shared Partner CIC');
  });
});

describe('value alignment and ways of working', () => {
  it('when values are identical, then alignment is 1 and the shared values are named', () => {
    const values = ['staff_ownership', 'asset_lock'] as Organisation['values'];
    const result = score(buildOrganisation({ values }), buildOrganisation({ values }), buildTender());
    expect(result.factors.valueAlignment.score).toBe(1);
    expect(result.reasonsFor.map((r) => r.text)).toContain('Shares your commitment to staff ownership and an asset lock');
  });

  it('when one decides in days and the other in months, then that is a reason against', () => {
    const seeker = buildOrganisation({
      waysOfWorking: { decisionSpeed: 'days', governance: 'staff_led', commercialMaturity: 'established' },
    });
    const candidate = buildOrganisation({
      waysOfWorking: { decisionSpeed: 'months', governance: 'staff_led', commercialMaturity: 'established' },
    });
    const result = score(seeker, candidate, buildTender());
    expect(result.reasonsAgainst.map((r) => r.text)).toContain('Takes months to agree a bid decision; you take days');
  });
});

describe('ranking', () => {
  const seeker = buildOrganisation({
    id: 'TEST-RANK-SEEKER',
    services: [HEALTH],
    areas: [DEVON],
    private: { doNotPartnerWith: ['TEST-RANK-BANNED'], redLines: [], bidPlans: [] },
  });
  const tender = buildTender({ cpvCodes: [HEALTH, CHILDREN_WELFARE], deliveryAreas: [DEVON] });
  const ctx = contextOf(seeker, tender, [], resolveWeights(undefined));

  it('when candidates differ in what they bring, then the one filling the gap ranks first', () => {
    const filler = buildOrganisation({ id: 'TEST-RANK-FILLER', services: [CHILDREN_WELFARE], areas: [DEVON] });
    const rival = buildOrganisation({ id: 'TEST-RANK-RIVAL', services: [HEALTH], areas: [DEVON] });
    const ranked = rankCandidates(ctx, profiles(rival, filler), 10);
    expect(ranked.map((r) => r.organisation.id)).toEqual(['TEST-RANK-FILLER', 'TEST-RANK-RIVAL']);
  });

  it('when a candidate is closed to partnering, the seeker itself, or on either do-not-partner list, then it is never returned', () => {
    const closed = buildOrganisation({ services: [CHILDREN_WELFARE], areas: [DEVON], openToPartnering: false });
    const banned = buildOrganisation({ id: 'TEST-RANK-BANNED', services: [CHILDREN_WELFARE], areas: [DEVON] });
    const refuses = buildOrganisation({
      services: [CHILDREN_WELFARE],
      areas: [DEVON],
      private: { doNotPartnerWith: ['TEST-RANK-SEEKER'], redLines: [], bidPlans: [] },
    });
    expect(rankCandidates(ctx, profiles(closed, banned, refuses, seeker), 10)).toEqual([]);
  });

  it('when weights are overridden, then the ranking follows them', () => {
    const local = buildOrganisation({ id: 'TEST-W-LOCAL', services: [HEALTH], areas: [EXETER], values: [] });
    const filler = buildOrganisation({
      id: 'TEST-W-FILLER',
      services: [CHILDREN_WELFARE],
      areas: ['E12000009'], // the South West, plausibly, for its size
      staff: 2_000,
      annualTurnoverGbp: 80_000_000,
    });
    const geoOnly = contextOf(seeker, tender, [], resolveWeights({ complementarity: 0, geography: 10 }));
    expect(rankCandidates(geoOnly, profiles(filler, local), 2)[0].organisation.id).toBe('TEST-W-LOCAL');
    expect(rankCandidates(ctx, profiles(filler, local), 2)[0].organisation.id).toBe('TEST-W-FILLER');
  });
});

describe('synthetic facts', () => {
  it('when a sentence rests on a candidate fact that is demo data, then it ends "(demo data)"; on a register fact, it does not', () => {
    const seeker = buildOrganisation({ services: [HEALTH], areas: [DEVON], annualTurnoverGbp: 4_000_000 });
    const tender = buildTender({ cpvCodes: [HEALTH, CHILDREN_WELFARE], deliveryAreas: [DEVON], valueGbp: 6_000_000 });
    const facts = { services: [CHILDREN_WELFARE], areas: [DEVON], annualTurnoverGbp: 13_000_000, foundedYear: 2010 };
    const synthetic = buildOrganisation({
      ...facts,
      provenance: { annualTurnoverGbp: { kind: 'synthetic' }, foundedYear: { kind: 'synthetic' } },
    });
    const registered = buildOrganisation({
      ...facts,
      provenance: { annualTurnoverGbp: { kind: 'register', register: 'charity-commission' }, foundedYear: { kind: 'register' } },
    });
    const capacityOf = (candidate: Organisation) =>
      score(seeker, candidate, tender)
        .reasonsFor.filter((r) => r.factor === 'capacity')
        .map((r) => r.text);
    expect(capacityOf(synthetic)).toEqual([expect.stringMatching(/^Together you reach £17\.0m turnover.* \(demo data\)$/)]);
    expect(capacityOf(registered)).toEqual([expect.not.stringContaining('demo data')]);
  });
});

describe('tender terms: reserved for mutuals, by the law in force', () => {
  const seeker = buildOrganisation({ kind: 'charity', services: [HEALTH], areas: [DEVON] });
  const mutual = buildOrganisation({ name: 'Care Mutual', kind: 'public_service_mutual', services: [CHILDREN_WELFARE], areas: [DEVON] });
  const texts = (r: ReturnType<typeof score>) => [...r.reasonsFor, ...r.reasonsAgainst].map((x) => x.text);

  it('when an English tender is reserved today, then a qualifying mutual partner scores 1 and the reason cites PA 2023 s.33', () => {
    const tender = buildTender({ cpvCodes: [CHILDREN_WELFARE], deliveryAreas: [DEVON], reservedForMutuals: true });
    const result = score(seeker, mutual, tender);
    expect(result.factors.tenderTerms.score).toBe(1);
    expect(texts(result)).toContain(
      'Is a public service mutual that qualifies under Procurement Act 2023 s.33: it could hold this contract reserved for mutuals, which you cannot',
    );
  });

  it('when the notice is from before 24 February 2025, then PCR 2015 reg. 77 is cited', () => {
    const tender = buildTender({
      cpvCodes: [CHILDREN_WELFARE],
      deliveryAreas: [DEVON],
      reservedForMutuals: true,
      source: { kind: 'register', register: 'contracts-finder', date: '2024-09-01' },
    });
    expect(texts(score(seeker, mutual, tender)).join(' ')).toContain('qualifies under Public Contracts Regulations 2015 reg. 77');
  });

  it('when the tender is in Scotland, then no reservation applies and the factor leaves it out', () => {
    const tender = buildTender({ cpvCodes: [CHILDREN_WELFARE], deliveryAreas: ['S12000049'], reservedForMutuals: true });
    const result = score(seeker, mutual, tender);
    expect(texts(result).join(' ')).not.toContain('reserved');
  });
});

function profiles(...orgs: Organisation[]) {
  return orgs.map((org) => profileOf(org, ref));
}
