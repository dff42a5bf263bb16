import { describe, expect, it } from 'vitest';
import { proposeConsortia } from '../../../src/consortia/builder.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { CHILDREN, DEVON, HOME_CARE, NOW, ref } from './fixtures.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

const tender = (overrides: Parameters<typeof buildTender>[0] = {}) =>
  buildTender({ cpvCodes: [HOME_CARE, CHILDREN], deliveryAreas: [DEVON], ...overrides });
const home = buildOrganisation({
  id: 'ORG-HOME',
  name: 'Home Care CIC',
  kind: 'social_enterprise',
  legalForm: 'cic',
  services: [HOME_CARE],
  areas: [DEVON],
});
const kidsMutual = buildOrganisation({
  id: 'ORG-KIDS',
  name: 'Kids Mutual',
  kind: 'public_service_mutual',
  services: [CHILDREN],
  areas: [DEVON],
});
const privateKids = buildOrganisation({
  id: 'ORG-PRIV',
  name: 'Kids Ltd',
  kind: 'private_provider',
  legalForm: 'company_limited_by_shares',
  services: [CHILDREN],
  areas: [DEVON],
});

describe('eligibility', () => {
  it('when the tender is reserved for mutuals and the lead is not one, then the lead is ineligible with a clear reason', () => {
    const charity = buildOrganisation({
      id: 'LEAD-CHARITY',
      name: 'Devon Carers Trust',
      kind: 'charity',
      services: [HOME_CARE],
      areas: [DEVON],
    });
    const result = proposeConsortia({
      ref,
      tender: tender({ reservedForMutuals: true }),
      lead: charity,
      pool: [privateKids],
      now: NOW,
      vetoes: HONOUR_EVERY_VETO,
    });
    expect(result.eligibility.leadEligible).toBe(false);
    expect(result.eligibility.reasons[0]).toBe(
      'Devon Carers Trust cannot lead this bid: the tender is reserved for public service mutuals (Procurement Act 2023 s.33: a contract of up to 5 years; delivers public services, mainly reservable light-touch services; is run not for profit, or distributes profit only to its members; is under the management and control of its employees) and Devon Carers Trust is a charity, not a public service mutual. A consortium can only bid with a qualifying mutual holding the contract',
    );
    expect(result.consortia[0].eligibility.canBid).toBe(false);
    expect(result.consortia[0].eligibility.notes).toContain(
      'No member is a public service mutual that qualifies under Procurement Act 2023 s.33, so this consortium cannot bid for a contract reserved for mutuals',
    );
  });

  it('when the tender is reserved for mutuals and a partner is one, then that partner is named to hold the contract as prime', () => {
    const charity = buildOrganisation({
      id: 'LEAD-CHARITY',
      name: 'Devon Carers Trust',
      kind: 'charity',
      services: [HOME_CARE],
      areas: [DEVON],
    });
    const best = proposeConsortia({
      ref,
      tender: tender({ reservedForMutuals: true }),
      lead: charity,
      pool: [kidsMutual],
      now: NOW,
      vetoes: HONOUR_EVERY_VETO,
    }).consortia[0];
    expect(best.eligibility.canBid).toBe(true);
    expect(best.eligibility.notes[0]).toBe(
      'Devon Carers Trust is a charity and cannot hold the reserved contract; Kids Mutual is a public service mutual that qualifies under Procurement Act 2023 s.33 and could, as prime',
    );
    expect(best.advice.prime?.name).toBe('Kids Mutual');
  });

  it('when the tender is reserved for mutuals and the lead is one, then it may lead', () => {
    const mutual = buildOrganisation({
      id: 'LEAD-MUTUAL',
      name: 'Care Mutual',
      kind: 'public_service_mutual',
      services: [HOME_CARE],
      areas: [DEVON],
    });
    const result = proposeConsortia({
      ref,
      tender: tender({ reservedForMutuals: true }),
      lead: mutual,
      pool: [privateKids],
      now: NOW,
      vetoes: HONOUR_EVERY_VETO,
    });
    expect(result.eligibility.leadEligible).toBe(true);
    expect(result.eligibility.reasons[0]).toContain('Care Mutual is a public service mutual, so it can bid as lead');
    expect(result.eligibility.law).toBe('Procurement Act 2023 s.33');
  });

  it('when the notice was published before 24 February 2025, then PCR 2015 reg. 77 and its 3-year term are cited instead', () => {
    const mutual = buildOrganisation({
      id: 'LEAD-MUTUAL',
      name: 'Care Mutual',
      kind: 'public_service_mutual',
      services: [HOME_CARE],
      areas: [DEVON],
    });
    const old = tender({ reservedForMutuals: true, source: { kind: 'register', register: 'find-a-tender', date: '2024-11-01' } });
    const result = proposeConsortia({ ref, tender: old, lead: mutual, pool: [privateKids], now: NOW, vetoes: HONOUR_EVERY_VETO });
    expect(result.eligibility.law).toBe('Public Contracts Regulations 2015 reg. 77');
    expect(result.eligibility.reasons[0]).toContain('(Public Contracts Regulations 2015 reg. 77: a contract of up to 3 years)');
  });

  it('when the tender is delivered in Scotland, then no reservation applies and the charity may lead', () => {
    const charity = buildOrganisation({
      id: 'LEAD-CHARITY',
      name: 'Glasgow Care',
      kind: 'charity',
      services: [HOME_CARE],
      areas: ['S12000049'],
    });
    const scottish = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: ['S12000049'], reservedForMutuals: true });
    const result = proposeConsortia({ ref, tender: scottish, lead: charity, pool: [], now: NOW, vetoes: HONOUR_EVERY_VETO });
    expect(result.eligibility.leadEligible).toBe(true);
    expect(result.eligibility.reasons[0]).toContain('In Scotland no contract can be reserved to public service mutuals');
  });

  it('when the tender is suitable for VCSEs, then each consortium names its VCSE members only', () => {
    const mutual = buildOrganisation({
      id: 'LEAD-MUTUAL',
      name: 'Care Mutual',
      kind: 'public_service_mutual',
      services: [HOME_CARE],
      areas: [DEVON],
    });
    const result = proposeConsortia({
      ref,
      tender: tender({ vcseSuitable: true }),
      lead: mutual,
      pool: [privateKids, kidsMutual, home],
      now: NOW,
      vetoes: HONOUR_EVERY_VETO,
    });
    const withPrivate = result.consortia.find((c) => c.members.some((m) => m.id === 'ORG-PRIV'))!;
    expect(withPrivate.eligibility.vcseMembers).toEqual(['Care Mutual']);
    const withMutual = result.consortia.find((c) => c.members.some((m) => m.id === 'ORG-KIDS'))!;
    expect(withMutual.eligibility.vcseMembers).toEqual(['Care Mutual', 'Kids Mutual']);
    expect(withMutual.reasonsFor).toContain(
      '2 of 2 members are VCSEs (Care Mutual and Kids Mutual), which suits this VCSE-suitable tender',
    );
  });
});
