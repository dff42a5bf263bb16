import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import {
  isReservableService,
  jurisdictionOf,
  mutualQualification,
  reservationRule,
  ruleFor,
  tenderReservability,
} from '../../../src/tenders/reserved-contracts.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';

const ref = defaultReference();
const NOW = new Date('2026-06-01T00:00:00Z');

describe('reserved contracts for public service mutuals: the rule in force by jurisdiction and date', () => {
  it('when the procurement starts on or after 24 February 2025 in England, Wales or Northern Ireland, then PA 2023 s.33 applies: 5 years, 3-year look-back', () => {
    for (const j of ['england', 'wales', 'northern_ireland'] as const) {
      expect(reservationRule(j, '2025-02-24')).toMatchObject({
        regime: 'pa2023-s33',
        citation: 'Procurement Act 2023 s.33',
        maxTermYears: 5,
        cooldownYears: 3,
        available: true,
      });
    }
  });

  it('when it started the day before, then PCR 2015 reg. 77 applies with its 3-year maximum', () => {
    expect(reservationRule('england', '2025-02-23T23:59:00Z')).toMatchObject({
      regime: 'pcr2015-reg77',
      citation: 'Public Contracts Regulations 2015 reg. 77',
      maxTermYears: 3,
    });
  });

  it('when the tender is in Scotland, then no reservation to mutuals is available, at any date', () => {
    for (const date of ['2020-01-01', '2026-01-01'])
      expect(reservationRule('scotland', date)).toMatchObject({ regime: 'none-scotland', available: false });
  });

  it("when a tender's areas are Welsh or Scottish, then its jurisdiction follows them; with no area, England", () => {
    expect(jurisdictionOf(buildTender({ deliveryAreas: ['W06000015'] }), ref)).toBe('wales');
    expect(jurisdictionOf(buildTender({ deliveryAreas: ['S12000049'] }), ref)).toBe('scotland');
    expect(jurisdictionOf(buildTender({ deliveryAreas: ['N09000003'] }), ref)).toBe('northern_ireland');
    expect(jurisdictionOf(buildTender({ deliveryAreas: [] }), ref)).toBe('england');
  });

  it("when a tender came from a notice, then the notice's date decides; otherwise now", () => {
    const old = buildTender({ source: { kind: 'register', register: 'find-a-tender', date: '2024-06-01' } });
    expect(ruleFor(old, ref, NOW).regime).toBe('pcr2015-reg77');
    expect(ruleFor(buildTender(), ref, NOW).regime).toBe('pa2023-s33');
  });

  it('when services are in reg. 77(1)’s list (division 85 up to 85323000, and the listed others), then they are reservable; others are not', () => {
    expect(isReservableService('85312400', ref)).toBe(true);
    expect(isReservableService('85323000', ref)).toBe(true);
    expect(isReservableService('92610000', ref)).toBe(true); // within 92600000 sporting services
    expect(isReservableService('98341000', ref)).toBe(false); // accommodation services
    expect(isReservableService('79400000', ref)).toBe(false);
  });

  it('when a tender runs 6 years, then it cannot be reserved under s.33 (5 years) and the reason says so', () => {
    const rule = reservationRule('england', '2026-01-01');
    const tender = buildTender({ cpvCodes: ['85312400'], contractStart: '2027-04-01T00:00:00Z', contractEnd: '2033-04-01T00:00:00Z' });
    const r = tenderReservability(tender, rule, ref);
    expect(r.reservable).toBe(false);
    expect(r.reasons).toContain('Its term, 6 years, is longer than the 5 years a reserved contract may run (Procurement Act 2023 s.33)');
    const four = tenderReservability({ ...tender, contractEnd: '2031-04-01T00:00:00Z' }, rule, ref);
    expect(four.reservable).toBe(true);
    expect(
      tenderReservability({ ...tender, contractEnd: '2031-04-01T00:00:00Z' }, reservationRule('england', '2024-01-01'), ref).reservable,
    ).toBe(false);
  });

  it('when a mutual is a company limited by shares, then it qualifies under s.33 (profit to members allowed) but not under reg. 77', () => {
    const mutual = buildOrganisation({
      name: 'Staff Co',
      kind: 'public_service_mutual',
      legalForm: 'company_limited_by_shares',
      services: ['85312400'],
    });
    expect(mutualQualification(mutual, reservationRule('england', '2026-01-01'), ref).qualifies).toBe(true);
    expect(mutualQualification(mutual, reservationRule('england', '2024-01-01'), ref).qualifies).toBe(false);
  });

  it('when a mutual mainly delivers services outside the reservable list, or is not a mutual, then it does not qualify', () => {
    const rule = reservationRule('england', '2026-01-01');
    const builder = buildOrganisation({
      name: 'Build Mutual',
      kind: 'public_service_mutual',
      services: ['45000000', '79400000', '85312400'],
    });
    expect(mutualQualification(builder, rule, ref)).toMatchObject({ qualifies: false });
    expect(
      mutualQualification(buildOrganisation({ name: 'A charity', kind: 'charity', services: ['85312400'] }), rule, ref).qualifies,
    ).toBe(false);
  });
});
