/**
 * Writes already-validated records to the store in batches, one upsert (one Neo4j transaction) per batch, so
 * a batch is written whole or not at all.
 *
 * When the store refuses a batch for a reason that retrying will not fix (anything but a retriable
 * AppError such as StoreUnavailableError), the batch is split in halves and each half written again, down to
 * the single record the store refuses; that record is returned in `refused` and the rest are written
 * (binary search: about 2·log2(batch) extra writes per bad record). Retriable errors stop the import: the
 * batches written so far stay, and rerunning the import finishes it (upserts are idempotent).
 */
import { AppError } from '../shared/errors.ts';
import type { UpsertSummary } from '../store/types.ts';

export const WRITE_DEFAULTS = {
  /** records per store transaction */
  batchSize: 1_000,
} as const;

export interface WriteOptions {
  batchSize?: number;
  /** called before the first batch and after every batch: records dealt with so far (written or refused), of `total` */
  onProgress?: (done: number, total: number) => void;
}

export interface WriteResult<T> extends UpsertSummary {
  refused: { item: T; reason: string }[];
  batches: number;
}

export async function writeInBatches<T>(
  items: readonly T[],
  upsert: (batch: readonly T[]) => Promise<UpsertSummary>,
  options: WriteOptions = {},
): Promise<WriteResult<T>> {
  const batchSize = options.batchSize ?? WRITE_DEFAULTS.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`imports/write-in-batches: batchSize must be a positive integer, got ${batchSize}`);
  const result: WriteResult<T> = { created: 0, updated: 0, unchanged: 0, refused: [], batches: 0 };

  const write = async (batch: readonly T[]): Promise<void> => {
    try {
      const summary = await upsert(batch);
      result.created += summary.created;
      result.updated += summary.updated;
      result.unchanged += summary.unchanged;
      result.batches++;
    } catch (error) {
      if (isRetriable(error)) throw error;
      if (batch.length === 1) {
        result.refused.push({ item: batch[0], reason: `the store refused it: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await write(batch.slice(0, half));
      await write(batch.slice(half));
    }
  };

  options.onProgress?.(0, items.length);
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    await write(batch);
    options.onProgress?.(start + batch.length, items.length);
  }
  return result;
}

function isRetriable(error: unknown): boolean {
  return error instanceof AppError && error.retriable;
}
