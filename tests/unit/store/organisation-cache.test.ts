import { describe, expect, it } from 'vitest';
import { OrganisationCache } from '../../../src/store/neo4j/organisation-cache.ts';
import { buildOrganisation } from '../../builders.ts';

describe('OrganisationCache', () => {
  it('when asked for the version it holds, then it returns the same frozen object; any other version is a miss', () => {
    const cache = new OrganisationCache(10);
    const org = cache.set('v1', buildOrganisation({ id: 'GB-CHC-1' }));
    expect(Object.isFrozen(org) && Object.isFrozen(org.services)).toBe(true);
    expect(cache.get('GB-CHC-1', 'v1')).toBe(org);
    expect(cache.get('GB-CHC-1', 'v2')).toBeUndefined();
    expect(cache.get('GB-CHC-1', null)).toBeUndefined();
    expect(cache.get('GB-CHC-2', 'v1')).toBeUndefined();
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 3 });
  });

  it('when full, then the oldest entry not used since it was last passed over goes first (second chance)', () => {
    const cache = new OrganisationCache(2);
    cache.set('v', buildOrganisation({ id: 'GB-CHC-1' }));
    cache.set('v', buildOrganisation({ id: 'GB-CHC-2' }));
    cache.get('GB-CHC-1', 'v');
    cache.set('v', buildOrganisation({ id: 'GB-CHC-3' }));
    expect(cache.size).toBe(2);
    expect(cache.get('GB-CHC-2', 'v')).toBeUndefined();
    expect(cache.get('GB-CHC-1', 'v')?.id).toBe('GB-CHC-1');
  });

  it('when the size is 0 or a record has no version, then nothing is kept', () => {
    const off = new OrganisationCache(0);
    off.set('v', buildOrganisation({ id: 'GB-CHC-1' }));
    const on = new OrganisationCache(5);
    on.set(null, buildOrganisation({ id: 'GB-CHC-1' }));
    expect([off.size, on.size]).toEqual([0, 0]);
  });
});

describe('OrganisationCache eviction under a stream of hits', () => {
  it('when entries are used between inserts, then used entries survive and the size never exceeds the bound', () => {
    const cache = new OrganisationCache(3);
    for (const id of ['A', 'B', 'C']) cache.set('v', buildOrganisation({ id: `GB-CHC-${id}` }));
    cache.get('GB-CHC-A', 'v');
    cache.get('GB-CHC-C', 'v');
    cache.set('v', buildOrganisation({ id: 'GB-CHC-D' })); // A was used: passed over (and unmarked); B goes
    expect(cache.get('GB-CHC-B', 'v')).toBeUndefined();
    // order now C, A, D; A's second chance is spent (it was unmarked when passed over), C was used again
    cache.set('v', buildOrganisation({ id: 'GB-CHC-E' })); // C passed over once more, A goes
    expect(cache.size).toBe(3);
    expect(['A', 'C', 'D', 'E'].map((id) => cache.get(`GB-CHC-${id}`, 'v') !== undefined)).toEqual([false, true, true, true]);
    // C, D and E all used just now: one full turn unmarks them, then the oldest (D) goes, never the newcomer
    cache.set('v', buildOrganisation({ id: 'GB-CHC-F' }));
    expect(cache.size).toBe(3);
    expect(['C', 'D', 'E', 'F'].map((id) => cache.get(`GB-CHC-${id}`, 'v') !== undefined)).toEqual([true, false, true, true]);
  });
});
