/**
 * The exact search's time budget (issue #16 item 4: 849 ms per exact search, ten at once → p50 3.1 s): stopped, it
 * throws, and the builder answers "auto" with the heuristic's teams and says so, or refuses a forced "exact" with a
 * 503-mapped BusyError (Retry-After), never a half-finished "exact" answer.
 */
import { describe, expect, it } from 'vitest';
import { HEURISTIC_METHOD, proposeConsortia } from '../../../src/consortia/builder.ts';
import { BusyError } from '../../../src/shared/errors.ts';
import { generateInstance, NOW, ref } from './fixtures.ts';

describe('the exact search’s time budget', () => {
  const instance = generateInstance(21, 20);
  const propose = (solver: 'auto' | 'exact', stopExact?: () => boolean) =>
    proposeConsortia({ ref, tender: instance.tender, lead: instance.lead, pool: instance.pool, now: NOW, request: { solver }, stopExact });

  it('when the budget is not spent, then the exact search answers', () => {
    let asked = 0;
    const result = propose('auto', () => (asked++, false));
    expect(result.search.method).toMatch(/^exact/);
    expect(result.consortia.length).toBeGreaterThan(0);
    expect(asked).toBeGreaterThan(0); // large enough to be asked at all
  });

  it('when the budget runs out during an "auto" search, then the heuristic answers instead', () => {
    const result = propose('auto', () => true);
    expect(result.search.method).toBe(HEURISTIC_METHOD);
    expect(result.consortia.length).toBeGreaterThan(0);
  });

  it('when the budget runs out during a forced "exact" search, then it is refused as busy, to be retried', () => {
    expect(() => propose('exact', () => true)).toThrow(BusyError);
    try {
      propose('exact', () => true);
    } catch (error) {
      expect(error).toMatchObject({ code: 'BUSY', retryAfterSeconds: expect.any(Number) });
    }
  });
});
