import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/demo/prng.ts';
import { PartnershipGraph } from '../../../src/organisations/partnership-graph.ts';
import type { Organisation, Partnership } from '../../../src/organisations/schema.ts';
import { PartnershipIndex } from '../../../src/store/partnership-index.ts';
import { buildOrganisation } from '../../builders.ts';

const record = (partnerId: string, year = 2020, outcome: Partnership['outcome'] = 'won'): Partnership => ({
  partnerId,
  model: 'alliance',
  year,
  outcome,
  success: 4,
});

/** An index over `orgs`, kept as the embedded store keeps it: each write replaces the record it supersedes. */
function indexOf(orgs: Organisation[]) {
  const stored = new Map<string, Organisation>();
  const index = new PartnershipIndex((id) => stored.get(id));
  const write = (org: Organisation) => {
    index.set(org, stored.get(org.id));
    stored.set(org.id, org);
  };
  for (const org of orgs) write(org);
  return { index, write };
}

describe('PartnershipIndex', () => {
  const a = buildOrganisation({ id: 'ORG-A', name: 'Alpha', partnerships: [record('ORG-B', 2019), record('ORG-X')] });
  const b = buildOrganisation({ id: 'ORG-B', name: 'Beta', partnerships: [record('ORG-A', 2021), record('ORG-C')] });
  const c = buildOrganisation({ id: 'ORG-C', name: 'Gamma', partnerships: [record('ORG-C')] });

  it('when asked one hop around an organisation, then both sides’ records come back with the names of the stored ones', () => {
    const { index } = indexOf([a, b, c]);
    expect(index.around(['ORG-A'], 1)).toEqual({
      nodes: [{ id: 'ORG-A', name: 'Alpha' }, { id: 'ORG-B', name: 'Beta' }, { id: 'ORG-X' }],
      records: [
        { ...record('ORG-B', 2019), holderId: 'ORG-A' },
        { ...record('ORG-X'), holderId: 'ORG-A' },
        { ...record('ORG-A', 2021), holderId: 'ORG-B' },
      ],
    });
  });

  it('when asked two hops, then the partners’ partners come in; a record about itself and an unknown id add nothing', () => {
    const { index } = indexOf([a, b, c]);
    const two = index.around(['ORG-C'], 2);
    expect(two.nodes.map((n) => n.id)).toEqual(['ORG-A', 'ORG-B', 'ORG-C']);
    expect(two.records.map((r) => `${r.holderId}>${r.partnerId}`)).toEqual(['ORG-A>ORG-B', 'ORG-B>ORG-A', 'ORG-B>ORG-C']);
    expect(index.around(['ORG-NOBODY'], 2)).toEqual({ nodes: [], records: [] });
  });

  it('when an organisation drops a partnership, then the pair is gone unless the other side still records it', () => {
    const { index, write } = indexOf([a, b, c]);
    write({ ...b, partnerships: [record('ORG-A', 2021)] });
    expect(index.around(['ORG-C'], 1)).toEqual({ nodes: [], records: [] });
    write({ ...a, partnerships: [] });
    expect(index.around(['ORG-A'], 1).records.map((r) => `${r.holderId}>${r.partnerId}`)).toEqual(['ORG-B>ORG-A']);
    write({ ...b, partnerships: [] });
    expect(index.around(['ORG-A', 'ORG-B', 'ORG-X'], 2)).toEqual({ nodes: [], records: [] });
  });

  it('when organisations are written and rewritten at random, then it answers as a partnership graph of the current records', () => {
    const rng = mulberry32(18);
    const pick = (n: number) => Math.floor(rng() * n);
    const id = (i: number) => `ORG-${String(i).padStart(2, '0')}`;
    const outcomes: Partnership['outcome'][] = ['won', 'lost', 'ongoing'];
    const random = (i: number) =>
      buildOrganisation({
        id: id(i),
        name: `Organisation ${i}`,
        // ids 30–34 are never stored; repeats of a pair and of (pair, year, model) test the order of equal keys
        partnerships: Array.from({ length: pick(4) }, () => record(id(pick(35)), 2018 + pick(2), outcomes[pick(3)])),
      });
    const current = new Map<string, Organisation>();
    const { index, write } = indexOf([]);
    for (let step = 0; step < 400; step++) {
      const org = random(pick(30));
      write(org);
      current.set(org.id, org);
      if (step % 20 !== 19) continue;
      const graph = new PartnershipGraph();
      for (const o of current.values()) graph.setOrganisation(o);
      for (const hops of [1, 2] as const) {
        const ids = [id(pick(35)), id(pick(35))];
        expect(index.around(ids, hops), `step ${step}, hops ${hops}, ${ids.join(' ')}`).toEqual(graph.around(ids, hops));
      }
    }
  });
});
