import type { FactorName } from '../settings.ts';

export interface Reason {
  factor: FactorName;
  text: string;
}

/**
 * One factor's verdict on one candidate. `score` is in [0, 1], higher is better for the seeker. A factor
 * that has nothing to judge (no tender areas, no values declared by either side) is `applicable: false` and
 * is left out of the total rather than counted as a middling score.
 */
export interface FactorResult {
  score: number;
  applicable: boolean;
  for: string[];
  against: string[];
}

/**
 * A result whose reasons are written only when read: ranking scores thousands of candidates and shows a
 * few, so the sentences (names, labels, lists) are built for those few. A class, not an object literal
 * with getters, because V8 allocates those far faster.
 */
class LazyResult implements FactorResult {
  readonly applicable = true;
  private reasons?: { for?: string[]; against?: string[] };
  constructor(
    readonly score: number,
    private readonly explain: () => { for?: string[]; against?: string[] },
  ) {}
  get for(): string[] {
    return (this.reasons ??= this.explain()).for ?? [];
  }
  get against(): string[] {
    return (this.reasons ??= this.explain()).against ?? [];
  }
}

export function lazyResult(score: number, explain: () => { for?: string[]; against?: string[] }): FactorResult {
  return new LazyResult(score, explain);
}

export const notApplicable: FactorResult = Object.freeze({ score: 0, applicable: false, for: [], against: [] }) as FactorResult;

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
