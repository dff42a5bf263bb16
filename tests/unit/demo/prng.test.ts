import { describe, expect, it } from 'vitest';
import { Rng, hashParts } from '../../../src/demo/prng.ts';

describe('Rng (sfc32)', () => {
  it('when seeded twice with the same seed, then it yields the same sequence', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    const ys = Array.from({ length: 100 }, () => b.nextUint32());
    expect(xs).toEqual(ys);
    expect(new Set(xs).size).toBe(100);
  });

  it('when streams are derived from different parts, then they differ and do not depend on draw order', () => {
    const first = Rng.derive(1, 'org', 7).next();
    const noise = Rng.derive(1, 'org', 6);
    for (let i = 0; i < 50; i++) noise.next();
    expect(Rng.derive(1, 'org', 7).next()).toBe(first);
    expect(Rng.derive(1, 'org', 8).next()).not.toBe(first);
    expect(hashParts('ab', 'c')).not.toBe(hashParts('a', 'bc'));
  });

  it('when drawing many numbers, then they stay in range with sensible moments', () => {
    const rng = new Rng(3);
    let sum = 0;
    let sumSq = 0;
    let outOfRange = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = rng.next();
      const k = rng.int(2, 5);
      if (u < 0 || u >= 1 || k < 2 || k > 5 || !Number.isInteger(k)) outOfRange++;
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.05);
    expect(Math.abs(sumSq / 20_000 - 1)).toBeLessThan(0.05);
  });

  it('when sampling k of n, then k distinct items come back', () => {
    const picked = new Rng(9).sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(picked).size).toBe(4);
    expect(new Rng(9).sample([1, 2], 5)).toHaveLength(2);
  });
});
