import { describe, expect, it } from 'vitest';
import { lottingAdvice } from '../../../src/market/lotting.ts';
import { engagementRows, marketView } from '../../../src/market/market-view.ts';
import { supplyOf } from '../../../src/market/supply.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';

const ref = defaultReference();
const NOW = new Date('2026-06-01T00:00:00Z');
const HOME_CARE = '85312400';
const CHILDREN = '85311300';
const EXETER = 'E07000041';
const TEIGNBRIDGE = 'E07000045';
const PLYMOUTH = 'E06000026';

const org = (id: string, over: Partial<Organisation>) => buildOrganisation({ id, name: id, ...over });

/** Exeter and Teignbridge (Devon) and Plymouth, home care and children's services. */
const market: Organisation[] = [
  org('EXE-HOME-CHARITY', { kind: 'charity', staff: 8, services: [HOME_CARE], areas: [EXETER], baseArea: EXETER }),
  org('EXE-KIDS-MUTUAL', {
    kind: 'public_service_mutual',
    legalForm: 'cic',
    staff: 60,
    annualTurnoverGbp: 3_000_000,
    services: [CHILDREN],
    areas: [EXETER, TEIGNBRIDGE],
  }),
  org('DEVON-WIDE-LTD', {
    kind: 'private_provider',
    legalForm: 'company_limited_by_shares',
    staff: 400,
    annualTurnoverGbp: 30_000_000,
    services: [HOME_CARE, CHILDREN],
    areas: ['E10000008'],
  }),
  org('PLY-HOME-CIC', {
    kind: 'social_enterprise',
    legalForm: 'cic',
    staff: 30,
    services: [HOME_CARE],
    areas: [PLYMOUTH],
    baseArea: PLYMOUTH,
  }),
  org('PLY-KIDS-CHARITY', { kind: 'charity', staff: 20, services: [CHILDREN], areas: [PLYMOUTH] }),
  org('TEIGN-HOME-COOP', { kind: 'cooperative', legalForm: 'cooperative_society', staff: 12, services: [HOME_CARE], areas: [TEIGNBRIDGE] }),
];
const tender = buildTender({
  title: 'Home care and family support in Exeter, Teignbridge and Plymouth',
  cpvCodes: [HOME_CARE, CHILDREN],
  deliveryAreas: [EXETER, TEIGNBRIDGE, PLYMOUTH],
  valueGbp: 3_000_000,
  reservedForMutuals: true,
});

describe('the market view', () => {
  it('when built, then every cell is counted by kind and size, with gaps and single-provider cells named', () => {
    const { view } = marketView({ ref, tender, organisations: market, now: NOW });
    expect(view.summary).toMatchObject({ cells: 6, providers: 6, vcse: 5, mutuals: 1, uncovered: 0 });
    const cell = (service: string, area: string) => view.cells.find((c) => c.service === service && c.area === area)!;
    expect(cell(HOME_CARE, EXETER)).toMatchObject({
      local: 2,
      status: 'covered',
      byKind: { charity: 1, private_provider: 1 },
      bySize: { micro: 1, large: 1 },
    });
    expect(cell(CHILDREN, PLYMOUTH)).toMatchObject({ local: 1, status: 'single', providerIds: ['PLY-KIDS-CHARITY'] });
    expect(view.gaps.single.map((s) => s.name)).toEqual([
      `${ref.cpv.describe(HOME_CARE)} in Plymouth`,
      `${ref.cpv.describe(CHILDREN)} in Plymouth`,
    ]);
    // Devon-Wide lists Devon (a county: authority level), so it is in Exeter and Teignbridge, not Plymouth (a unitary outside Devon).
    expect(view.providers.find((p) => p.id === 'DEVON-WIDE-LTD')).toMatchObject({
      cells: 4,
      areas: [EXETER, TEIGNBRIDGE].sort(),
      presence: 'local',
    });
  });

  it('when a consortium is proposed, then several are, each led by a different organisation, each covering every cell', () => {
    const { view } = marketView({ ref, tender: { ...tender, reservedForMutuals: false }, organisations: market, now: NOW });
    expect(view.consortia.length).toBeGreaterThanOrEqual(2);
    const leads = view.consortia.map((c) => c.lead.id);
    expect(new Set(leads).size).toBe(leads.length);
    for (const c of view.consortia) {
      expect(c.coverage).toMatchObject({ cellsCovered: 6, cells: 6 });
      expect(c.weakestCell?.why).toMatch(/in (Exeter|Teignbridge|Plymouth)/);
    }
  });

  it('when the tender is reserved, then the rules cite PA 2023 s.33 and name the mutual that would qualify', () => {
    const { view } = marketView({ ref, tender, organisations: market, now: NOW });
    expect(view.rules).toMatchObject({ law: 'Procurement Act 2023 s.33', jurisdiction: 'England', maxTermYears: 5, reservable: true });
    expect(view.rules.qualifyingMutuals.map((m) => m.id)).toEqual(['EXE-KIDS-MUTUAL']);
    expect(view.rules.reasons).toContain('1 public service mutual in this market would qualify on its public record: EXE-KIDS-MUTUAL');
  });

  it('when organisations hold private fields, then the view is the same as without them and shows none of them', () => {
    const secret = 'SECRET-BID-PLAN-7f3a';
    const withPrivate = market.map((o, i) =>
      i === 0 ? { ...o, private: { doNotPartnerWith: ['PLY-HOME-CIC', 'EXE-KIDS-MUTUAL'], redLines: [secret], bidPlans: [secret] } } : o,
    );
    const open = { ...tender, reservedForMutuals: false };
    const a = marketView({ ref, tender: open, organisations: market, now: NOW }).view;
    const b = marketView({ ref, tender: open, organisations: withPrivate, now: NOW }).view;
    expect(JSON.stringify(b)).not.toContain(secret);
    expect(b).toEqual(a);
  });

  it('when lotting by area, then each lot says who could bid alone, and the trade-off is stated in words', () => {
    const supply = supplyOf(ref, { services: [HOME_CARE, CHILDREN], lads: [EXETER, PLYMOUTH, TEIGNBRIDGE].sort() }, market);
    const advice = lottingAdvice(supply, ref, 1_000_000);
    const byArea = advice.options.find((o) => o.kind === 'area')!;
    // Exeter and Teignbridge are both in Devon: one lot; Plymouth the other.
    expect(byArea.lots.map((l) => l.name)).toEqual(['Plymouth', 'Devon']);
    const devon = byArea.lots[1];
    expect(devon.alone.map((i) => supply.providers[i].org.id)).toEqual(['DEVON-WIDE-LTD']);
    expect(byArea.lots[0].alone).toEqual([]);
    expect(byArea.lots[0].smallConsortium?.map((i) => supply.providers[i].org.id).sort()).toEqual(['PLY-HOME-CIC', 'PLY-KIDS-CHARITY']);
    expect(byArea.summary).toBe(
      'Lotting by area (2 lots): 0 of 2 lots could be led by a local VCSE or mutual alone; 1 lot has a single credible provider (Devon); 1 lot needs a small consortium.',
    );
    expect(byArea.tradeOff).toMatch(/^Lots follow the authorities/);
    const single = advice.options.find((o) => o.kind === 'single')!;
    expect(single.summary).toMatch(/^One lot: nobody could bid alone; a consortium of /);
  });

  it('when a provider covers a lot only through a broader code, or is too small for the lot’s value, then it cannot bid for it alone', () => {
    const one = (id: string, over: Partial<Organisation>) =>
      org(id, { kind: 'charity', annualTurnoverGbp: 5_000_000, areas: [EXETER], baseArea: EXETER, ...over });
    const providers = [
      one('FULL-BIG', { services: [HOME_CARE] }),
      one('BROAD-ONLY', { services: ['85310000'] }), // Social work services: home care only partly
      one('FULL-SMALL', { services: [HOME_CARE], annualTurnoverGbp: 300_000 }),
      one('FULL-UNKNOWN', { services: [HOME_CARE], annualTurnoverGbp: undefined }),
    ];
    const supply = supplyOf(ref, { services: [HOME_CARE], lads: [EXETER] }, providers);
    const whole = (value?: number) =>
      lottingAdvice(supply, ref, value)
        .options.find((o) => o.kind === 'single')!
        .lots[0].alone.map((i) => supply.providers[i].org.id)
        .sort();
    // all four credibly cover the cell (the broad code partly); only full cover with the turnover for £1m a year bids alone
    expect(supply.providers.filter((p) => p.cells.length > 0)).toHaveLength(4);
    expect(whole(1_000_000)).toEqual(['FULL-BIG']);
    // the value unknown: no turnover test, still full cover only
    expect(whole(undefined)).toEqual(['FULL-BIG', 'FULL-SMALL', 'FULL-UNKNOWN']);
    // one provider covering everything only partly is not "a consortium of" itself
    const broad = supplyOf(ref, { services: [HOME_CARE], lads: [EXETER] }, [providers[1]]);
    expect(lottingAdvice(broad, ref, 1_000_000).options.find((o) => o.kind === 'single')!.summary).toBe(
      'One lot: nobody could bid alone; BROAD-ONLY covers every cell, but only partly (through a broader code) or without the turnover for it, so it would need partners.',
    );
  });

  it('when lotting by size, then the lot value is half the turnover of the third-largest local VCSE or mutual', () => {
    const big = (id: string, turnover: number) =>
      org(id, { kind: 'charity', staff: undefined, annualTurnoverGbp: turnover, services: [HOME_CARE], areas: [EXETER] });
    const supply = supplyOf(ref, { services: [HOME_CARE], lads: [EXETER] }, [
      big('ORG-A', 9_000_000),
      big('ORG-B', 4_000_000),
      big('ORG-C', 2_000_000),
      big('ORG-D', 500_000),
    ]);
    const size = lottingAdvice(supply, ref, 3_000_000).options.find((o) => o.kind === 'size')!;
    expect(size.lotValueGbp).toBe(1_000_000);
    expect(size.summary).toBe(
      "Lotting by size: lots worth at most £1.0m a year (3 lots of the £3.0m a year) would let 3 local VCSEs or mutuals meet the usual turnover test (twice a lot's yearly value) alone; for the whole contract 1 does.",
    );
  });

  it('when the engagement list is made, then local providers come first, each with services, areas and evidence', () => {
    const { supply } = marketView({ ref, tender, organisations: market, now: NOW });
    const rows = engagementRows(supply, ref);
    expect(rows[0]).toMatchObject({ id: 'DEVON-WIDE-LTD', presence: 'local', sizeBand: 'large', vcse: false });
    expect(rows[0].areasMatched).toEqual(['Exeter (E07000041)', 'Teignbridge (E07000045)']);
    expect(rows[0].evidence).toContain('Says it works in Exeter and Teignbridge (authority level)');
    expect(rows).toHaveLength(6);
  });
});
