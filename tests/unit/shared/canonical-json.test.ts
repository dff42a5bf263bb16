import { describe, expect, it } from 'vitest';
import { canonicalJson, inCanonicalOrder } from '../../../src/shared/canonical-json.ts';

describe('canonical JSON', () => {
  const record = { z: 1, a: { y: [{ q: 1, b: 2 }], c: null }, m: ['x', 'a'], u: undefined };

  it('when keys were set in any order, then the text is the same', () => {
    expect(canonicalJson(record)).toBe(canonicalJson({ m: ['x', 'a'], a: { c: null, y: [{ b: 2, q: 1 }] }, z: 1 }));
    expect(canonicalJson(record)).toBe('{"a":{"c":null,"y":[{"b":2,"q":1}]},"m":["x","a"],"z":1}');
  });

  it('when a value is put in canonical order, then its plain JSON is its canonical JSON and the value is unchanged', () => {
    const ordered = inCanonicalOrder(record);
    expect(JSON.stringify(ordered)).toBe(canonicalJson(record));
    expect(ordered).toEqual(record);
    expect(ordered).not.toBe(record);
    expect(record.m).toEqual(['x', 'a']); // arrays keep their order
  });

  it('when a value is not a plain object, then it is kept as it is', () => {
    const when = new Date('2026-01-01T00:00:00.000Z');
    expect(inCanonicalOrder({ when }).when).toBe(when);
    expect(inCanonicalOrder('text')).toBe('text');
  });
});
