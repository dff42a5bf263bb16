import { z } from 'zod';

/**
 * Scoring settings are data. Every factor score is in [0, 1] and higher is always better for the seeker
 * (competition 1 = no overlap with you, resilience 1 = robust). The total is the weighted mean of the factors
 * that apply to the request; weights are relative (they need not sum to 1).
 */
export const FACTORS = [
  'complementarity',
  'geography',
  'valueAlignment',
  'waysOfWorking',
  'trust',
  'capacity',
  'competition',
  'resilience',
] as const;
export type FactorName = (typeof FACTORS)[number];

export const DEFAULT_WEIGHTS: Readonly<Record<FactorName, number>> = Object.freeze({
  complementarity: 0.25,
  geography: 0.15,
  valueAlignment: 0.15,
  waysOfWorking: 0.1,
  trust: 0.15,
  capacity: 0.1,
  competition: 0.05,
  resilience: 0.05,
});

export const DEFAULTS = Object.freeze({
  weights: DEFAULT_WEIGHTS,
  /** candidates returned when the caller gives no limit */
  limit: 20,
  /** candidates scored at most per request (the store returns the most service-relevant first) */
  maxCandidates: 3000,
  /** days to the deadline at or under which trust weighs double; above `trustRelaxedDays` it weighs normally */
  trustUrgentDays: 30,
  trustRelaxedDays: 120,
  /** reasons shown per candidate, for and against */
  maxReasonsFor: 4,
  maxReasonsAgainst: 3,
});

export const WeightsOverride = z
  .object(
    Object.fromEntries(FACTORS.map((f) => [f, z.number().min(0).max(100).optional()])) as Record<FactorName, z.ZodOptional<z.ZodNumber>>,
  )
  .strict()
  .refine((w) => Object.values(w).some((v) => v === undefined || v > 0), { message: 'at least one weight must be positive' })
  .meta({ id: 'Weights', description: 'Relative factor weights; omitted factors keep their defaults' });
export type WeightsOverride = z.infer<typeof WeightsOverride>;

export function resolveWeights(override: WeightsOverride | undefined): Record<FactorName, number> {
  const weights = { ...DEFAULT_WEIGHTS };
  for (const factor of FACTORS) {
    const value = override?.[factor];
    if (value !== undefined) weights[factor] = value;
  }
  return weights;
}
