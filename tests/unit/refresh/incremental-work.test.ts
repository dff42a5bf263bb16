import { describe, expect, it } from 'vitest';
import { FACTOR_STRIDE } from '../../../src/refresh/packed-lists.ts';
import { ResultSlabs, SharedScratch } from '../../../src/refresh/incremental-work.ts';

describe('memory an incremental step shares with its threads', () => {
  it('when parts take regions of the result slabs, then no two overlap, each is as large as asked, and all are shared', () => {
    // Chunks of 256 rows doubling to 1,024: the regions span several chunks, and the last is larger than any.
    const slabs = new ResultSlabs(256, 1024);
    const regions = [3, 40, 1, 90, 7, 200].map((n) => ({ n, out: slabs.region(n, n * 10) }));
    // Each region filled with its own mark: a later region that overlapped an earlier one would overwrite its marks.
    regions.forEach(({ out }, mark) => {
      out.seekers.fill(mark);
      out.partners.fill(mark);
      out.totals.fill(mark);
      out.factors.fill(mark);
    });
    regions.forEach(({ n, out }, mark) => {
      expect(out.seekers).toHaveLength(n);
      expect(out.ends).toHaveLength(n);
      expect(out.partners).toHaveLength(n * 10);
      expect(out.factors).toHaveLength(n * 10 * FACTOR_STRIDE);
      for (const array of [out.seekers, out.partners, out.totals, out.factors]) {
        expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(array.every((v) => v === mark)).toBe(true);
      }
    });
  });

  it('when a part needs more than the scratch holds, then it grows, and arrays taken after a fit follow one another', () => {
    const scratch = new SharedScratch();
    scratch.fit(10 * 4 + 3 + 5 * 8 + 2 * 8);
    const a = scratch.take(Uint32Array, 10);
    const b = scratch.take(Uint8Array, 3);
    const c = scratch.take(Float64Array, 5);
    a.fill(1);
    b.fill(2);
    c.fill(3);
    expect([...a, ...b, ...c]).toEqual([...Array(10).fill(1), 2, 2, 2, ...Array(5).fill(3)]);
    expect(c.byteOffset % 8).toBe(0);
    expect(() => scratch.take(Float64Array, 1 << 20)).toThrow('shared scratch too small');
    scratch.fit(1 << 24);
    expect(scratch.take(Float64Array, 1 << 20)).toHaveLength(1 << 20);
  });
});
