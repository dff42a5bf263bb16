/**
 * How the Neo4j read model (src/store/neo4j/read-model.ts) builds, against a source in memory: it asks for the next
 * page before indexing the one it has (so Neo4j reads while this process indexes), stops at a short page, and builds
 * matching profiles after the build, in the background, for organisations open to partnering only. What it answers
 * across real Neo4j stores is tests/integration/neo4j-read-model.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { ReadModel, type OrganisationChange, type ReadModelSource } from '../../../src/store/neo4j/read-model.ts';
import { buildOrganisation } from '../../builders.ts';

const CODE = '85311300';
const AREA = 'E08000009';

function organisations(n: number, closedEvery = 0): Organisation[] {
  return Array.from({ length: n }, (_, i) =>
    buildOrganisation({
      id: `RM-${String(i).padStart(4, '0')}`,
      services: [CODE],
      areas: [AREA],
      openToPartnering: closedEvery === 0 || i % closedEvery !== 0,
    }),
  );
}

/** Pages of `orgs` by id, every change numbered 1; records what the model held when each page was asked for. */
function sourceOf(orgs: Organisation[], model: () => ReadModel | undefined) {
  const asked: { after: string; heldThen: number }[] = [];
  const source: ReadModelSource = {
    currentSeq: async () => 1,
    page: async (after, limit) => {
      asked.push({ after, heldThen: model()?.state().organisations ?? 0 });
      await new Promise((resolve) => setImmediate(resolve));
      return orgs
        .filter((o) => o.id > after)
        .slice(0, limit)
        .map((organisation): OrganisationChange => ({ id: organisation.id, seq: 1, organisation }));
    },
    changes: async () => [],
  };
  return { source, asked };
}

describe('read model build', () => {
  it('when a page arrives, then the next is asked for before that page is indexed, and a short page is the last', async () => {
    const orgs = organisations(25);
    const held: { model?: ReadModel } = {};
    const { source, asked } = sourceOf(orgs, () => held.model);
    const model = (held.model = new ReadModel(source, { pageSize: 10 }));

    const built = await model.build();

    expect(built.organisations).toBe(25);
    // pages after '', RM-0009, RM-0019; the third (5 rows) is short, so there is no fourth
    expect(asked.map((a) => a.after)).toEqual(['', 'RM-0009', 'RM-0019']);
    // each page after the first was asked for while the one before it was not yet indexed
    expect(asked.map((a) => a.heldThen)).toEqual([0, 0, 10]);
    model.stop();
  });

  it('when built with `prepare`, then profiles are made after the build, once each, for open organisations only', async () => {
    const orgs = organisations(23, 4); // ids 0, 4, 8, … closed to partnering: 6 of them
    const { source } = sourceOf(orgs, () => undefined);
    const made: string[] = [];
    const prepare = (o: Organisation) => {
      made.push(o.id);
      return { profileOf: o.id };
    };
    const model = new ReadModel(source, { pageSize: 5, prepare });

    await model.build();
    expect(made).toEqual([]); // not during the build
    await model.whenPrepared();

    const open = orgs.filter((o) => o.openToPartnering).map((o) => o.id);
    expect([...made].sort()).toEqual(open);
    const found = model.findPrepared({ serviceCodes: [CODE], areaCodes: [AREA], excludeIds: [], limit: 100 }, prepare);
    expect(found).toEqual(open.map((id) => ({ profileOf: id })));
    expect(made).toHaveLength(open.length); // kept with the entries: nothing prepared twice
    model.stop();
  });

  it('when a match comes before the background work reaches a candidate, then it is prepared then; stop() ends the work', async () => {
    const orgs = organisations(30);
    const { source } = sourceOf(orgs, () => undefined);
    let calls = 0;
    const prepare = (o: Organisation) => (calls++, o.id);
    const model = new ReadModel(source, { pageSize: 10, prepare });

    await model.build();
    expect(model.findPrepared({ serviceCodes: [CODE], excludeIds: [], limit: 3 }, prepare)).toEqual(['RM-0000', 'RM-0001', 'RM-0002']);
    expect(calls).toBe(3);
    model.stop();
    await model.whenPrepared(); // resolves although stopped before the end
    expect(calls).toBe(3);
  });
});
