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

export const notApplicable: FactorResult = Object.freeze({ score: 0, applicable: false, for: [], against: [] }) as FactorResult;

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
