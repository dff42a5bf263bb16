import { describe, expect, it } from 'vitest';
import { concentrationOf } from '../../../src/market/concentration.ts';

describe('market concentration (HHI on shares of credible coverage)', () => {
  it('when three providers cover 2, 1 and 1 cells, then the shares are 0.5, 0.25, 0.25 and the HHI 3,750', () => {
    const c = concentrationOf([2, 1, 1]);
    expect(c.largest.map((x) => [x.index, x.share])).toEqual([
      [0, 0.5],
      [1, 0.25],
      [2, 0.25],
    ]);
    expect(c.hhi).toBe(3750);
    expect(c.top1Share).toBe(0.5);
    expect(c.top3Share).toBe(1);
    expect(c.level).toBe('highly concentrated');
  });

  it('when one provider covers everything anyone covers, then the HHI is 10,000', () => {
    expect(concentrationOf([0, 7, 0]).hhi).toBe(10_000);
  });

  it('when twenty providers cover equally, then the HHI is 500 and the market unconcentrated', () => {
    const c = concentrationOf(Array.from({ length: 20 }, () => 3));
    expect(c.hhi).toBe(500);
    expect(c.level).toBe('unconcentrated');
    expect(c.largest).toHaveLength(5);
  });

  it('when eight providers cover equally, then the HHI is 1,250: concentrated, not highly', () => {
    expect(concentrationOf(Array.from({ length: 8 }, () => 1))).toMatchObject({ hhi: 1250, level: 'concentrated' });
  });

  it('when nobody covers anything, then there is no market to measure', () => {
    expect(concentrationOf([0, 0])).toMatchObject({ hhi: 0, providers: 0, level: 'none', top1Share: 0 });
  });
});
