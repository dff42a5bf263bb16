import { describe, expect, it } from 'vitest';
import { partnershipGraphOf } from '../../../src/organisations/partnership-graph.ts';
import { MATCH_DEFAULTS } from '../../../src/matching/settings.ts';
import { trustFrom } from '../../../src/matching/trust-paths.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

describe('trustFrom toward some candidates', () => {
  const ref = defaultReference();
  const orgs = syntheticOrganisations(ref, { count: 300, seed: 4, lads: placesFor(ref, 2), idPrefix: 'TT-', partnerships: 3 });
  const graph = partnershipGraphOf(orgs);

  it('when trust is computed toward some candidates, then it holds exactly their findings from the full computation', () => {
    let found = 0;
    for (const seeker of orgs.slice(0, 100)) {
      const all = trustFrom(graph, seeker.id);
      // half of those the full computation found, and some it did not
      const toward = new Set([...[...all.keys()].filter((_, i) => i % 2 === 0), orgs[7].id, orgs[150].id]);
      const some = trustFrom(graph, seeker.id, MATCH_DEFAULTS.trust, toward);
      expect(some).toEqual(new Map([...all].filter(([id]) => toward.has(id))));
      found += some.size;
    }
    expect(found).toBeGreaterThan(20);
  });
});
