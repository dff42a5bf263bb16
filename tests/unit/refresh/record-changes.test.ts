import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { compareRecords, joinComparisons } from '../../../src/refresh/record-changes.ts';
import { decodePackedShardState, encodeShardState } from '../../../src/refresh/state-blob.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { placesFor, syntheticOrganisations } from '../../support/refresh-dataset.ts';

const ref = defaultReference();
const orgs = syntheticOrganisations(ref, { count: 40, seed: 3, lads: placesFor(ref, 2), idPrefix: 'RC-', partnerships: 1 });

// Two shards' blobs of the run as it saw orgs[0..30); no seeker states: only the records matter here.
const blobs = () =>
  Promise.all([
    encodeShardState({ shard: 0, computedAt: 'stamp', records: orgs.slice(0, 15), seekers: [] }),
    encodeShardState({ shard: 1, computedAt: 'stamp', records: orgs.slice(15, 30), seekers: [] }),
  ]);

describe('records compared with the organisations now', () => {
  it('when some organisations changed, went or came, then exactly the changed and gone records differ, with their text then, and only new ones are unseen', async () => {
    const renamed: Organisation = { ...orgs[3], name: `${orgs[3].name} (renamed)` };
    // now: orgs[3] renamed, orgs[20] gone, orgs[30..40) new; the rest as the run saw them, in another order
    const now = [...orgs.slice(0, 30).filter((_, i) => i !== 3 && i !== 20), renamed, ...orgs.slice(30)].reverse();
    const ordinals = new Map(now.map((org, i) => [org.id, i]));

    const [first, second] = await blobs();
    const whole = await compareRecords([first, second], now, ordinals);
    expect(whole.differing).toEqual([
      [orgs[3].id, JSON.stringify(orgs[3])],
      [orgs[20].id, JSON.stringify(orgs[20])],
    ]);
    const unseen = now.filter((_, i) => whole.seen[i] === 0).map((org) => org.id);
    expect(unseen.sort()).toEqual(
      orgs
        .slice(30)
        .map((org) => org.id)
        .sort(),
    );

    // as a ThreadComputer does it: each thread a run of the blobs, joined in order
    const joined = joinComparisons(
      [await compareRecords([first], now, ordinals), await compareRecords([second], now, ordinals)],
      now.length,
    );
    expect(joined.differing).toEqual(whole.differing);
    expect([...joined.seen]).toEqual([...whole.seen]);
  });

  it('when the states alone are decoded, then the records are left out and the states are the same', async () => {
    const [blob] = await blobs();
    const full = await decodePackedShardState(blob);
    const statesOnly = await decodePackedShardState(blob, { records: false });
    expect(full.recordIds).toHaveLength(15);
    expect(statesOnly.recordIds).toEqual([]);
    expect(statesOnly.recordTexts).toEqual([]);
    expect({ ...statesOnly, recordIds: full.recordIds, recordTexts: full.recordTexts }).toEqual(full);
  });
});
