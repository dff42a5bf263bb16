/**
 * Market concentration, computed on credible cell coverage. There is no market revenue in the data (who holds which
 * contracts, for how much), so each provider's "share" is the cells it credibly covers over the sum, across all
 * providers, of the cells each covers: a provider present in every cell of a tender where others cover one each
 * holds most of the market's coverage. HHI is the Herfindahl–Hirschman index on those shares in percent,
 * Σ (100 × share)², from near 0 (many providers with equal coverage) to 10,000 (one provider covers everything
 * anyone covers). The words use the thresholds of the CMA's merger assessment guidelines (above 1,000 concentrated,
 * above 2,000 highly concentrated). Pure; on a hand-checkable example: covers of 2, 1 and 1 cells give shares
 * 0.5, 0.25, 0.25 and HHI 2,500 + 625 + 625 = 3,750.
 */
import { MARKET_DEFAULTS } from './settings.ts';

export interface Concentration {
  /** what the figures are computed on, in words */
  basis: string;
  /** credible providers counted */
  providers: number;
  /** Herfindahl–Hirschman index, 0–10,000; 0 when nobody covers anything */
  hhi: number;
  /** share held by the largest provider, and by the largest three (0–1) */
  top1Share: number;
  top3Share: number;
  /** the largest providers by share, largest first */
  largest: { index: number; share: number }[];
  level: 'none' | 'unconcentrated' | 'concentrated' | 'highly concentrated';
}

export const CONCENTRATION_BASIS =
  'Shares of credible coverage: each provider’s share is the service-and-authority cells it credibly covers over the sum of the cells every provider covers (the data holds no contract revenue). HHI = Σ (100 × share)², 0–10,000.';

/** `covered[i]`: cells provider i credibly covers (0 allowed). */
export function concentrationOf(covered: readonly number[], top = MARKET_DEFAULTS.topShares): Concentration {
  const total = covered.reduce((a, b) => a + b, 0);
  const ranked = covered
    .map((cells, index) => ({ index, share: total > 0 ? cells / total : 0 }))
    .filter((x) => x.share > 0)
    .sort((a, b) => b.share - a.share || a.index - b.index);
  const hhi = Math.round(ranked.reduce((sum, x) => sum + (100 * x.share) ** 2, 0));
  const topN = (n: number) => ranked.slice(0, n).reduce((s, x) => s + x.share, 0);
  const { concentrated, high } = MARKET_DEFAULTS.hhi;
  return {
    basis: CONCENTRATION_BASIS,
    providers: ranked.length,
    hhi,
    top1Share: topN(1),
    top3Share: topN(3),
    largest: ranked.slice(0, top),
    level: ranked.length === 0 ? 'none' : hhi > high ? 'highly concentrated' : hhi > concentrated ? 'concentrated' : 'unconcentrated',
  };
}
