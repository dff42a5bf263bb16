/** Trust, capacity, values, competition and the tender's own terms. */
import { describe, expect, it } from 'vitest';
import type { Partnership } from '../../src/organisations/schema.ts';
import { CPV, LEEDS_TENDER, PLACE, match, org, ranking, ranksAbove, reasonsOf } from './worlds.ts';

const AREA = [PLACE.leeds];
const tender = (extra: object = {}) => ({ ...LEEDS_TENDER, cpvCodes: [CPV.homeCare], deliveryAreas: AREA, ...extra });
const worked = (partnerId: string, success: number, outcome: Partnership['outcome'], year = 2022): Partnership => ({
  partnerId,
  model: 'subcontracting',
  year,
  outcome,
  success,
});
const candidate = (id: string, extra: object = {}) => org(id, { services: [CPV.homeCare], areas: AREA, ...extra });

describe('quality: trust', () => {
  it('when a past partnership went badly, then that partner ranks below an otherwise identical stranger', async () => {
    const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA, partnerships: [worked('BAD-PAST', 1, 'ended_early')] });
    const res = await match(seeker, [candidate('BAD-PAST'), candidate('STRANGER')], tender());
    expect(ranksAbove(res, 'STRANGER', 'BAD-PAST')).toBe(true);
    expect(reasonsOf(res, 'BAD-PAST').against.join(' ')).toContain('Past work together went badly');
  });

  it('when a past partnership went well, then that partner ranks above an otherwise identical stranger', async () => {
    const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA, partnerships: [worked('GOOD-PAST', 5, 'won')] });
    const res = await match(seeker, [candidate('STRANGER'), candidate('GOOD-PAST')], tender());
    expect(ranking(res)[0]).toBe('GOOD-PAST');
  });

  it('when only the partner recorded the bad partnership, then it still counts against them', async () => {
    const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA });
    const res = await match(
      seeker,
      [candidate('THEY-RECORDED', { partnerships: [worked('SEEKER', 1, 'lost')] }), candidate('STRANGER')],
      tender(),
    );
    expect(ranksAbove(res, 'STRANGER', 'THEY-RECORDED')).toBe(true);
  });

  it('when the seeker and a candidate both worked well with the same partner, then the candidate ranks above a stranger and the partner is named', async () => {
    const friend = org('FRIEND', { name: 'Friendly Partner Trust', areas: [PLACE.manchester], services: [CPV.gp] });
    const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA, partnerships: [worked('FRIEND', 5, 'completed')] });
    const fof = candidate('FRIEND-OF-FRIEND', { partnerships: [worked('FRIEND', 5, 'won', 2023)] });
    const res = await match(seeker, [friend, candidate('STRANGER'), fof], tender());
    expect(ranksAbove(res, 'FRIEND-OF-FRIEND', 'STRANGER')).toBe(true);
    expect(reasonsOf(res, 'FRIEND-OF-FRIEND').for.join(' ')).toContain('You have both worked well with Friendly Partner Trust');
  });

  it('when a partner you trust had a partnership with a candidate that went badly, then that candidate ranks below a stranger', async () => {
    const friend = org('FRIEND', {
      name: 'Friendly Partner Trust',
      areas: [PLACE.manchester],
      services: [CPV.gp],
      partnerships: [worked('WARNED', 1, 'ended_early')],
    });
    const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA, partnerships: [worked('FRIEND', 5, 'completed')] });
    const res = await match(seeker, [friend, candidate('WARNED'), candidate('STRANGER')], tender());
    expect(ranksAbove(res, 'STRANGER', 'WARNED')).toBe(true);
    expect(reasonsOf(res, 'WARNED').against.join(' ')).toContain('Friendly Partner Trust, which you worked well with');
  });
});

describe('quality: capacity and scale', () => {
  const seeker = org('SEEKER', { services: [CPV.guidance], areas: AREA, annualTurnoverGbp: 20_000_000, staff: 400 });

  it('when a 1-staff, £68k charity and a £5m provider offer the same, then the one that can carry the work ranks first and the other is told why', async () => {
    const tiny = candidate('TINY', { staff: 1, annualTurnoverGbp: 68_000 });
    const able = candidate('ABLE', { staff: 120, annualTurnoverGbp: 5_000_000 });
    const res = await match(seeker, [tiny, able], tender());
    expect(ranksAbove(res, 'ABLE', 'TINY')).toBe(true);
    expect(reasonsOf(res, 'TINY').against.join(' ')).toContain('too much for its size');
  });

  it('when the seeker is short of the turnover threshold, then the partner that makes it up ranks above one that does not', async () => {
    const small = org('SMALL-SEEKER', { services: [CPV.guidance], areas: AREA, annualTurnoverGbp: 2_000_000 });
    const big = candidate('MAKES-IT-UP', { annualTurnoverGbp: 5_000_000 });
    const short = candidate('STILL-SHORT', { annualTurnoverGbp: 1_000_000 });
    const res = await match(small, [short, big], tender({ minimumTurnoverGbp: 6_000_000, valueGbp: undefined }));
    expect(ranksAbove(res, 'MAKES-IT-UP', 'STILL-SHORT')).toBe(true);
    expect(reasonsOf(res, 'MAKES-IT-UP').for.join(' ')).toContain('above the £6.0m threshold you miss alone');
  });

  it('when £12m runs over 4 years, then the threshold is £6.0m, written as people write it', async () => {
    const res = await match(seeker, [candidate('ANYONE')], tender());
    expect(res.tender.turnoverThresholdGbp).toBe(6_000_000);
    expect(res.notes.join(' ')).toContain('Turnover threshold £6.0m');
  });
});

describe('quality: fit and the tender’s terms', () => {
  const seeker = org('SEEKER', {
    services: [CPV.guidance],
    areas: AREA,
    values: ['staff_ownership', 'co_production', 'asset_lock'],
  });

  it('when one candidate shares the seeker’s values and another shares none, then the aligned one ranks first', async () => {
    const aligned = candidate('ALIGNED', { values: ['staff_ownership', 'co_production', 'asset_lock'] });
    const apart = candidate('APART', { values: ['open_book'] });
    const res = await match(seeker, [apart, aligned], tender());
    expect(ranksAbove(res, 'ALIGNED', 'APART')).toBe(true);
  });

  it('when one candidate competes with the seeker in its own services and places, then the complementary one ranks first', async () => {
    const rival = org('RIVAL', { services: [CPV.guidance, CPV.homeCare], areas: AREA });
    const complement = candidate('COMPLEMENT');
    const res = await match(seeker, [rival, complement], tender());
    expect(ranksAbove(res, 'COMPLEMENT', 'RIVAL')).toBe(true);
    expect(reasonsOf(res, 'RIVAL').against.join(' ')).toContain('Competes with you');
  });

  it('when the tender is reserved for mutuals and the seeker is a charity, then a mutual partner ranks above an otherwise identical charity', async () => {
    const mutual = candidate('MUTUAL', { kind: 'public_service_mutual', legalForm: 'cic' });
    const charity = candidate('CHARITY');
    const res = await match(seeker, [charity, mutual], tender({ reservedForMutuals: true }));
    expect(ranksAbove(res, 'MUTUAL', 'CHARITY')).toBe(true);
    expect(reasonsOf(res, 'MUTUAL').for.join(' ')).toContain('could hold this contract reserved for mutuals');
  });

  it('when the tender is marked suitable for VCSEs, then a charity ranks above an otherwise identical private provider', async () => {
    const charity = candidate('CHARITY');
    const company = candidate('COMPANY', { kind: 'private_provider', legalForm: 'company_limited_by_shares' });
    const res = await match(seeker, [company, charity], tender({ vcseSuitable: true }));
    expect(ranksAbove(res, 'CHARITY', 'COMPANY')).toBe(true);
  });

  it('when a mutual can distribute profit, then it is not called a VCSE anywhere, and a not-for-profit mutual is', async () => {
    const shares = candidate('MUTUAL-SHARES', { kind: 'public_service_mutual', legalForm: 'company_limited_by_shares' });
    const cic = candidate('MUTUAL-CIC', { kind: 'public_service_mutual', legalForm: 'cic' });
    const res = await match(seeker, [shares, cic], tender({ vcseSuitable: true }));
    expect(reasonsOf(res, 'MUTUAL-SHARES').against.join(' ')).toContain('is not a VCSE');
    expect(reasonsOf(res, 'MUTUAL-CIC').for.join(' ')).toContain('which counts as a VCSE');
  });
});
