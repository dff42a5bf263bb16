import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/shared/errors.ts';
import { writeInBatches } from '../../../src/store/write-in-batches.ts';
import type { UpsertSummary } from '../../../src/store/types.ts';

function* numbers(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

describe('writeInBatches', () => {
  it('when the source does not divide evenly, then every record is written once in batches of at most batchSize', async () => {
    const seen: number[][] = [];
    const upsert = async (batch: readonly number[]): Promise<UpsertSummary> => {
      seen.push([...batch]);
      return { created: batch.length, updated: 0, unchanged: 0 };
    };
    const progress: number[] = [];

    const result = await writeInBatches(numbers(7), upsert, { batchSize: 3, onProgress: (p) => progress.push(p.done) });

    expect(seen).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(progress).toEqual([0, 3, 6, 7]);
    expect(result).toMatchObject({ created: 7, updated: 0, unchanged: 0, batches: 3 });
  });

  it('when batches report different outcomes, then the result adds them up', async () => {
    const outcomes: UpsertSummary[] = [
      { created: 1, updated: 1, unchanged: 0 },
      { created: 0, updated: 0, unchanged: 2 },
    ];
    const result = await writeInBatches(numbers(4), async () => outcomes.shift()!, { batchSize: 2 });

    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 2, batches: 2 });
  });

  it('when a batch fails, then the load stops with that error and later batches are not written', async () => {
    const written: number[] = [];
    const upsert = async (batch: readonly number[]): Promise<UpsertSummary> => {
      if (batch.includes(3)) throw new Error('boom');
      written.push(...batch);
      return { created: batch.length, updated: 0, unchanged: 0 };
    };

    await expect(writeInBatches(numbers(9), upsert, { batchSize: 3 })).rejects.toThrow('boom');
    expect(written).toEqual([0, 1, 2]);
  });

  it('when the source is empty, then nothing is written', async () => {
    const result = await writeInBatches([], async () => expect.unreachable(), { batchSize: 5 });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0, batches: 0 });
  });

  it('when the batch size is not a positive integer, then it refuses to start', async () => {
    await expect(writeInBatches([1], async () => ({ created: 0, updated: 0, unchanged: 0 }), { batchSize: 0 })).rejects.toThrow(
      /batchSize/,
    );
  });

  it('when the store is unavailable while isolating refusals, then the write stops with the retriable error instead of refusing records', async () => {
    const upsert = async (): Promise<UpsertSummary> => {
      throw new StoreUnavailableError('down');
    };
    await expect(writeInBatches([1, 2, 3], upsert, { batchSize: 2, onRefusal: 'isolate' })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('when the store refuses one record of eight while isolating, then it is found by halving with four extra writes, the others written', async () => {
    const calls: number[][] = [];
    const result = await writeInBatches(
      [1, 2, 3, 4, 5, 6, 7, 8],
      async (batch) => {
        calls.push([...batch]);
        if (batch.includes(6)) throw new Error('no');
        return { created: batch.length, updated: 0, unchanged: 0 };
      },
      { batchSize: 8, onRefusal: 'isolate' },
    );
    expect(result.refused).toEqual([{ item: 6, reason: 'the store refused it: no' }]);
    expect(result.created).toBe(7);
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4], [5, 6, 7, 8], [5, 6], [5], [6], [7, 8]]);
  });

  it('when batches are written two at a time, then every record is written once and progress counts them all', async () => {
    let inFlight = 0;
    let most = 0;
    const upsert = async (batch: readonly number[]): Promise<UpsertSummary> => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return { created: batch.length, updated: 0, unchanged: 0 };
    };
    const progress: { done: number; total?: number }[] = [];
    const result = await writeInBatches([...numbers(10)], upsert, {
      batchSize: 3,
      concurrency: 2,
      onProgress: ({ done, total }) => progress.push({ done, total }),
    });
    expect(most).toBe(2);
    expect(result).toMatchObject({ created: 10, batches: 4 });
    expect(progress[0]).toEqual({ done: 0, total: 10 });
    expect(progress.at(-1)).toEqual({ done: 10, total: 10 });
  });
});
