/**
 * Seeded pseudo-random numbers for the demo data: sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator, from PractRand) seeded through a 32-bit integer hash. Deterministic across platforms: only
 * 32-bit integer arithmetic (Math.imul, >>> 0), never Math.random.
 *
 * Streams are derived, not shared: `Rng.derive(seed, 'org', 42)` gives org 42 its own sequence, so one
 * organisation's values do not depend on how many numbers were drawn for the others (order-independent,
 * which is what lets the generator stream and stay reproducible).
 */

/** 32-bit mix (the murmur3 finaliser); spreads nearby integers over the whole range. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the parts (numbers as decimal text), finalised with mix32: a stable stream key. */
export function hashParts(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // separator, so ('ab', 'c') differs from ('a', 'bc')
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

const weightTables = new WeakMap<object, { keys: string[]; cumulative: number[] }>();

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm up
  }

  /** An independent stream for (seed, ...parts). */
  static derive(seed: number, ...parts: ReadonlyArray<string | number>): Rng {
    return new Rng(hashParts(seed, ...parts));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('demo/prng: pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /**
   * One key of `weights`, with probability proportional to its weight. The keys and running totals of each
   * weights object are cached by identity, so pass long-lived (module-level) objects in hot paths.
   */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let table = weightTables.get(weights);
    if (!table) {
      const keys = Object.keys(weights);
      const cumulative: number[] = [];
      let total = 0;
      for (const k of keys) cumulative.push((total += (weights as Record<string, number>)[k]));
      table = { keys, cumulative };
      weightTables.set(weights, table);
    }
    const { keys, cumulative } = table;
    const r = this.next() * cumulative[cumulative.length - 1];
    for (let i = 0; i < keys.length; i++) if (r < cumulative[i]) return keys[i] as K;
    return keys[keys.length - 1] as K;
  }

  /** An index of `weights`, with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and sigma (of the natural log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** k distinct items, in random order (partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * mulberry32 (Tommy Ettinger): a tiny seeded generator of uniform numbers in [0, 1), for benchmarks and test
 * fixtures that want a plain function rather than an Rng.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
