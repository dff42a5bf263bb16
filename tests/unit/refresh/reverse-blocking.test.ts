import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildSnapshot, listQuery } from '../../../src/refresh/compute-lists.ts';
import { servicesMatched } from '../../../src/refresh/base-state.ts';
import { ReverseBlockingIndex } from '../../../src/refresh/reverse-blocking.ts';
import { editSome, placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
const asOf = new Date('2026-06-01T00:00:00Z');

describe('reverse blocking index', () => {
  // Spread over 30 places with every reach (local to national), some closed to partnering, some without areas.
  const orgs = syntheticOrganisations(ref, {
    count: 600,
    seed: 5,
    lads: placesFor(ref, 30),
    idPrefix: 'REV-',
    reach: [0.5, 0.25, 0.15, 0.1],
  });
  for (const org of orgs.slice(0, 20)) org.areas = [];
  const snapshot = buildSnapshot(ref, orgs);
  const reach = new ReverseBlockingIndex();
  const queryOf = (o: (typeof orgs)[number]) => listQuery(ref, o, { asOf, maxCandidates: 300, partnerships: snapshot.partnerships }).query;
  const queries = new Map([...snapshot.byId.values()].map((o) => [o.id, queryOf(o)]));
  for (const [id, query] of queries) reach.add(id, query);

  // The forward answer: for every seeker, every hit of its uncapped query, with CellIndex's services matched.
  function forward(organisations: Iterable<(typeof orgs)[number]>) {
    const index = buildSnapshot(ref, organisations).index;
    const out = new Map<string, Map<string, number>>();
    for (const [seekerId, query] of queries) {
      const services = new Set(query.serviceCodes);
      for (const hit of index.find({ ...query, limit: Number.MAX_SAFE_INTEGER })) {
        if (!out.has(hit.id)) out.set(hit.id, new Map());
        out.get(hit.id)!.set(seekerId, servicesMatched(hit.org, services));
      }
    }
    return out;
  }

  it('when every organisation is looked up, then it reaches exactly the seekers whose query finds it, with the same count', () => {
    const expected = forward(snapshot.byId.values());
    let pairs = 0;
    for (const org of snapshot.byId.values()) {
      const got = reach.answered(org);
      expect(got).toEqual(expected.get(org.id) ?? new Map());
      pairs += got.size;
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('when organisations are edited, then their new records reach exactly the seekers whose (unchanged) queries find them', () => {
    // the seekers' queries stay those of the base run; the edited records are looked up against them
    const edited = editSome(orgs, 17, 0.2);
    const expected = forward(edited);
    for (const org of edited) expect(reach.answered(org)).toEqual(expected.get(org.id) ?? new Map());
  });

  it('when seekers are filed with a least number of services, then only organisations matching that many reach them', () => {
    const filtered = new ReverseBlockingIndex();
    const least = (id: string) => 1 + (id.charCodeAt(id.length - 1) % 3);
    for (const [id, query] of queries) filtered.add(id, query, least(id));
    const expected = forward(snapshot.byId.values());
    let left = 0;
    for (const org of snapshot.byId.values()) {
      const all = expected.get(org.id) ?? new Map<string, number>();
      const kept = new Map([...all].filter(([seekerId, count]) => count >= least(seekerId)));
      expect(filtered.answered(org)).toEqual(kept);
      left += all.size - kept.size;
    }
    expect(left).toBeGreaterThan(0);
  });

  it('when seekers are filed with the lowest key they care about, then only organisations at or above it reach them', () => {
    // key in pool order: more services matched first, then lower id; the id decides among those matching exactly `least`
    const filtered = new ReverseBlockingIndex();
    const ids = [...snapshot.byId.keys()].sort();
    const least = (id: string) => 1 + (id.charCodeAt(id.length - 1) % 2);
    const lastOf = (id: string) => ids[(id.charCodeAt(id.length - 1) * 37) % ids.length];
    for (const [id, query] of queries) filtered.add(id, query, least(id), lastOf(id));
    const expected = forward(snapshot.byId.values());
    let byId = 0;
    for (const org of snapshot.byId.values()) {
      const all = expected.get(org.id) ?? new Map<string, number>();
      const atOrAbove = ([seekerId, count]: [string, number]) =>
        count > least(seekerId) || (count === least(seekerId) && org.id <= lastOf(seekerId));
      const kept = new Map([...all].filter(atOrAbove));
      expect(filtered.answered(org)).toEqual(kept);
      byId += [...all].filter(([seekerId, count]) => count === least(seekerId) && org.id > lastOf(seekerId)).length;
    }
    expect(byId).toBeGreaterThan(0);
  });

  it('when a count is taken from the look-up, then it is the sort key CellIndex ranks hits by', () => {
    // a hit with more services matched comes first in the pool
    const [seekerId, query] = [...queries].find(([, q]) => q.serviceCodes.length > 3)!;
    const hits = snapshot.index.find({ ...query, limit: Number.MAX_SAFE_INTEGER });
    const counts = hits.map((h) => reach.answered(h.org).get(seekerId)!);
    expect(counts.every((c, i) => i === 0 || c <= counts[i - 1])).toBe(true);
    expect(new Set(counts).size).toBeGreaterThan(1);
  });
});
