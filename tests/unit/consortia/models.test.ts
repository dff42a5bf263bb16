import { describe, expect, it } from 'vitest';
import { proposeConsortia } from '../../../src/consortia/builder.ts';
import { adviseModels, type ConsortiumModel, type ModelMember, type ModelSituation } from '../../../src/consortia/models.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { CHILDREN, COMMUNITY_HEALTH, DEVON, HOME_CARE, NOW, ref, YOUTH } from './fixtures.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

function member(overrides: Partial<ModelMember> = {}): ModelMember {
  return {
    id: overrides.id ?? 'M',
    name: overrides.name ?? 'Member',
    kind: 'social_enterprise',
    legalForm: 'company_limited_by_guarantee',
    turnoverGbp: 3_000_000,
    commercialMaturity: 'established',
    wholeLots: 1,
    servicesCovered: 1,
    pastModels: [],
    holdsAssetLock: false,
    isLead: false,
    ...overrides,
  };
}

/** Three similar social enterprises that have all worked together, on a non-health tender, no preferences. */
function situation(overrides: Partial<ModelSituation> = {}): ModelSituation {
  return {
    members: [member({ id: 'A', name: 'Alpha', isLead: true }), member({ id: 'B', name: 'Beta' }), member({ id: 'C', name: 'Gamma' })],
    health: false,
    lotsBidFor: 3,
    servicesRequired: 3,
    reservedForMutuals: false,
    newPairs: [],
    pairCount: 3,
    shortDeadlineDays: 60,
    ...overrides,
  };
}

const order = (s: ModelSituation) => adviseModels(s).models.map((m) => m.model);
const rankOf = (s: ModelSituation, model: ConsortiumModel) => order(s).indexOf(model);
const scoreOf = (s: ModelSituation, model: ConsortiumModel) => adviseModels(s).models.find((m) => m.model === model)!.score;

describe('partnership-model advice', () => {
  it('when the tender is health and the commissioner shares risk, then an alliance ranks first', () => {
    const s = situation({ health: true, sharedRisk: true });
    expect(order(s)[0]).toBe('alliance');
    expect(adviseModels(s).models[0].for[0]).toBe('This is mainly a health tender, where alliances are most used');
    expect(rankOf(situation(), 'alliance')).toBeGreaterThan(2);
  });

  it('when the commissioner asks for joint and several liability, then the alliance falls back and says why', () => {
    const s = situation({ health: true, sharedRisk: true, jointAndSeveralLiability: true });
    expect(order(s)[0]).not.toBe('alliance');
    expect(adviseModels(s).models.find((m) => m.model === 'alliance')!.against[0]).toContain('joint and several liability');
  });

  it('when the commissioner wants a single contractor, then prime-and-subcontractors or a new entity ranks first and the loose models rank last', () => {
    const s = situation({ singleContractorRequired: true });
    const ranked = order(s);
    expect(['prime_subcontractors', 'company_limited_by_shares', 'community_interest_company', 'limited_liability_partnership']).toContain(
      ranked[0],
    );
    expect(ranked.slice(-3).sort()).toEqual(['alliance', 'contractual_joint_venture', 'informal_consortium']);
    const alliance = adviseModels(s).models.find((m) => m.model === 'alliance')!;
    expect(alliance.against[0]).toBe(
      'The commissioner wants a single contractor, but in an alliance every member contracts with it separately',
    );
  });

  it('when an asset lock is wanted, then a CIC ranks first', () => {
    expect(order(situation({ assetLockWanted: true }))[0]).toBe('community_interest_company');
    expect(
      order(
        situation({
          assetLockWanted: true,
          newPairs: [
            ['Alpha', 'Beta'],
            ['Alpha', 'Gamma'],
          ],
        }),
      )[0],
    ).toBe('community_interest_company');
  });

  it('when charities are among the members, then an LLP is preferred to a company limited by shares, for tax transparency', () => {
    const withCharity = situation({
      members: [
        member({ id: 'A', name: 'Alpha', isLead: true }),
        member({ id: 'B', name: 'Beta Trust', kind: 'charity', legalForm: 'charity_cio' }),
      ],
    });
    const advice = adviseModels(withCharity);
    expect(rankOf(withCharity, 'limited_liability_partnership')).toBeLessThan(rankOf(withCharity, 'company_limited_by_shares'));
    expect(advice.models.find((m) => m.model === 'limited_liability_partnership')!.for[0]).toBe(
      'Beta Trust is a charity: an LLP suits charities and is tax-transparent',
    );
  });

  it('when the venture should outlive the contract, then every new legal entity gains', () => {
    for (const model of ['company_limited_by_shares', 'community_interest_company', 'limited_liability_partnership'] as const)
      expect(scoreOf(situation({ outliveContract: true }), model)).toBeGreaterThan(scoreOf(situation(), model));
  });

  it('when the partners are new to each other, then an informal MOU ranks lower and subcontracting higher than between old partners', () => {
    const strangers = situation({
      newPairs: [
        ['Alpha', 'Beta'],
        ['Alpha', 'Gamma'],
        ['Beta', 'Gamma'],
      ],
    });
    expect(scoreOf(strangers, 'informal_consortium')).toBeLessThan(scoreOf(situation(), 'informal_consortium'));
    expect(scoreOf(strangers, 'prime_subcontractors')).toBeGreaterThan(scoreOf(situation(), 'prime_subcontractors'));
    expect(adviseModels(strangers).questions).toContain('How will Alpha and Beta, who have never worked together, build trust?');
  });

  it('when the deadline is close, then new legal entities fall', () => {
    expect(scoreOf(situation({ daysToDeadline: 20 }), 'limited_liability_partnership')).toBeLessThan(
      scoreOf(situation(), 'limited_liability_partnership'),
    );
  });

  it('when one member has the largest turnover and holds the most lots, then it is proposed as prime, with why', () => {
    const s = situation({
      members: [
        member({ id: 'A', name: 'Alpha', isLead: true, turnoverGbp: 2_000_000, wholeLots: 1 }),
        member({ id: 'B', name: 'Beta', turnoverGbp: 12_000_000, wholeLots: 2, commercialMaturity: 'experienced' }),
      ],
    });
    expect(adviseModels(s).prime).toEqual({
      id: 'B',
      name: 'Beta',
      why: 'Beta should lead as prime: it has the largest turnover (£12.0m), so can best carry the liability, can deliver 2 of the 3 lots whole and is experienced at competitive bidding.',
    });
    expect(adviseModels(s).models.find((m) => m.model === 'prime_subcontractors')!.liability).toContain(
      'Beta, as prime, is liable to the commissioner for every subcontractor',
    );
  });

  it('when the contract is reserved for mutuals, then only the mutual can be prime', () => {
    const s = situation({
      reservedForMutuals: true,
      members: [
        member({ id: 'A', name: 'Alpha', isLead: true, turnoverGbp: 9_000_000 }),
        member({ id: 'M', name: 'Mutual Care', kind: 'public_service_mutual', turnoverGbp: 1_000_000 }),
      ],
    });
    expect(adviseModels(s).prime?.name).toBe('Mutual Care');
    expect(adviseModels(s).prime?.why).toContain('is the public service mutual the reserved contract needs');
  });

  it('always lists the questions the report says partners must settle', () => {
    const questions = adviseModels(situation()).questions.join('\n');
    for (const topic of ['accept', 'contribute', 'risk and reward', 'disagreements', 'ended']) expect(questions).toContain(topic);
  });
});

describe('advice through the builder', () => {
  const lead = buildOrganisation({ id: 'LEAD-ADV', name: 'Lead Mutual', kind: 'public_service_mutual', services: [YOUTH], areas: [DEVON] });
  const partners = [
    buildOrganisation({ id: 'ORG-HOME', services: [HOME_CARE], areas: [DEVON] }),
    buildOrganisation({ id: 'ORG-HEALTH', services: [COMMUNITY_HEALTH], areas: [DEVON] }),
  ];
  const top = (tenderOverrides: Parameters<typeof buildTender>[0], request = {}) =>
    proposeConsortia({
      ref,
      tender: buildTender({ deliveryAreas: [DEVON], ...tenderOverrides }),
      lead,
      pool: partners,
      now: NOW,
      request,
      vetoes: HONOUR_EVERY_VETO,
    }).consortia[0].advice.models[0].model;

  it('when the request says the commissioner shares risk on a health tender, then an alliance ranks first', () => {
    expect(top({ cpvCodes: [COMMUNITY_HEALTH, HOME_CARE] }, { sharedRisk: true })).toBe('alliance');
    expect(top({ cpvCodes: [COMMUNITY_HEALTH, HOME_CARE] })).not.toBe('alliance');
  });

  it('when the request says a single contractor is wanted, then prime-and-subcontractors ranks first', () => {
    expect(top({ cpvCodes: [COMMUNITY_HEALTH, HOME_CARE] }, { singleContractorRequired: true })).toBe('prime_subcontractors');
  });

  it('when the tender is not open to consortia, then a single contractor is assumed and said', () => {
    const result = proposeConsortia({
      ref,
      tender: buildTender({ cpvCodes: [HOME_CARE, CHILDREN, COMMUNITY_HEALTH], deliveryAreas: [DEVON], openToConsortia: false }),
      lead,
      pool: [...partners, buildOrganisation({ services: [CHILDREN], areas: [DEVON] })],
      now: NOW,
      vetoes: HONOUR_EVERY_VETO,
    });
    const informal = result.consortia[0].advice.models.find((m) => m.model === 'informal_consortium')!;
    expect(informal.against[0]).toContain('The tender is not open to consortia, so the commissioner wants a single contractor');
  });
});
