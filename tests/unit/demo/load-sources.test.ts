import { describe, expect, it } from 'vitest';
import { loadDemoSources } from '../../../src/demo/load-sources.ts';
import { placeIndex } from '../../../src/demo/places.ts';
import { ladForPostcode } from '../../../src/demo/postcode-areas.ts';
import { OrgId } from '../../../src/shared/codes.ts';
import { defaultReference } from '../../../src/reference/load.ts';

describe('loadDemoSources', () => {
  const sources = loadDemoSources();
  const places = placeIndex(defaultReference());

  it('when data/demo is read, then 2,500 organisations and 273 NHS trusts come back with valid org-ids', () => {
    expect(sources.organisations).toHaveLength(2500);
    expect(sources.nhsTrusts).toHaveLength(273);
    for (const o of sources.organisations) expect(OrgId.safeParse(o.orgId).success, o.orgId).toBe(true);
    expect(new Set(sources.organisations.map((o) => o.orgId)).size).toBe(2500);
  });

  it('when locations are resolved, then every organisation lands on a current English authority', () => {
    for (const o of sources.organisations) {
      const lad = o.districtGssCode ?? (o.postcodeOutward ? ladForPostcode(o.postcodeOutward) : undefined);
      expect(lad !== undefined && places.indexOf.has(lad), o.orgId).toBe(true);
    }
  });

  it('when a directory lacks the files, then loading fails with the path in the message', () => {
    expect(() => loadDemoSources('/nonexistent-demo-dir')).toThrow(/nonexistent-demo-dir/);
  });
});
