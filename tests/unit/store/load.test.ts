import { describe, expect, it } from 'vitest';
import { loadInBatches } from '../../../src/store/neo4j/load.ts';
import type { UpsertSummary } from '../../../src/store/types.ts';

function* numbers(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

describe('loadInBatches', () => {
  it('when the source does not divide evenly, then every record is written once in batches of at most batchSize', async () => {
    const seen: number[][] = [];
    const upsert = async (batch: readonly number[]): Promise<UpsertSummary> => {
      seen.push([...batch]);
      return { created: batch.length, updated: 0, unchanged: 0 };
    };
    const progress: number[] = [];

    const result = await loadInBatches(upsert, numbers(7), { batchSize: 3, onBatch: (p) => progress.push(p.done) });

    expect(seen).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(progress).toEqual([3, 6, 7]);
    expect(result).toMatchObject({ created: 7, updated: 0, unchanged: 0, batches: 3 });
  });

  it('when batches report different outcomes, then the result adds them up', async () => {
    const outcomes: UpsertSummary[] = [
      { created: 1, updated: 1, unchanged: 0 },
      { created: 0, updated: 0, unchanged: 2 },
    ];
    const result = await loadInBatches(async () => outcomes.shift()!, numbers(4), { batchSize: 2 });

    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 2, batches: 2 });
  });

  it('when a batch fails, then the load stops with that error and later batches are not written', async () => {
    const written: number[] = [];
    const upsert = async (batch: readonly number[]): Promise<UpsertSummary> => {
      if (batch.includes(3)) throw new Error('boom');
      written.push(...batch);
      return { created: batch.length, updated: 0, unchanged: 0 };
    };

    await expect(loadInBatches(upsert, numbers(9), { batchSize: 3 })).rejects.toThrow('boom');
    expect(written).toEqual([0, 1, 2]);
  });

  it('when the source is empty, then nothing is written', async () => {
    const result = await loadInBatches(async () => expect.unreachable(), [], { batchSize: 5 });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0, batches: 0 });
  });

  it('when the batch size is not a positive integer, then it refuses to start', async () => {
    await expect(loadInBatches(async () => ({ created: 0, updated: 0, unchanged: 0 }), [1], { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});
