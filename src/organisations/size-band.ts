/**
 * One size band per organisation, for the market view, the organisation search and the engagement list: by staff
 * when known, else by annual turnover, else unknown. The bounds are the Companies Act 2006 size thresholds (ss. 382,
 * 384A, 465; turnover figures as raised from 6 April 2025): micro up to 10 staff or £1m, small up to 50 or £15m,
 * medium up to 250 or £54m, large above. The Act tests two of three measures; the register data here holds staff
 * and income, not balance sheets, so one measure decides, staff first (it says more about delivery capacity).
 * The stores filter on the same bounds (cypher/filter-organisations.cypher receives them as parameters).
 */
import { z } from 'zod';
import type { Organisation } from './schema.ts';

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large', 'unknown'] as const;
export const SizeBand = z.enum(SIZE_BANDS).meta({
  id: 'SizeBand',
  description:
    'micro ≤10 staff (or ≤£1m turnover when staff is unknown), small ≤50 (≤£15m), medium ≤250 (≤£54m), large above; unknown without either',
});
export type SizeBand = z.infer<typeof SizeBand>;

/** Upper bounds (inclusive) of micro, small and medium. */
export const SIZE_BOUNDS = Object.freeze({
  staff: Object.freeze({ micro: 10, small: 50, medium: 250 }),
  turnoverGbp: Object.freeze({ micro: 1_000_000, small: 15_000_000, medium: 54_000_000 }),
});

export const SIZE_LABEL: Readonly<Record<SizeBand, string>> = {
  micro: 'micro (up to 10 staff)',
  small: 'small (11–50 staff)',
  medium: 'medium (51–250 staff)',
  large: 'large (over 250 staff)',
  unknown: 'size unknown',
};

export function sizeBand(org: Pick<Organisation, 'staff' | 'annualTurnoverGbp'>): SizeBand {
  const bound = (value: number, b: { micro: number; small: number; medium: number }): SizeBand =>
    value <= b.micro ? 'micro' : value <= b.small ? 'small' : value <= b.medium ? 'medium' : 'large';
  if (org.staff !== undefined) return bound(org.staff, SIZE_BOUNDS.staff);
  if (org.annualTurnoverGbp !== undefined) return bound(org.annualTurnoverGbp, SIZE_BOUNDS.turnoverGbp);
  return 'unknown';
}
